// Frozen member lists of an audience (kept 30 days), newest first, and taking a new one.
import { Button, Group, Paper, Table, Text, Title } from '@mantine/core';
import { IconCamera } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { listSnapshots, takeSnapshot } from '../api/audiences.ts';
import { useSession } from '../auth/session.ts';
import { formatDateTime } from '../ui/format.ts';
import { notifyFailure, notifySuccess } from '../ui/notify.ts';
import { QueryError } from '../ui/QueryError.tsx';
import { profilesText } from './LivePanel.tsx';

export function SnapshotsPanel({ audienceId }: { audienceId: string }) {
  const { can, sandbox } = useSession();
  const queryClient = useQueryClient();
  const key = ['audience-snapshots', sandbox, audienceId];
  const snapshots = useQuery({ queryKey: key, queryFn: () => listSnapshots(audienceId) });
  const take = useMutation({
    mutationFn: () => takeSnapshot(audienceId),
    onSuccess: async (snapshot) => {
      await queryClient.invalidateQueries({ queryKey: key });
      notifySuccess(`Snapshot taken: ${profilesText(snapshot.members)}.`);
    },
    onError: (error) => notifyFailure('Could not take a snapshot', error),
  });
  const items = snapshots.data?.items ?? [];
  return (
    <Paper withBorder radius="md" p="lg" component="section" aria-labelledby="snapshots-title">
      <Group justify="space-between" mb="xs">
        <Title order={3} size="h4" id="snapshots-title">
          Snapshots
        </Title>
        {can('audiences.write') && (
          <Button
            size="xs"
            variant="light"
            leftSection={<IconCamera size={14} />}
            loading={take.isPending}
            onClick={() => take.mutate()}
          >
            Take snapshot
          </Button>
        )}
      </Group>
      <Text size="sm" c="dimmed" mb="sm">
        A snapshot freezes who is a member right now; campaigns can send to it later. Snapshots are
        kept for 30 days.
      </Text>
      {snapshots.isError ? (
        <QueryError error={snapshots.error} onRetry={() => void snapshots.refetch()} />
      ) : snapshots.isPending ? null : items.length === 0 ? (
        <Text size="sm" c="dimmed">
          No snapshots yet.
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={480}>
          <Table verticalSpacing={6} fz="sm" aria-label="Snapshots">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Taken</Table.Th>
                <Table.Th ta="right">Members</Table.Th>
                <Table.Th>By</Table.Th>
                <Table.Th>Expires</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((snapshot) => (
                <Table.Tr key={snapshot.id}>
                  <Table.Td>{formatDateTime(snapshot.createdAt)}</Table.Td>
                  <Table.Td ta="right">
                    {snapshot.members.toLocaleString()}
                    <Text size="xs" c="dimmed">
                      in {snapshot.tookMs} ms
                    </Text>
                  </Table.Td>
                  <Table.Td>{snapshot.createdBy}</Table.Td>
                  <Table.Td>{formatDateTime(snapshot.expiresAt)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Paper>
  );
}
