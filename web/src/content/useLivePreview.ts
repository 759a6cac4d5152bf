// The preview of what is being edited, asked again a moment after each change; the last good
// preview stays on screen while a newer one loads or while the content has problems.
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useMemo, useRef } from 'react';
import { previewContent, problemsOf, type PreviewResult } from '../api/content.ts';
import type { PreviewRequest } from '../../../src/content/model.ts';
import { useSession } from '../auth/session.ts';

export function useLivePreview(request: PreviewRequest | null) {
  const { sandbox } = useSession();
  // Compared as text: a new object with the same content is the same preview.
  const [key] = useDebouncedValue(request === null ? '' : JSON.stringify(request), 400);
  const debounced = useMemo(() => (key === '' ? null : (JSON.parse(key) as PreviewRequest)), [key]);
  const query = useQuery({
    queryKey: ['content-preview', sandbox, debounced],
    queryFn: () =>
      debounced ? previewContent(debounced) : Promise.reject(new Error('nothing to preview')),
    enabled: debounced !== null,
    placeholderData: keepPreviousData,
    retry: false,
    staleTime: 60_000,
  });
  const lastGood = useRef<PreviewResult | undefined>(undefined);
  if (query.data && !query.isError) lastGood.current = query.data;
  return {
    result: query.isError ? lastGood.current : query.data,
    problems: problemsOf(query.error),
    error: query.error,
    loading: query.isFetching,
  };
}
