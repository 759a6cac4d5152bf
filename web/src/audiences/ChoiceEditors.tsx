// Conditions that are one or two choices: consent on a channel, membership of a subscription
// list, membership of another saved audience.
import { Group, Select } from '@mantine/core';
import type { Audience, SubscriptionList } from '../api/audiences.ts';
import type { FieldErrors } from '../api/forms.ts';
import type { AudienceRefDraft, ConsentDraft, SubscriptionDraft } from './draft.ts';
import { CHANNEL_LABELS, STATUS_LABELS, options } from './labels.ts';
import { messageAt } from './problems.ts';

const CHANNELS = ['email', 'sms', 'push'] as const;
const STATUSES = ['y', 'n', 'unknown'] as const;

export function ConsentEditor({
  node,
  path,
  errors,
  onChange,
}: {
  node: ConsentDraft;
  path: string;
  errors: FieldErrors;
  onChange: (node: ConsentDraft) => void;
}) {
  return (
    <Group gap="sm" align="flex-start">
      <Select
        label="Channel"
        data={options(CHANNEL_LABELS)}
        value={node.channel}
        allowDeselect={false}
        onChange={(value) => {
          const channel = CHANNELS.find((c) => c === value);
          if (channel) onChange({ ...node, channel });
        }}
        error={messageAt(errors, `${path}/channel`)}
        w={140}
        comboboxProps={{ withinPortal: true }}
      />
      <Select
        label="Consent status"
        data={options(STATUS_LABELS)}
        value={node.status}
        allowDeselect={false}
        onChange={(value) => {
          const status = STATUSES.find((s) => s === value);
          if (status) onChange({ ...node, status });
        }}
        error={messageAt(errors, `${path}/status`)}
        w={170}
        comboboxProps={{ withinPortal: true }}
      />
    </Group>
  );
}

export function SubscriptionEditor({
  node,
  path,
  errors,
  lists,
  onChange,
}: {
  node: SubscriptionDraft;
  path: string;
  errors: FieldErrors;
  lists: readonly SubscriptionList[];
  onChange: (node: SubscriptionDraft) => void;
}) {
  const data = lists.map((l) => ({ value: l.id, label: `${l.name} (${l.members} members)` }));
  if (node.listId && !lists.some((l) => l.id === node.listId))
    data.push({ value: node.listId, label: `Unknown list ${node.listId}` });
  return (
    <Select
      label="Subscription list"
      placeholder={lists.length ? 'Choose a list' : 'There are no subscription lists'}
      data={data}
      value={node.listId || null}
      onChange={(value) => onChange({ ...node, listId: value ?? '' })}
      error={messageAt(errors, `${path}/listId`)}
      searchable
      w={320}
      comboboxProps={{ withinPortal: true }}
    />
  );
}

export function AudienceRefEditor({
  node,
  path,
  errors,
  audiences,
  selfId,
  onChange,
}: {
  node: AudienceRefDraft;
  path: string;
  errors: FieldErrors;
  audiences: readonly Audience[];
  /** The audience being edited, which cannot contain itself. */
  selfId: string | undefined;
  onChange: (node: AudienceRefDraft) => void;
}) {
  const data = audiences
    .filter((a) => a.id !== selfId)
    .map((a) => ({ value: a.id, label: a.name }));
  if (node.audienceId && !data.some((d) => d.value === node.audienceId))
    data.push({ value: node.audienceId, label: `Unknown audience ${node.audienceId}` });
  return (
    <Select
      label="Members of audience"
      placeholder={data.length ? 'Choose an audience' : 'There are no other audiences yet'}
      data={data}
      value={node.audienceId || null}
      onChange={(value) => onChange({ ...node, audienceId: value ?? '' })}
      error={messageAt(errors, `${path}/audienceId`)}
      searchable
      w={320}
      comboboxProps={{ withinPortal: true }}
    />
  );
}
