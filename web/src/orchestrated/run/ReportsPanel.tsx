// The campaign's reports per channel activity and run: targeted, sent, delivered, bounces,
// opens, clicks, unsubscribes. Where the server has no report yet, the run's task counts show
// how many rows each channel activity had.
import { Badge, Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useSession } from '../../auth/session.ts';
import { listChannelReports, type RunWithTasks } from '../api.ts';

const CHANNEL_KINDS = new Set(['email', 'sms', 'push']);

export function ReportsPanel({
  campaignId,
  run,
  labels,
}: {
  campaignId: string;
  run: RunWithTasks | undefined;
  labels: ReadonlyMap<string, string>;
}) {
  const { sandbox } = useSession();
  const reports = useQuery({
    queryKey: ['orchestrated', sandbox, 'campaign', campaignId, 'reports', run?.id ?? 'none'],
    queryFn: () => listChannelReports(campaignId),
    retry: false,
  });
  if (reports.data && reports.data.items.length > 0)
    return (
      <Table verticalSpacing={4} aria-label="Channel reports">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Run</Table.Th>
            <Table.Th>Activity</Table.Th>
            <Table.Th>Status</Table.Th>
            <Table.Th>Targeted</Table.Th>
            <Table.Th>Excluded</Table.Th>
            <Table.Th>Sent</Table.Th>
            <Table.Th>Delivered</Table.Th>
            <Table.Th>Bounces</Table.Th>
            <Table.Th>Opens</Table.Th>
            <Table.Th>Clicks</Table.Th>
            <Table.Th>Unsubscribes</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {reports.data.items.map((r) => (
            <Table.Tr key={`${r.runId}-${r.activityId}`}>
              <Table.Td>
                {r.runNo}{' '}
                <Badge size="xs" variant="light" color={r.mode === 'test' ? 'gray' : 'green'}>
                  {r.mode}
                </Badge>
              </Table.Td>
              <Table.Td>{labels.get(r.activityId) ?? r.activityId}</Table.Td>
              <Table.Td>{r.status}</Table.Td>
              <Table.Td>{r.totals.targeted}</Table.Td>
              <Table.Td>{r.totals.excluded}</Table.Td>
              <Table.Td>{r.totals.sent}</Table.Td>
              <Table.Td>{r.totals.delivered}</Table.Td>
              <Table.Td>{r.totals.bounces.hard + r.totals.bounces.soft}</Table.Td>
              <Table.Td>{r.totals.opens.unique}</Table.Td>
              <Table.Td>{r.totals.clicks.unique}</Table.Td>
              <Table.Td>{r.totals.unsubscribes}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    );
  const channelTasks = (run?.tasks ?? []).filter((t) => CHANNEL_KINDS.has(t.kind));
  return (
    <>
      <Text size="sm" c="dimmed" mb="xs">
        {reports.isError
          ? 'Delivery reports are not available from the server; the counts below come from the latest run.'
          : 'No channel activity has sent yet; the counts below come from the latest run.'}
      </Text>
      {channelTasks.length === 0 ? (
        <Text size="sm" c="dimmed">
          No channel activity in the latest run.
        </Text>
      ) : (
        <Table verticalSpacing={4} aria-label="Channel activities of the run">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Activity</Table.Th>
              <Table.Th>Status</Table.Th>
              <Table.Th>Rows</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {channelTasks.map((t) => (
              <Table.Tr key={t.activityId}>
                <Table.Td>{labels.get(t.activityId) ?? t.activityId}</Table.Td>
                <Table.Td>{t.status}</Table.Td>
                <Table.Td>{t.counts.out ?? '—'}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </>
  );
}
