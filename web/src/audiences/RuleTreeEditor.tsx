// The rule as nested cards: a group combines its children with AND / OR / EXCEPT and can take
// more conditions or groups; every card can be removed and shows the messages about it.
import {
  ActionIcon,
  Button,
  Divider,
  Group,
  Menu,
  Paper,
  SegmentedControl,
  Stack,
  Text,
} from '@mantine/core';
import { IconChevronDown, IconPlus, IconSitemap, IconTrash } from '@tabler/icons-react';
import { ConditionCard, Messages, SHOWN_FIELDS, type BuilderEnv } from './ConditionCard.tsx';
import {
  newCondition,
  newGroup,
  type ConditionKind,
  type GroupDraft,
  type GroupOp,
  type NodeDraft,
} from './draft.ts';
import { GROUP_LABELS, KIND_LABELS } from './labels.ts';
import { childPath, unplacedMessages } from './problems.ts';

export type { BuilderEnv } from './ConditionCard.tsx';

const KINDS = Object.keys(KIND_LABELS) as ConditionKind[];
const OPS: GroupOp[] = ['and', 'or', 'except'];
const NEXT_OP: Record<GroupOp, GroupOp> = { and: 'or', or: 'and', except: 'or' };
const OP_COLORS: Record<GroupOp, string> = { and: 'blue', or: 'teal', except: 'orange' };

function dividerLabel(op: GroupOp, index: number): string {
  if (op === 'except') return index === 1 ? 'EXCEPT' : 'OR';
  return GROUP_LABELS[op].short;
}

export function GroupCard(props: {
  group: GroupDraft;
  path: string;
  /** '' for the top group; "2", "2.1"… below it. */
  number: string;
  env: BuilderEnv;
  onChange: (group: GroupDraft) => void;
  onRemove?: (() => void) | undefined;
}) {
  const { group, path, number, env, onChange } = props;
  const name = number ? `group ${number}` : 'the top group';
  const setChildren = (children: NodeDraft[]) => onChange({ ...group, children });
  const add = (child: NodeDraft) => setChildren([...group.children, child]);
  return (
    <Paper
      withBorder
      radius="md"
      p="sm"
      role="group"
      aria-label={number ? `Group ${number}` : 'Top group'}
      style={{ borderLeft: `4px solid var(--mantine-color-${OP_COLORS[group.op]}-5)` }}
      bg={number ? 'gray.0' : undefined}
    >
      <Group justify="space-between" wrap="nowrap" mb="xs">
        <Group gap="sm">
          {number && (
            <Text size="sm" fw={600}>
              Group {number}
            </Text>
          )}
          <SegmentedControl
            size="xs"
            aria-label={`How ${name} combines its conditions`}
            data={OPS.map((op) => ({ value: op, label: GROUP_LABELS[op].short }))}
            value={group.op}
            onChange={(value) => {
              const op = OPS.find((o) => o === value);
              if (op) onChange({ ...group, op });
            }}
          />
          <Text size="xs" c="dimmed">
            {GROUP_LABELS[group.op].help}
          </Text>
        </Group>
        {props.onRemove && (
          <ActionIcon
            variant="subtle"
            color="red"
            aria-label={`Remove group ${number}`}
            onClick={props.onRemove}
          >
            <IconTrash size={16} />
          </ActionIcon>
        )}
      </Group>
      <Stack gap={6}>
        {group.children.map((child, index) => {
          const at = childPath(path, index);
          const childNumber = number ? `${number}.${index + 1}` : String(index + 1);
          const change = (next: NodeDraft) =>
            setChildren(group.children.map((c, i) => (i === index ? next : c)));
          const remove = () => setChildren(group.children.filter((_, i) => i !== index));
          return (
            <div key={child.key}>
              {index > 0 && (
                <Divider
                  my={4}
                  label={dividerLabel(group.op, index)}
                  labelPosition="left"
                  color={OP_COLORS[group.op]}
                />
              )}
              {child.kind === 'group' ? (
                <GroupCard
                  group={child}
                  path={at}
                  number={childNumber}
                  env={env}
                  onChange={change}
                  onRemove={remove}
                />
              ) : (
                <ConditionCard
                  node={child}
                  path={at}
                  number={childNumber}
                  env={env}
                  onChange={change}
                  onRemove={remove}
                />
              )}
            </div>
          );
        })}
        {group.children.length === 0 && (
          <Text size="sm" c="dimmed" py={4}>
            No conditions yet: add a condition or a group.
          </Text>
        )}
      </Stack>
      <Messages messages={unplacedMessages(env.errors, path, SHOWN_FIELDS.group)} />
      <Group gap="xs" mt="sm">
        <Menu position="bottom-start" withinPortal>
          <Menu.Target>
            <Button
              size="xs"
              variant="light"
              leftSection={<IconPlus size={14} />}
              rightSection={<IconChevronDown size={14} />}
              aria-label={`Add condition to ${name}`}
            >
              Add condition
            </Button>
          </Menu.Target>
          <Menu.Dropdown>
            {KINDS.map((kind) => (
              <Menu.Item key={kind} onClick={() => add(newCondition(kind))}>
                {KIND_LABELS[kind]}
              </Menu.Item>
            ))}
          </Menu.Dropdown>
        </Menu>
        <Button
          size="xs"
          variant="subtle"
          leftSection={<IconSitemap size={14} />}
          aria-label={`Add group to ${name}`}
          onClick={() => add(newGroup(NEXT_OP[group.op]))}
        >
          Add group
        </Button>
      </Group>
    </Paper>
  );
}
