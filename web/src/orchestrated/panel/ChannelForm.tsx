// Email, SMS and push activities: which channel configuration sends, whether a one-shot run waits
// for a person to confirm the send, an optional rate, and the message in the content editors
// (worktable columns are there as {{target.<column>}}). Marketing sends may name a business rule
// set (frequency caps) and quiet hours, applied to live runs as a scheduled campaign's are.
import { Group, NumberInput, Select, Stack, Switch, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import type { ActivityConfig } from '../../../../src/orchestration/model.ts';
import type { MessageContent } from '../../api/campaigns.ts';
import { businessRuleSets, quietHours } from '../../api/governance.ts';
import { useSession } from '../../auth/session.ts';
import { MessageEditor } from '../../campaigns/wizard/MessageEditor.tsx';
import { NOT_CHOSEN } from '../defaults.ts';
import { errorAt, without, type FormProps } from './env.ts';

type ChannelKind = 'email' | 'sms' | 'push';
type ChannelConfig = ActivityConfig<ChannelKind>;

function contentFits(channel: ChannelKind, content: MessageContent): boolean {
  if (channel === 'email') return 'subject' in content;
  if (channel === 'push') return 'title' in content;
  return !('subject' in content) && !('title' in content);
}

export function ChannelForm<C extends ChannelConfig>({
  channel,
  config,
  onChange,
  errors,
  env,
}: FormProps<C> & { channel: ChannelKind }) {
  const configurations = env.configurations.filter((c) => c.channel === channel);
  const problems = Object.entries(errors)
    .filter(([path]) => path.startsWith('/content'))
    .map(([path, message]) => ({ path, message }));
  return (
    <Stack gap="sm">
      <Select
        label="Channel configuration"
        placeholder={configurations.length ? 'Choose one' : 'No configuration for this channel'}
        data={configurations.map((c) => ({
          value: c.id,
          label: c.status === 'active' ? c.name : `${c.name} (${c.status})`,
        }))}
        value={config.configurationId === NOT_CHOSEN ? null : config.configurationId}
        onChange={(id) => {
          const chosen = configurations.find((c) => c.id === id);
          if (!chosen) return;
          const next = { ...config, configurationId: chosen.id, category: chosen.category };
          // Transactional messages are never capped or held back.
          onChange(
            chosen.category === 'marketing'
              ? next
              : withControl(withControl(next, 'businessRuleSetId', null), 'quietHoursId', null),
          );
        }}
        error={errorAt(errors, '/configurationId')}
        comboboxProps={{ withinPortal: true }}
        required
      />
      <Group gap="md" align="flex-end">
        <Switch
          label="Confirm before sending"
          description="A one-shot run waits for someone to confirm the send"
          checked={config.confirmSending}
          onChange={(e) => onChange({ ...config, confirmSending: e.currentTarget.checked })}
        />
        <NumberInput
          label="Messages per second"
          placeholder="Default"
          min={1}
          max={2000}
          w={170}
          value={config.ratePerSecond ?? ''}
          onChange={(value) => {
            const rest = without(config, 'ratePerSecond');
            onChange(
              typeof value === 'number' ? ({ ...rest, ratePerSecond: value } as C) : (rest as C),
            );
          }}
          error={errorAt(errors, '/ratePerSecond')}
        />
      </Group>
      {config.category === 'marketing' && (
        <ControlSelects config={config} onChange={onChange} errors={errors} />
      )}
      <Text size="xs" c="dimmed">
        Columns of the incoming population are available in the content as{' '}
        <code>{'{{target.<column>}}'}</code>.
      </Text>
      <MessageEditor
        channel={channel}
        content={config.content}
        label="Message"
        problems={problems}
        onChange={(content) => {
          if (contentFits(channel, content)) onChange({ ...config, content });
        }}
      />
    </Stack>
  );
}

const ACTIVE = { status: 'active' as const, q: '' };

type ControlField = 'businessRuleSetId' | 'quietHoursId';

/** A copy with the control set, or left out when `id` is null. */
function withControl<C extends ChannelConfig>(
  config: C,
  field: ControlField,
  id: string | null,
): C {
  const next: ChannelConfig = { ...config };
  if (id) next[field] = id;
  else delete next[field];
  return next as C;
}

/** The active objects, and the chosen one when it is not among them (validation says why). */
function choices(items: readonly { id: string; name: string }[] | undefined, chosen?: string) {
  const data = (items ?? []).map((item) => ({ value: item.id, label: item.name }));
  return chosen && !data.some((d) => d.value === chosen)
    ? [...data, { value: chosen, label: 'Not active (or deleted)' }]
    : data;
}

/** The business rule set and quiet hours of a marketing send, both optional (active ones listed). */
function ControlSelects<C extends ChannelConfig>({
  config,
  onChange,
  errors,
}: Pick<FormProps<C>, 'config' | 'onChange' | 'errors'>) {
  const { sandbox } = useSession();
  const ruleSets = useQuery({
    queryKey: ['business-rule-sets', sandbox, 'list', ACTIVE],
    queryFn: () => businessRuleSets.list(ACTIVE, undefined),
  });
  const quiet = useQuery({
    queryKey: ['quiet-hours', sandbox, 'list', ACTIVE],
    queryFn: () => quietHours.list(ACTIVE, undefined),
  });
  const choose = (field: ControlField, id: string | null) =>
    onChange(withControl(config, field, id));
  return (
    <Group gap="md" grow align="flex-start">
      <Select
        label="Business rules"
        description="Frequency caps of live sends"
        placeholder="No frequency caps"
        clearable
        data={choices(ruleSets.data?.items, config.businessRuleSetId)}
        value={config.businessRuleSetId ?? null}
        onChange={(id) => choose('businessRuleSetId', id)}
        error={errorAt(errors, '/businessRuleSetId')}
        comboboxProps={{ withinPortal: true }}
      />
      <Select
        label="Quiet hours"
        description="Held back or dropped inside them"
        placeholder="No quiet hours"
        clearable
        data={choices(quiet.data?.items, config.quietHoursId)}
        value={config.quietHoursId ?? null}
        onChange={(id) => choose('quietHoursId', id)}
        error={errorAt(errors, '/quietHoursId')}
        comboboxProps={{ withinPortal: true }}
      />
    </Group>
  );
}
