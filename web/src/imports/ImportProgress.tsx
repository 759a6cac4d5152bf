// Live progress of one import (polled every half second until it finishes), then its result.
import { Alert, Anchor, Group, Paper, Progress, SimpleGrid, Stack, Text } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { assertNever } from '../../../src/platform/assert.ts';
import { getImport, type Import } from '../api/imports.ts';
import { messageOf } from '../api/client.ts';
import { useSession } from '../auth/session.ts';
import { QueryError } from '../ui/QueryError.tsx';
import { formatBytes } from './csvHeader.ts';
import { ImportStatusBadge, isFinished } from './ImportStatusBadge.tsx';
import { importKey } from './useFileImport.ts';
import { RejectionsButton } from './RejectionsButton.tsx';

const NUMBER = new Intl.NumberFormat();

export function percentOf(item: Import): number | null {
  if (item.status === 'completed') return 100;
  if (!item.bytesTotal) return null;
  return Math.min(100, Math.floor((item.bytesRead / item.bytesTotal) * 100));
}

function Count({ label, value, color }: { label: string; value: number; color?: string }) {
  return (
    <div>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text size="xl" fw={700} c={color} data-testid={`count-${label.toLowerCase()}`}>
        {NUMBER.format(value)}
      </Text>
    </div>
  );
}

function resultLink(item: Import): { to: string; label: string } | null {
  switch (item.kind) {
    case 'profiles':
      return { to: '/profiles', label: 'Show the imported profiles' };
    case 'dataset':
      return item.dataset
        ? { to: `/admin/datasets/${item.dataset}`, label: `Open the dataset ${item.dataset}` }
        : null;
    case 'audience':
      return item.audienceId
        ? { to: `/audiences/${item.audienceId}`, label: 'Open the audience' }
        : null;
    default:
      return assertNever(item.kind);
  }
}

/** One import, polled every half second until it has finished. */
export function useImport(id: string | undefined) {
  const { sandbox } = useSession();
  return useQuery({
    queryKey: importKey(sandbox, id ?? ''),
    queryFn: () => getImport(id ?? ''),
    refetchInterval: (q) => (q.state.data && isFinished(q.state.data.status) ? false : 500),
    staleTime: 0,
    enabled: id !== undefined,
  });
}

export function ImportProgress({
  id,
  sendError,
  withResultLink = true,
}: {
  id: string;
  sendError?: unknown;
  /** Off where the page is already the result (an audience's page showing its new file). */
  withResultLink?: boolean;
}) {
  const query = useImport(id);
  if (query.isError) return <QueryError error={query.error} onRetry={() => void query.refetch()} />;
  if (query.isPending) return <Text size="sm">Loading the import…</Text>;
  const item = query.data;
  const percent = percentOf(item);
  const finished = isFinished(item.status);
  const link = withResultLink ? resultLink(item) : null;

  return (
    <Paper withBorder radius="md" p="lg" aria-label="Import progress" component="section">
      <Stack gap="md">
        <Group justify="space-between">
          <Text fw={600}>{item.fileName}</Text>
          <ImportStatusBadge status={item.status} />
        </Group>
        <div>
          <Progress
            value={percent ?? 0}
            size="lg"
            animated={!finished && percent !== null}
            striped={!finished}
            // The last step is drawn at once: a finished import shows a full bar.
            transitionDuration={finished ? 0 : undefined}
            color={
              item.status === 'failed' ? 'red' : item.status === 'completed' ? 'green' : 'blue'
            }
            aria-label="Bytes read"
          />
          <Text size="sm" c="dimmed" mt={6} aria-live="polite">
            {percent !== null ? `${percent}% · ` : finished ? '' : 'Waiting for the file · '}
            {formatBytes(item.bytesRead)}
            {item.bytesTotal !== null ? ` of ${formatBytes(item.bytesTotal)}` : ''} read
          </Text>
        </div>
        <SimpleGrid cols={3} maw={520}>
          <Count label="Lines read" value={item.rowsRead} />
          <Count label="Accepted" value={item.rowsAccepted} color="green.8" />
          <Count
            label="Rejected"
            value={item.rowsRejected}
            color={item.rowsRejected ? 'red.8' : undefined}
          />
        </SimpleGrid>
        {sendError !== null && sendError !== undefined && !finished && (
          <Alert color="red" icon={<IconAlertTriangle />} title="The file could not be sent">
            {messageOf(sendError)}
          </Alert>
        )}
        {item.error && (
          <Alert color="red" icon={<IconAlertTriangle />} title="The import stopped">
            {item.error}
          </Alert>
        )}
        {finished && (
          <Stack gap="xs">
            <Text size="sm" role="status">
              {item.status === 'completed' ? 'Finished' : 'Stopped'}:{' '}
              <b>{NUMBER.format(item.rowsAccepted)} accepted</b>,{' '}
              <b>{NUMBER.format(item.rowsRejected)} rejected</b>.
            </Text>
            <Group gap="sm">
              {item.rowsRejected > 0 && <RejectionsButton item={item} variant="light" />}
              {link && (
                <Anchor component={Link} to={link.to} size="sm">
                  {link.label}
                </Anchor>
              )}
            </Group>
          </Stack>
        )}
      </Stack>
    </Paper>
  );
}
