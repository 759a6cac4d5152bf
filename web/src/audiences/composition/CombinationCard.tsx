// One combination of audiences as a card: union, intersection or exclusion of the audiences
// picked in it and of nested combinations (cards inside the card), to any depth.
import {
  ActionIcon,
  Button,
  Group,
  MultiSelect,
  Paper,
  SegmentedControl,
  Select,
  Stack,
  Text,
} from '@mantine/core';
import { IconSitemap, IconTrash } from '@tabler/icons-react';
import type { FieldErrors } from '../../api/forms.ts';
import { Messages } from '../ConditionCard.tsx';
import { childPath } from '../problems.ts';
import type { OptionGroup } from './audienceOptions.ts';
import {
  audienceItem,
  audiencesOf,
  newCombination,
  withAudiences,
  withNestedCombination,
  type Combination,
  type CombinationItem,
  type CombineOp,
} from './composition.ts';

export const OP_LABELS: Record<CombineOp, { label: string; help: string; color: string }> = {
  or: { label: 'Union', help: 'Profiles in any of these audiences.', color: 'teal' },
  and: { label: 'Intersection', help: 'Profiles in every one of these audiences.', color: 'blue' },
  except: {
    label: 'Exclusion',
    help: 'Profiles of the base, without those of the audiences removed.',
    color: 'orange',
  },
};
const OPS: CombineOp[] = ['or', 'and', 'except'];
const NESTED_OP: Record<CombineOp, CombineOp> = { or: 'and', and: 'or', except: 'or' };

export interface CombinationEnv {
  options: OptionGroup[];
  errors: FieldErrors;
}

/**
 * The messages of this card by where they show: on the base audience, on the list of audiences
 * (a message about one of them, e.g. a cycle through it), or under the card. Nested combinations
 * show their own.
 */
function cardMessages(errors: FieldErrors, path: string, group: Combination) {
  const out = { base: [] as string[], list: [] as string[], other: [] as string[] };
  for (const [key, message] of Object.entries(errors)) {
    if (key !== path && !key.startsWith(`${path}/`)) continue;
    const rest = key.slice(path.length);
    const index = /^\/children\/(\d+)/.exec(rest)?.[1];
    const child = index === undefined ? undefined : group.children[Number(index)];
    if (child?.kind === 'group') continue;
    const isBase = group.op === 'except' && (rest === '/base' || index === '0');
    if (isBase) out.base.push(message);
    else if (rest === '/children' || child) out.list.push(message);
    else out.other.push(message);
  }
  return out;
}

