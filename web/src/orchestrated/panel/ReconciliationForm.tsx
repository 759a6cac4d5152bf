// Reconciliation: how rows of a file or dataset find their profile — a column matched against an
// identity namespace, a profile attribute or the profile id, rules tried in order — and whether
// rows that find none go to an output of their own.
import { Autocomplete, Group, Paper, Select, Stack, Switch, Text } from '@mantine/core';
import type { ActivityConfig } from '../../../../src/orchestration/model.ts';
import { useNamespaces } from '../../profiles/ProfileFilterBar.tsx';
import { errorAt, type FormProps } from './env.ts';
import {
  AddButton,
  COLUMN_HINT,
  hinted,
  MoveUpButton,
  movedUp,
  RemoveButton,
  replaced,
} from './fields.tsx';
import { useArrivingColumns } from './useArrivingColumns.ts';

type ReconciliationConfig = ActivityConfig<'reconciliation'>;
type Rule = ReconciliationConfig['rules'][number];
type Match = Rule['match'];

const MATCHES: { value: Match['kind']; label: string }[] = [
  { value: 'identity', label: 'An identity' },
  { value: 'attribute', label: 'An attribute' },
  { value: 'profileId', label: 'The profile id' },
];
const MAX_RULES = 5;

function matchOf(kind: string | null, previous: Match): Match | null {
  if (kind === previous.kind) return previous;
  if (kind === 'identity') return { kind, namespace: 'email' };
  if (kind === 'attribute') return { kind, path: '' };
  if (kind === 'profileId') return { kind };
  return null;
}

function RuleCard({
  rule,
  index,
  count,
  columns,
  onChange,
  onRemove,
  onMoveUp,
  errors,
  env,
}: {
  rule: Rule;
  index: number;
  count: number;
  /** The arriving columns, suggested. */
  columns: string[];
  onChange: (rule: Rule) => void;
  onRemove: () => void;
  onMoveUp: () => void;
} & Pick<FormProps<ReconciliationConfig>, 'errors' | 'env'>) {
  const namespaces = useNamespaces();
  const at = `/rules/${index}`;
  const match = rule.match;
  const namespaceOptions = (namespaces.data?.items ?? []).map((n) => ({
    value: n.code,
    label: n.title,
  }));
  if (match.kind === 'identity' && !namespaceOptions.some((o) => o.value === match.namespace))
    namespaceOptions.push({ value: match.namespace, label: match.namespace });
  return (
    <Paper withBorder p="sm" radius="md" role="group" aria-label={`Rule ${index + 1}`}>
      <Group gap="xs" align="flex-end" wrap="nowrap">
        <Autocomplete
          label="Column of the incoming rows"
          placeholder={columns.length ? 'Pick or type' : 'Column name'}
          data={columns}
          value={rule.column}
          onChange={(column) => onChange({ ...rule, column })}
          error={hinted(errorAt(errors, `${at}/column`), rule.column, COLUMN_HINT)}
          style={{ flex: 1 }}
          comboboxProps={{ withinPortal: true }}
        />
        {index > 0 && <MoveUpButton label={`Try rule ${index + 1} earlier`} onClick={onMoveUp} />}
        <RemoveButton
          label={`Remove rule ${index + 1}`}
          onClick={onRemove}
          disabled={count === 1}
        />
      </Group>
      <Group gap="xs" mt="xs" align="flex-start" wrap="nowrap">
        <Select
          label="Matches"
          w={140}
          data={MATCHES}
          value={match.kind}
          allowDeselect={false}
          onChange={(kind) => {
            const next = matchOf(kind, match);
            if (next) onChange({ ...rule, match: next });
          }}
          comboboxProps={{ withinPortal: true }}
        />
        {match.kind === 'identity' && (
          <Select
            label="Namespace"
            style={{ flex: 1 }}
            searchable
            data={namespaceOptions}
            value={match.namespace}
            allowDeselect={false}
            onChange={(namespace) =>
              namespace && onChange({ ...rule, match: { ...match, namespace } })
            }
            error={errorAt(errors, `${at}/match`)}
            comboboxProps={{ withinPortal: true }}
          />
        )}
        {match.kind === 'attribute' && (
          <Autocomplete
            label="Profile attribute"
            placeholder="loyalty.memberId"
            style={{ flex: 1 }}
            data={env.builder.attributes.map((a) => a.path)}
            limit={50}
            value={match.path}
            onChange={(path) => onChange({ ...rule, match: { ...match, path } })}
            error={
              match.path.trim() === '' ? 'Choose an attribute' : errorAt(errors, `${at}/match`)
            }
            comboboxProps={{ withinPortal: true }}
          />
        )}
      </Group>
    </Paper>
  );
}

export function ReconciliationForm({
  config,
  onChange,
  errors,
  env,
}: FormProps<ReconciliationConfig>) {
  const setRules = (rules: Rule[]) => onChange({ ...config, rules });
  const columns = useArrivingColumns(env);
  return (
    <Stack gap="sm">
      <Text size="sm" c="dimmed">
        Each incoming row is linked to a profile. Rules are tried in order; the first that finds a
        profile wins.
      </Text>
      {config.rules.map((rule, index) => (
        <RuleCard
          key={index}
          rule={rule}
          index={index}
          count={config.rules.length}
          columns={columns}
          errors={errors}
          env={env}
          onChange={(next) => setRules(replaced(config.rules, index, next))}
          onRemove={() => setRules(config.rules.filter((_, i) => i !== index))}
          onMoveUp={() => setRules(movedUp(config.rules, index))}
        />
      ))}
      <AddButton
        disabled={config.rules.length >= MAX_RULES}
        onClick={() =>
          setRules([
            ...config.rules,
            { column: 'email', match: { kind: 'identity', namespace: 'email' } },
          ])
        }
      >
        Add rule
      </AddButton>
      <Switch
        label="Output for rows that match no profile"
        checked={config.keepUnreconciled}
        onChange={(e) => onChange({ ...config, keepUnreconciled: e.currentTarget.checked })}
      />
      {!config.keepUnreconciled && (
        <Text size="xs" c="dimmed">
          Rows that match no profile are dropped.
        </Text>
      )}
    </Stack>
  );
}
