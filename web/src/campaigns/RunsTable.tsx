// The runs of a campaign with their progress; refreshed every 2 seconds while one is sending.
import { Badge, Center, Group, Loader, Progress, Table, Text, Tooltip } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { listRuns, type Campaign, type CampaignRun } from '../api/campaigns.ts';
import { useSession } from '../auth/session.ts';
import { formatDateTime } from '../ui/format.ts';
import { QueryError } from '../ui/QueryError.tsx';
import { RUN_LOOK } from './labels.ts';

const n = (value: number) => value.toLocaleString('en');

function RunProgress({ run }: { run: CampaignRun }) {
  const total = Math.max(run.recipients, 1);
  const part = (value: number) => (value / total) * 100;
  const done = run.sent + run.failed + run.excluded;
  return (
    <Tooltip
      label={`${n(run.sent)} sent · ${n(run.failed)} failed · ${n(run.excluded)} excluded · ${n(run.pending)} pending`}
      withArrow
    >
      <div>
        <Progress.Root size="lg" aria-label={`Run ${run.runNo} progress`}>
          <Progress.Section value={part(run.sent)} color="teal" />
          <Progress.Section value={part(run.failed)} color="red" />
          <Progress.Section value={part(run.excluded)} color="gray" />
        </Progress.Root>
        <Text size="xs" c="dimmed" mt={2}>
          {run.recipients === 0 ? 'No recipients yet' : `${n(done)} of ${n(run.recipients)} done`}
        </Text>
      </div>
    </Tooltip>
  );
}

export function RunsTable({ campaign }: { campaign: Campaign }) {
  const { sandbox } = useSession();
  const runs = useQuery({
    queryKey: ['campaigns', sandbox, campaign.id, 'runs'],
    queryFn: () => listRuns(campaign.id),
    refetchInterval: (query) =>
      query.state.data?.items.some((run) => run.status === 'sending' || run.status === 'scheduled')
        ? 2000
        : false,
  });
  if (runs.isPending)
    return (
      <Center py="md">
        <Loader aria-label="Loading runs" />
      </Center>
    );
  if (runs.isError) return <QueryError error={runs.error} onRetry={() => void runs.refetch()} />;
  if (runs.data.items.length === 0)
    return (
      <Text size="sm" c="dimmed">
        {campaign.status === 'draft' || campaign.status === 'inReview'
          ? 'No runs yet: they are planned when the campaign is activated.'
          : 'No runs.'}
      </Text>
    );
  return (
    <Table verticalSpacing="sm" aria-label="Runs">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Run</Table.Th>
          <Table.Th>Due</Table.Th>
          <Table.Th>Status</Table.Th>
          <Table.Th w="35%">Progress</Table.Th>
          <Table.Th ta="right">Recipients</Table.Th>
          <Table.Th ta="right">Sent</Table.Th>
          <Table.Th ta="right">Excluded</Table.Th>
          <Table.Th ta="right">Failed</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {runs.data.items.map((run) => (
          <Table.Tr key={run.runNo} data-run-status={run.status}>
            <Table.Td>{run.runNo}</Table.Td>
            <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(run.dueAt)}</Table.Td>
            <Table.Td>
              <Group gap={4}>
                <Badge variant="light" color={RUN_LOOK[run.status].color}>
                  {RUN_LOOK[run.status].label}
                </Badge>
              </Group>
              {run.error && (
                <Text size="xs" c="red">
                  {run.error}
                </Text>
              )}
            </Table.Td>
            <Table.Td>
              <RunProgress run={run} />
            </Table.Td>
            <Table.Td ta="right">{n(run.recipients)}</Table.Td>
            <Table.Td ta="right">{n(run.sent)}</Table.Td>
            <Table.Td ta="right">{n(run.excluded)}</Table.Td>
            <Table.Td ta="right">{n(run.failed)}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