export function CombinationCard(props: {
  group: Combination;
  path: string;
  /** '' for the top combination; "2", "2.1"… below it. */
  number: string;
  env: CombinationEnv;
  onChange: (group: Combination) => void;
  onRemove?: (() => void) | undefined;
}) {
  const { group, path, number, env, onChange } = props;
  const name = number ? `combination ${number}` : 'the top combination';
  const exclusion = group.op === 'except';
  const base = exclusion ? group.children[0] : undefined;
  const setChild = (index: number, child: CombinationItem) =>
    onChange({ ...group, children: group.children.map((c, i) => (i === index ? child : c)) });
  const removeChild = (index: number) =>
    onChange({ ...group, children: group.children.filter((_, i) => i !== index) });
  const setBase = (child: CombinationItem) =>
    group.children.length === 0 ? onChange({ ...group, children: [child] }) : setChild(0, child);

  /** Nested combinations are numbered in order: "Combination 1", inside it "Combination 1.1". */
  const numberOf = (index: number) => {
    const n = group.children.slice(0, index + 1).filter((c) => c.kind === 'group').length;
    return number ? `${number}.${n}` : String(n);
  };
  const messages = cardMessages(env.errors, path, group);
  const nested = group.children
    .map((child, index) => ({ child, index }))
    .filter(
      (entry): entry is { child: Combination; index: number } =>
        entry.child.kind === 'group' && !(exclusion && entry.index === 0),
    );

  return (
    <Paper
      withBorder
      radius="md"
      p="sm"
      role="group"
      aria-label={number ? `Combination ${number}` : 'Top combination'}
      style={{ borderLeft: `4px solid var(--mantine-color-${OP_LABELS[group.op].color}-5)` }}
      bg={number ? 'gray.0' : undefined}
    >
      <Group justify="space-between" wrap="nowrap" mb="xs">
        <Group gap="sm">
          {number && (
            <Text size="sm" fw={600}>
              Combination {number}
            </Text>
          )}
          <SegmentedControl
            size="xs"
            aria-label={`Operation of ${name}`}
            data={OPS.map((op) => ({ value: op, label: OP_LABELS[op].label }))}
            value={group.op}
            onChange={(value) => {
              const op = OPS.find((o) => o === value);
              if (op) onChange({ ...group, op });
            }}
          />
          <Text size="xs" c="dimmed">
            {OP_LABELS[group.op].help}
          </Text>
        </Group>
        {props.onRemove && (
          <ActionIcon
            variant="subtle"
            color="red"
            aria-label={`Remove combination ${number}`}
            onClick={props.onRemove}
          >
            <IconTrash size={16} />
          </ActionIcon>
        )}
      </Group>

      <Stack gap="sm">
        {exclusion && (
          <Stack gap={6}>
            <Group gap="sm" align="flex-end">
              <SegmentedControl
                size="xs"
                aria-label={`Base of ${name}`}
                data={[
                  { value: 'audience', label: 'Base: an audience' },
                  { value: 'group', label: 'Base: a combination' },
                ]}
                value={base?.kind ?? 'audience'}
                onChange={(value) =>
                  setBase(value === 'group' ? newCombination('or') : audienceItem(''))
                }
              />
            </Group>
            {base?.kind === 'group' ? (
              <CombinationCard
                group={base}
                path={childPath(path, 0)}
                number={numberOf(0)}
                env={env}
                onChange={(child) => setChild(0, child)}
              />
            ) : (
              <Select
                label="Base audience"
                placeholder="Search audiences"
                data={env.options}
                value={base?.audienceId || null}
                onChange={(value) => setBase(audienceItem(value ?? ''))}
                error={messages.base[0]}
                searchable
                nothingFoundMessage="No audience has this name"
                maw={640}
                comboboxProps={{ withinPortal: true }}
              />
            )}
          </Stack>
        )}
        <MultiSelect
          label={exclusion ? 'Audiences to remove' : 'Audiences'}
          placeholder="Search audiences"
          data={env.options}
          value={audiencesOf(group)}
          onChange={(ids) => onChange(withAudiences(group, ids))}
          error={messages.list[0]}
          searchable
          clearable
          hidePickedOptions
          nothingFoundMessage="No audience has this name"
          maw={640}
          comboboxProps={{ withinPortal: true }}
        />
        {exclusion && nested.length > 0 && (
          <Text size="sm" fw={500} mb={-6}>
            Also removed
          </Text>
        )}
        {nested.map(({ child, index }) => (
          <CombinationCard
            key={child.key}
            group={child}
            path={childPath(path, index)}
            number={numberOf(index)}
            env={env}
            onChange={(next) => setChild(index, next)}
            onRemove={() => removeChild(index)}
          />
        ))}
      </Stack>
      <Messages messages={messages.other} />
      <Group gap="xs" mt="sm">
        <Button
          size="xs"
          variant="subtle"
          leftSection={<IconSitemap size={14} />}
          aria-label={
            exclusion ? `Add a combination to remove from ${name}` : `Add a combination to ${name}`
          }
          onClick={() => onChange(withNestedCombination(group, NESTED_OP[group.op]))}
        >
          {exclusion ? 'Add a combination to remove' : 'Add a combination'}
        </Button>
      </Group>
    </Paper>
  );
}
