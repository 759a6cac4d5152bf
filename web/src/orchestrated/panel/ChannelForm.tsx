// Email, SMS and push activities: which channel configuration sends, whether a one-shot run waits
// for a person to confirm the send, an optional rate, and the message in the content editors
// (worktable columns are there as {{target.<column>}}).
import { Group, NumberInput, Select, Stack, Switch, Text } from '@mantine/core';
import type { ActivityConfig } from '../../../../src/orchestration/model.ts';
import type { MessageContent } from '../../api/campaigns.ts';
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
          if (chosen)
            onChange({ ...config, configurationId: chosen.id, category: chosen.category });
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
