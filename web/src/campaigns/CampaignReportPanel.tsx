// The report of a campaign (or one of its runs): KPI cards, exclusions by reason, activity over
// time, treatments with the experiment's lift and confidence, clicks per link, and a CSV of it all.
import { BarChart, LineChart } from '@mantine/charts';
import '@mantine/charts/styles.css';
import {
  Button,
  Center,
  Group,
  Loader,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
} from '@mantine/core';
import { IconDownload } from '@tabler/icons-react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { Campaign } from '../api/campaigns.ts';
import {
  campaignReport,
  downloadCampaignReport,
  type ReportBucket,
  type ReportFilters,
} from '../api/reports.ts';
import { useSession } from '../auth/session.ts';
import { saveBlob } from '../ui/download.ts';
import { formatDateTime } from '../ui/format.ts';
import { notifyFailure } from '../ui/notify.ts';
import { QueryError } from '../ui/QueryError.tsx';
import { Block, Kpis, n, pct } from './ReportParts.tsx';
import { ReportTreatments } from './ReportTreatments.tsx';

const PERIODS = [
  { value: 'all', label: 'All time' },
  { value: '24', label: 'Last 24 hours' },
  { value: '168', label: 'Last 7 days' },
  { value: '720', label: 'Last 30 days' },
];
const TICK = {
  hour: new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', hour: '2-digit' }),
  day: new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short' }),
};

