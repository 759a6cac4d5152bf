// One condition as a card: its kind, its number in the tree, the editor of its kind, a remove
// button, and the messages about it that none of its fields shows.
import { ActionIcon, Badge, Group, Paper, Stack, Text } from '@mantine/core';
import { IconTrash } from '@tabler/icons-react';
import type { Audience, AttributeInfo, SubscriptionList } from '../api/audiences.ts';
import type { Dataset } from '../api/datasets.ts';
import type { FieldErrors } from '../api/forms.ts';
import { AttributeEditor } from './AttributeEditor.tsx';
import { AudienceRefEditor, ConsentEditor, SubscriptionEditor } from './ChoiceEditors.tsx';
import { DatasetEditor } from './DatasetEditor.tsx';
import type { ConditionDraft, NodeDraft } from './draft.ts';
import { EventEditor } from './EventEditor.tsx';
import { KIND_LABELS } from './labels.ts';
import { unplacedMessages } from './problems.ts';

/** What the editors pick from, and the messages to show. */
export interface BuilderEnv {
  attributes: readonly AttributeInfo[];
  datasets: readonly Dataset[];
  lists: readonly SubscriptionList[];
  audiences: readonly Audience[];
  selfId: string | undefined;
  errors: FieldErrors;
}

export const SHOWN_FIELDS: Record<NodeDraft['kind'], readonly string[]> = {
  group: [],
  attribute: ['/path', '/type', '/operator', '/value', '/to', '/values', '/days', '/timezone'],
  event: ['/type', '/count', '/window', '/where', '/aggregate'],
  consent: ['/channel', '/status'],
  subscription: ['/listId'],
  dataset: ['/dataset', '/where', '/count', '/aggregate'],
  audience: ['/audienceId'],
};

function hasMessagesAt(errors: FieldErrors, path: string): boolean {
  return Object.keys(errors).some((key) => key === path || key.startsWith(`${path}/`));
}

export function Messages({ messages }: { messages: string[] }) {
  if (messages.length === 0) return null;
  return (
    <Stack gap={2} mt={6} role="alert">
      {messages.map((message) => (
        <Text key={message} size="xs" c="red">
          {message}
        </Text>
      ))}
    </Stack>
  );
}

function ConditionEditor(props: {
  node: ConditionDraft;
  path: string;
  env: BuilderEnv;
  onChange: (node: ConditionDraft) => void;
}) {
  const { node, path, env, onChange } = props;
  const common = { path, errors: env.errors };
  switch (node.kind) {
    case 'attribute':
      return (
        <AttributeEditor {...common} node={node} attributes={env.attributes} onChange={onChange} />
      );
    case 'event':
      return <EventEditor {...common} node={node} onChange={onChange} />;
    case 'consent':
      return <ConsentEditor {...common} node={node} onChange={onChange} />;
    case 'subscription':
      return <SubscriptionEditor {...common} node={node} lists={env.lists} onChange={onChange} />;
    case 'dataset':
      return <DatasetEditor {...common} node={node} datasets={env.datasets} onChange={onChange} />;
    case 'audience':
      return (
        <AudienceRefEditor
          {...common}
          node={node}
          audiences={env.audiences}
          selfId={env.selfId}
          onChange={onChange}
        />
      );
  }
}

export function ConditionCard(props: {
  node: ConditionDraft;
  path: string;
  number: string;
  env: BuilderEnv;
  onChange: (node: NodeDraft) => void;
  onRemove: () => void;
}) {
  const { node, path, number, env } = props;
  const invalid = hasMessagesAt(env.errors, path);
  return (
    <Paper
      withBorder
      radius="sm"
      p="sm"
      role="group"
      aria-label={`Condition ${number}: ${KIND_LABELS[node.kind]}`}
      style={invalid ? { borderColor: 'var(--mantine-color-red-5)' } : undefined}
    >
      <Group justify="space-between" mb={6} wrap="nowrap">
        <Group gap={6}>
          <Badge variant="light" color="gray" tt="none">
            {KIND_LABELS[node.kind]}
          </Badge>
          <Text size="xs" c="dimmed">
            {number}
          </Text>
        </Group>
        <ActionIcon
          variant="subtle"
          color="red"
          aria-label={`Remove condition ${number}`}
          onClick={props.onRemove}
        >
          <IconTrash size={16} />
        </ActionIcon>
      </Group>
      <ConditionEditor node={node} path={path} env={env} onChange={props.onChange} />
      <Messages messages={unplacedMessages(env.errors, path, SHOWN_FIELDS[node.kind])} />
    </Paper>
  );
}
