// Pieces of the report: a KPI card, a titled block, and the row of KPI cards of the totals.
import { Card, Paper, SimpleGrid, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import type { CampaignReport } from '../api/reports.ts';

export const n = (value: number) => value.toLocaleString('en');
export const pct = (part: number, whole: number) =>
  whole > 0 ? `${((part / whole) * 100).toFixed(1)} %` : '—';

export function Kpi({ label, value, hint }: { label: string; value: number; hint?: string }) {
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

export function Block({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-label={title}>
      <Title order={4} mb="sm">
        {title}
      </Title>
      {children}
    </Paper>
  );
}

export function Kpis({ report }: { report: CampaignReport }) {
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
