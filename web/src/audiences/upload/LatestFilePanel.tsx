// A file of this audience that is still loading, or that failed after the current one: shown on
// the audience's page so an upload can be left and returned to. When it finishes, the audience
// (its members, version and counts) is read again.
import { Paper, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { UploadAudience } from '../../api/audiences.ts';
import { listImports, type Import } from '../../api/imports.ts';
import { useSession } from '../../auth/session.ts';
import { ImportProgress, useImport } from '../../imports/ImportProgress.tsx';
import { isFinished } from '../../imports/ImportStatusBadge.tsx';

/** Worth showing: loading now, or stopped without replacing the members in place. */
function isPending(item: Import, audience: UploadAudience): boolean {
  if (item.id === audience.upload.importId) return false;
  if (!isFinished(item.status)) return true;
  const { uploadedAt } = audience.upload;
  return item.status !== 'completed' && (!uploadedAt || item.createdAt > uploadedAt);
}

export function LatestFilePanel({ audience }: { audience: UploadAudience }) {
  const { sandbox } = useSession();
  const queryClient = useQueryClient();
  // The newest imports of the sandbox hold this audience's latest file unless many came since.
  const latest = useQuery({
    queryKey: ['imports', sandbox, 'audience', audience.id],
    queryFn: async () =>
      (await listImports(undefined)).items.find((i) => i.audienceId === audience.id) ?? null,
  });
  const item = latest.data && isPending(latest.data, audience) ? latest.data : null;
  const running = useImport(item && !isFinished(item.status) ? item.id : undefined);
  const finished = running.data ? isFinished(running.data.status) : false;
  useEffect(() => {
    if (finished)
      void queryClient.invalidateQueries({ queryKey: ['audience', sandbox, audience.id] });
  }, [finished, queryClient, sandbox, audience.id]);

  if (!item) return null;
  return (
    <Paper withBorder radius="md" p="lg" component="section" aria-labelledby="latest-file-title">
      <Title order={3} size="h4" mb="sm" id="latest-file-title">
        Latest file
      </Title>
      <ImportProgress id={item.id} withResultLink={false} />
    </Paper>
  );
}
