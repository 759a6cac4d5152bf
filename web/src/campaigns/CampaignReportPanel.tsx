// The report of a campaign (or one of its runs): KPI cards, exclusions by reason, activity over
// time, treatments with the experiment's lift and confidence, clicks per link, and a CSV of it all.
import { BarChart, LineChart } from '@mantine/charts';
import '@mantine/charts/styles.css';
import {
  Badge,
  Button,
  Card,
  Center,
  Group,
  Loader,
  Paper,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { IconDownload, IconTrophy } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { scaleWinner, type Campaign } from '../api/campaigns.ts';
import {
  campaignReport,
  downloadCampaignReport,
  type CampaignReport,
  type ReportBucket,
  type ReportFilters,
} from '../api/reports.ts';
import { useSession } from '../auth/session.ts';
import { saveBlob } from '../ui/download.ts';
import { formatDateTime } from '../ui/format.ts';
import { notifyFailure, notifySuccess } from '../ui/notify.ts';
import { QueryError } from '../ui/QueryError.tsx';
import { campaignKey } from './labels.ts';

const n = (value: number) => value.toLocaleString('en');
const PERIODS = [
  { value: 'all', label: 'All time' },
  { value: '24', label: 'Last 24 hours' },
  { value: '168', label: 'Last 7 days' },
  { value: '720', label: 'Last 30 days' },
];
const pct = (part: number, whole: number) =>
  whole > 0 ? `${((part / whole) * 100).toFixed(1)} %` : '—';
const TICK = {
  hour: new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', hour: '2-digit' }),
  day: new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short' }),
};

function Kpi({ label, value, hint }: { label: string; value: number; hint?: string }) {
  return (
    <Card withBorder radius="md" p="sm" aria-label={label} role="group">
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text size="xl" fw={700} data-testid={`kpi-${label.toLowerCase().replace(/\W+/g, '-')}`}>
        {n(value)}
      </Text>
      {hint && (
        <Text size="xs" c="dimmed">
          {hint}
        </Text>
      )}
    </Card>
  );
}

function Block({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-label={title}>
      <Title order={4} mb="sm">
        {title}
      </Title>
      {children}
    </Paper>
  );
}

function Kpis({ report }: { report: CampaignReport }) {
  const t = report.totals;
  const bounces = t.bounces.hard + t.bounces.soft + t.bounces.ignored + t.bounces.admin;
  return (
    <SimpleGrid cols={{ base: 2, sm: 3, lg: 5 }} spacing="sm">
      <Kpi label="Targeted" value={t.targeted} />
      <Kpi label="Excluded" value={t.excluded} hint={pct(t.excluded, t.targeted)} />
      <Kpi
        label="Sent"
        value={t.sent}
        hint={t.pending > 0 ? `${n(t.pending)} pending` : undefined}
      />
      <Kpi label="Delivered" value={t.delivered} hint={pct(t.delivered, t.sent)} />
      <Kpi
        label="Bounces"
        value={bounces}
        hint={`${n(t.bounces.hard)} hard · ${n(t.bounces.soft)} soft`}
      />
      <Kpi label="Errors" value={t.errors} />
      <Kpi
        label="Unique opens"
        value={t.opens.unique}
        hint={`${n(t.opens.total)} in all · ${pct(t.opens.unique, t.sent)}`}
      />
      <Kpi
        label="Unique clicks"
        value={t.clicks.unique}
        hint={`${n(t.clicks.total)} in all · ${pct(t.clicks.unique, t.sent)}`}
      />
      <Kpi label="Unsubscribes" value={t.unsubscribes} />
      <Kpi label="Complaints" value={t.complaints} />
    </SimpleGrid>
  );
}

function Experiment({ campaign, report }: { campaign: Campaign; report: CampaignReport }) {
  const { can, sandbox } = useSession();
  const queryClient = useQueryClient();
  const scale = useMutation({
    mutationFn: (treatment: string) => scaleWinner(campaign.id, treatment),
    onSuccess: (saved, treatment) => {
      queryClient.setQueryData(campaignKey(sandbox, saved.id), saved);
      notifySuccess(`Later runs send only ${treatment}.`);
    },
    onError: (error) => notifyFailure('Could not scale the winner', error),
  });
  const experiment = report.experiment;
  const scaled = campaign.content?.mode === 'experiment' ? campaign.content.scaledTo : null;
  const rows = report.treatments;
  const names = new Map<string, string>(
    campaign.content?.mode === 'experiment'
      ? campaign.content.treatments.map((t) => [t.key, t.name])
      : campaign.content?.mode === 'rules'
        ? campaign.content.variants.map((v) => [v.key, v.name])
        : [],
  );
  const nameOf = (key: string) => names.get(key) ?? key;
  return (
    <Block title={report.experiment ? 'Treatments' : 'Variants'}>
      <Stack>
        {experiment && (
          <Group gap="sm">
            <Text size="sm">
              Metric: {experiment.metric === 'clicks' ? 'unique clicks' : 'unique opens'} per
              message sent.
            </Text>
            {experiment.winner ? (
              <Badge color="green" leftSection={<IconTrophy size={12} />}>
                Winner: {experiment.winner}
              </Badge>
            ) : (
              <Badge color="gray" variant="light">
                No significant winner yet
              </Badge>
            )}
            {scaled && <Badge variant="outline">Scaled to {scaled}</Badge>}
          </Group>
        )}
        <BarChart
          h={220}
          data={rows.map((row) => ({
            key: nameOf(row.key),
            'Open rate': Number((row.openRate * 100).toFixed(2)),
            'Click rate': Number((row.clickRate * 100).toFixed(2)),
          }))}
          dataKey="key"
          unit=" %"
          series={[
            { name: 'Open rate', color: 'blue.6' },
            { name: 'Click rate', color: 'teal.6' },
          ]}
          withLegend
        />
        <Table verticalSpacing="xs" aria-label="Treatments">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Treatment</Table.Th>
              <Table.Th ta="right">Sent</Table.Th>
              <Table.Th ta="right">Unique opens</Table.Th>
              <Table.Th ta="right">Unique clicks</Table.Th>
              <Table.Th ta="right">Conversion</Table.Th>
              <Table.Th ta="right">Lift</Table.Th>
              <Table.Th ta="right">Confidence</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((row) => {
              const result = experiment?.rows.find((item) => item.key === row.key);
              return (
                <Table.Tr key={row.key}>
                  <Table.Td>
                    {nameOf(row.key)}
                    {nameOf(row.key) !== row.key && (
                      <Text span size="xs" c="dimmed" ml={6}>
                        {row.key}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td ta="right">{n(row.sent)}</Table.Td>
                  <Table.Td ta="right">{n(row.uniqueOpens)}</Table.Td>
                  <Table.Td ta="right">{n(row.uniqueClicks)}</Table.Td>
                  <Table.Td ta="right">
                    {result ? `${(result.rate * 100).toFixed(1)} %` : '—'}
                  </Table.Td>
                  <Table.Td ta="right">
                    {result?.lift == null
                      ? result
                        ? 'control'
                        : '—'
                      : `${result.lift >= 0 ? '+' : ''}${(result.lift * 100).toFixed(1)} %`}
                  </Table.Td>
                  <Table.Td ta="right">
                    {result?.confidence == null ? '—' : `${(result.confidence * 100).toFixed(1)} %`}
                  </Table.Td>
                  <Table.Td ta="right">
                    {experiment && can('campaigns.write') && !scaled && row.key !== 'holdout' && (
                      <Button
                        size="compact-xs"
                        variant={experiment.winner === row.key ? 'filled' : 'default'}
                        loading={scale.isPending && scale.variables === row.key}
                        onClick={() => scale.mutate(row.key)}
                        aria-label={`Send only ${nameOf(row.key)} from now on`}
                      >
                        Scale
                      </Button>
                    )}
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Stack>
    </Block>
  );
}

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
      {data.treatments.length > 0 && <Experiment campaign={campaign} report={data} />}
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
