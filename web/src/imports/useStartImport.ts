// Starting an import: create it, then send the file without waiting for the answer (it comes
// only when the import has finished); progress is followed by polling the import meanwhile.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { createImport, sendImportFile, type Import, type ImportCreate } from '../api/imports.ts';
import { useSession } from '../auth/session.ts';
import { notifyFailure } from '../ui/notify.ts';

export const importKey = (sandbox: string, id: string) => ['import', sandbox, id] as const;

export function useStartImport() {
  const { sandbox } = useSession();
  const queryClient = useQueryClient();
  const [sendError, setSendError] = useState<unknown>(null);

  const settle = async (item: Import | null, id: string) => {
    if (item) queryClient.setQueryData(importKey(sandbox, id), item);
    else await queryClient.invalidateQueries({ queryKey: importKey(sandbox, id) });
    await queryClient.invalidateQueries({ queryKey: ['imports'] });
    await queryClient.invalidateQueries({ queryKey: ['profiles'] });
    await queryClient.invalidateQueries({ queryKey: ['datasets'] });
    await queryClient.invalidateQueries({ queryKey: ['dataset'] });
    await queryClient.invalidateQueries({ queryKey: ['dataset-rows'] });
  };

  const start = useMutation({
    mutationFn: (input: { file: File; body: ImportCreate }) => createImport(input.body),
    onSuccess: (created, { file, body }) => {
      setSendError(null);
      queryClient.setQueryData(importKey(sandbox, created.id), created);
      void queryClient.invalidateQueries({ queryKey: ['imports'] });
      void sendImportFile(created.id, file, body.format).then(
        (finished) => settle(finished, created.id),
        (error: unknown) => {
          setSendError(error);
          notifyFailure(`Sending ${file.name} failed`, error);
          return settle(null, created.id);
        },
      );
    },
    onError: (error) => notifyFailure('Could not start the import', error),
  });

  const reset = () => {
    start.reset();
    setSendError(null);
  };
  return { start, sendError, reset };
}