export default function CampaignReportPanel({ campaign }: { campaign: Campaign }) {
  const { sandbox } = useSession();
  const [period, setPeriod] = useState('all');
  const [filters, setFilters] = useState<ReportFilters>({
    executionId: null,
    from: null,
    to: null,
    bucket: 'hour',
  });
  const report = useQuery({
    queryKey: ['campaigns', sandbox, campaign.id, 'report', filters],
    queryFn: () => campaignReport(campaign.id, filters),
    refetchInterval: (query) => ((query.state.data?.totals.pending ?? 0) > 0 ? 5000 : false),
  });
  const download = useMutation({
    mutationFn: () => downloadCampaignReport(campaign.id, filters),
    onSuccess: ({ blob, fileName }) => saveBlob(blob, fileName ?? `${campaign.name}-report.csv`),
    onError: (error) => notifyFailure('Could not download the report', error),
  });
  if (report.isPending)
    return (
      <Center py="xl">
        <Loader aria-label="Loading the report" />
      </Center>
    );
  if (report.isError)
    return <QueryError error={report.error} onRetry={() => void report.refetch()} />;
  const data = report.data;
  const t = data.totals;
  const bucket = data.period.bucket;
  const bounceTotal = t.bounces.hard + t.bounces.soft + t.bounces.ignored + t.bounces.admin;
  const points = data.series.map((point) => ({
    ...point,
    time: TICK[bucket].format(new Date(point.at)),
  }));
  const activity = [
    { name: 'sent', label: 'Sent', color: 'blue.6' },
    { name: 'opens', label: 'Opens', color: 'teal.6' },
    { name: 'clicks', label: 'Clicks', color: 'grape.6' },
    { name: 'bounces', label: 'Bounces', color: 'orange.6' },
  ];

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end">
        <Group align="flex-end">
          <Select
            label="Run"
            placeholder="All runs"
            clearable
            w={260}
            data={data.executions.map((row) => ({
              value: row.id,
              label: `Run ${row.runNo ?? '—'} · ${formatDateTime(row.startsAt)}`,
            }))}
            value={filters.executionId}
            onChange={(executionId) => setFilters({ ...filters, executionId })}
          />
          <Select
            label="Period"
            w={170}
            data={PERIODS}
            value={period}
            allowDeselect={false}
            onChange={(value) => {
              const hours = Number(value);
              setPeriod(value ?? 'all');
              setFilters({
                ...filters,
                from: Number.isFinite(hours)
                  ? new Date(Date.now() - hours * 3_600_000).toISOString()
                  : null,
              });
            }}
          />
          <SegmentedControl
            aria-label="Buckets"
            value={filters.bucket}
            onChange={(value) =>
              setFilters({
                ...filters,
                bucket: value === 'day' ? 'day' : ('hour' satisfies ReportBucket),
              })
            }
            data={[
              { value: 'hour', label: 'By hour' },
              { value: 'day', label: 'By day' },
            ]}
          />
        </Group>
        <Button
          variant="default"
          leftSection={<IconDownload size={16} />}
          loading={download.isPending}
          onClick={() => download.mutate()}
        >
          Download CSV
        </Button>
      </Group>
      <Kpis report={data} />
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
        <Block title="Excluded by reason">
          {t.excludedByReason.length === 0 ? (
            <Text size="sm" c="dimmed">
              Nobody was excluded.
            </Text>
          ) : (
            <Table verticalSpacing={4} aria-label="Excluded by reason">
              <Table.Tbody>
                {t.excludedByReason.map((row) => (
                  <Table.Tr key={row.reason}>
                    <Table.Td>
                      <Text size="sm" ff="monospace">
                        {row.reason}
                      </Text>
                    </Table.Td>
                    <Table.Td ta="right">{n(row.count)}</Table.Td>
                    <Table.Td ta="right" c="dimmed">
                      {pct(row.count, t.excluded)}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </Block>
        <Block title="Bounces">
          {bounceTotal === 0 ? (
            <Text size="sm" c="dimmed">
              No bounces.
            </Text>
          ) : (
            <BarChart
              h={160}
              data={[
                { kind: 'Hard', count: t.bounces.hard },
                { kind: 'Soft', count: t.bounces.soft },
                { kind: 'Ignored', count: t.bounces.ignored },
                { kind: 'Admin', count: t.bounces.admin },
              ]}
              dataKey="kind"
              series={[{ name: 'count', label: 'Bounces', color: 'orange.6' }]}
            />
          )}
          {t.bounces.byReason.length > 0 && (
            <Table verticalSpacing={4} mt="sm" aria-label="Bounce reasons">
              <Table.Tbody>
                {t.bounces.byReason.map((row, index) => (
                  <Table.Tr key={index}>
                    <Table.Td>{row.kind}</Table.Td>
                    <Table.Td>{row.statusCode ?? ''}</Table.Td>
                    <Table.Td>
                      <Text size="xs">{row.diagnostic}</Text>
                    </Table.Td>
                    <Table.Td ta="right">{n(row.count)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </Block>
      </SimpleGrid>
      {/* A few buckets read best as bars, many as lines. */}
      <Block title="Activity over time">
        {data.series.length === 0 ? (
          <Text size="sm" c="dimmed">
            No activity yet.
          </Text>
        ) : points.length <= 12 ? (
          <BarChart h={260} data={points} dataKey="time" series={activity} withLegend />
        ) : (
          <LineChart
            h={260}
            data={points}
            dataKey="time"
            series={activity}
            withLegend
            curveType="monotone"
            withDots={points.length < 40}
          />
        )}
      </Block>
      {data.treatments.length > 0 && <ReportTreatments campaign={campaign} report={data} />}
      <Block title="Clicks per link">
        {t.clicks.perLink.length === 0 ? (
          <Text size="sm" c="dimmed">
            No clicks yet.
          </Text>
        ) : (
          <Table verticalSpacing={4} aria-label="Clicks per link">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Link</Table.Th>
                <Table.Th>URL</Table.Th>
                <Table.Th ta="right">Clicks</Table.Th>
                <Table.Th ta="right">Unique</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {t.clicks.perLink.map((row) => (
                <Table.Tr key={`${row.linkIndex ?? 'none'}`}>
                  <Table.Td>{row.linkIndex === null ? '—' : `#${row.linkIndex + 1}`}</Table.Td>
                  <Table.Td>
                    <Text size="sm" style={{ wordBreak: 'break-all' }}>
                      {row.url ?? 'Unknown'}
                    </Text>
                  </Table.Td>
                  <Table.Td ta="right">{n(row.total)}</Table.Td>
                  <Table.Td ta="right">{n(row.unique)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Block>
      {data.executions.length > 1 && (
        <Block title="Runs">
          <Table verticalSpacing={4} aria-label="Runs in the report">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Run</Table.Th>
                <Table.Th>Started</Table.Th>
                <Table.Th ta="right">Targeted</Table.Th>
                <Table.Th ta="right">Sent</Table.Th>
                <Table.Th ta="right">Excluded</Table.Th>
                <Table.Th ta="right">Unique opens</Table.Th>
                <Table.Th ta="right">Unique clicks</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {data.executions.map((row) => (
                <Table.Tr key={row.id}>
                  <Table.Td>{row.runNo ?? '—'}</Table.Td>
                  <Table.Td>{formatDateTime(row.startsAt)}</Table.Td>
                  <Table.Td ta="right">{n(row.targeted)}</Table.Td>
                  <Table.Td ta="right">{n(row.sent)}</Table.Td>
                  <Table.Td ta="right">{n(row.excluded)}</Table.Td>
                  <Table.Td ta="right">{n(row.uniqueOpens)}</Table.Td>
                  <Table.Td ta="right">{n(row.uniqueClicks)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Block>
      )}
    </Stack>
  );
}
