// Per treatment (or targeted variant): rates as bars, and the experiment's conversion, lift and
// confidence against the control, with a way to send only one treatment from then on.
import { BarChart } from '@mantine/charts';
import { Badge, Button, Group, Stack, Table, Text } from '@mantine/core';
import { IconTrophy } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { scaleWinner, type Campaign } from '../api/campaigns.ts';
import type { CampaignReport } from '../api/reports.ts';
import { useSession } from '../auth/session.ts';
import { notifyFailure, notifySuccess } from '../ui/notify.ts';
import { campaignKey } from './labels.ts';
import { Block, n } from './ReportParts.tsx';

export function ReportTreatments({
  campaign,
  report,
}: {
  campaign: Campaign;
  report: CampaignReport;
}) {
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
