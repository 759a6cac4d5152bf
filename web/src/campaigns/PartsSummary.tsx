// The parts of a campaign in words: properties, action, content, audience, schedule, governance.
import { Anchor, Badge, Group, Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { getAudience } from '../api/audiences.ts';
import type { Campaign, CampaignContent, CampaignSchedule } from '../api/campaigns.ts';
import { getConfiguration } from '../api/channels.ts';
import { businessRuleSets, quietHours } from '../api/governance.ts';
import { useSession } from '../auth/session.ts';
import { CATEGORY_LABELS, CHANNEL_LABELS } from '../channels/labels.ts';
import { DAY_SHORT, WEEK_ORDER } from '../governance/labels.ts';
import { formatDateTime } from '../ui/format.ts';

function contentSummary(content: CampaignContent): string {
  switch (content.mode) {
    case 'single':
      return 'One message for everyone';
    case 'rules':
      return `${content.variants.length} targeted ${content.variants.length === 1 ? 'variant' : 'variants'}${content.fallback ? ' and a fallback' : ', no fallback'}`;
    case 'experiment':
      return `Experiment: ${content.treatments
        .map((t) => `${t.name} ${t.split} %`)
        .join(', ')} · holdout ${content.holdoutPercent} % · by ${content.metric}${
        content.scaledTo ? ` · scaled to ${content.scaledTo}` : ''
      }`;
  }
}

export function scheduleSummary(schedule: CampaignSchedule): string {
  const start =
    schedule.start === 'manual'
      ? 'Starts when activated'
      : `Starts ${formatDateTime(schedule.startAt ?? null)}`;
  const r = schedule.recurrence;
  const at = schedule.time ? ` at ${schedule.time}` : '';
  const repeat =
    r.frequency === 'once'
      ? 'once'
      : r.frequency === 'daily'
        ? `daily${at}`
        : r.frequency === 'weekly'
          ? `weekly on ${WEEK_ORDER.filter((d) => r.days.includes(d))
              .map((d) => DAY_SHORT[d])
              .join(', ')}${at}`
          : `monthly on day ${r.day}${at}`;
  const parts = [start, repeat, schedule.timeZone];
  if (schedule.localTime) parts.push("each profile's local time");
  if (schedule.endAt) parts.push(`until ${formatDateTime(schedule.endAt)}`);
  if (schedule.ratePerSecond) parts.push(`${schedule.ratePerSecond} msg/s`);
  if (schedule.waves) parts.push(`in waves (${schedule.waves.mode})`);
  return parts.join(' · ');
}

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Table.Tr>
      <Table.Th w={160} style={{ verticalAlign: 'top' }}>
        {label}
      </Table.Th>
      <Table.Td>{children}</Table.Td>
    </Table.Tr>
  );
}

const missing = (
  <Text size="sm" c="dimmed">
    Not set
  </Text>
);

export function PartsSummary({ campaign }: { campaign: Campaign }) {
  const { sandbox } = useSession();
  const configurationId = campaign.action?.configurationId;
  const audienceId = campaign.audience?.audienceId;
  const ruleSetId = campaign.controls.businessRuleSetId;
  const quietId = campaign.controls.quietHoursId;
  const configuration = useQuery({
    queryKey: ['channel-configurations', sandbox, configurationId],
    queryFn: () => getConfiguration(configurationId ?? ''),
    enabled: Boolean(configurationId),
  });
  const audience = useQuery({
    queryKey: ['audiences', sandbox, audienceId],
    queryFn: () => getAudience(audienceId ?? ''),
    enabled: Boolean(audienceId),
  });
  const ruleSet = useQuery({
    queryKey: ['business-rule-sets', sandbox, ruleSetId],
    queryFn: () => businessRuleSets.get(ruleSetId ?? ''),
    enabled: Boolean(ruleSetId),
  });
  const quiet = useQuery({
    queryKey: ['quiet-hours', sandbox, quietId],
    queryFn: () => quietHours.get(quietId ?? ''),
    enabled: Boolean(quietId),
  });
  return (
    <Table variant="vertical" layout="fixed" withTableBorder={false} aria-label="Campaign parts">
      <Table.Tbody>
        <Row label="Properties">
          <Text size="sm">
            {CATEGORY_LABELS[campaign.category]} · {campaign.name}
          </Text>
          {campaign.description && (
            <Text size="sm" c="dimmed">
              {campaign.description}
            </Text>
          )}
          {campaign.tags.length > 0 && (
            <Group gap={4} mt={4}>
              {campaign.tags.map((tag) => (
                <Badge key={tag} size="sm" variant="outline" color="gray">
                  {tag}
                </Badge>
              ))}
            </Group>
          )}
        </Row>
        <Row label="Action">
          {campaign.action ? (
            <Text size="sm">
              {CHANNEL_LABELS[campaign.action.channel]} through{' '}
              <Anchor
                component={Link}
                to={`/channels/configurations/${campaign.action.configurationId}`}
                size="sm"
              >
                {configuration.data?.name ?? 'its configuration'}
              </Anchor>
            </Text>
          ) : (
            missing
          )}
        </Row>
        <Row label="Content">
          {campaign.content ? <Text size="sm">{contentSummary(campaign.content)}</Text> : missing}
        </Row>
        <Row label="Audience">
          {campaign.audience ? (
            <Text size="sm">
              <Anchor component={Link} to={`/audiences/${campaign.audience.audienceId}`} size="sm">
                {audience.data?.name ?? 'The audience'}
              </Anchor>{' '}
              · by {campaign.audience.namespace}
            </Text>
          ) : (
            missing
          )}
        </Row>
        <Row label="Schedule">
          {campaign.schedule ? (
            <Text size="sm">{scheduleSummary(campaign.schedule)}</Text>
          ) : (
            missing
          )}
        </Row>
        {campaign.category === 'marketing' && (
          <Row label="Governance">
            <Text size="sm">
              {ruleSetId ? `Business rules: ${ruleSet.data?.name ?? '…'}` : 'No business rules'} ·{' '}
              {quietId ? `Quiet hours: ${quiet.data?.name ?? '…'}` : 'No quiet hours'}
            </Text>
          </Row>
        )}
      </Table.Tbody>
    </Table>
  );
}
