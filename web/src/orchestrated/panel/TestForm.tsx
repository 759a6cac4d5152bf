// Test: ordered branches, each with conditions on the incoming row count or on the run's
// variables (all must hold); the first branch whose conditions hold takes the population, else
// the default branch if there is one. Each branch is an output; its key stays when it is renamed.
import { Group, NumberInput, Paper, Select, Stack, Switch, Text, TextInput } from '@mantine/core';
import {
  COMPARISONS,
  type ActivityConfig,
  type TestCondition,
} from '../../../../src/orchestration/model.ts';
import { errorAt, without, type FormProps } from './env.ts';
import { AddButton, MoveUpButton, movedUp, RemoveButton, replaced } from './fields.tsx';
import { ScalarField } from './ScalarField.tsx';

type TestConfig = ActivityConfig<'test'>;
type Branch = TestConfig['branches'][number];
type Comparison = (typeof COMPARISONS)[number];
type Errors = FormProps<TestConfig>['errors'];

const SYMBOLS: Record<Comparison, string> = {
  eq: '=',
  neq: '≠',
  gt: '>',
  gte: '≥',
  lt: '<',
  lte: '≤',
};
const COMPARISON_OPTIONS = COMPARISONS.map((value) => ({ value, label: SYMBOLS[value] }));
const isComparison = (v: string | null): v is Comparison => COMPARISONS.some((c) => c === v);
const VARIABLE_HINT = 'Letters, digits and _, starting with a letter';

function nextKey(branches: readonly Branch[]): string {
  const taken = new Set(branches.map((b) => b.key));
  for (let n = branches.length + 1; ; n += 1) if (!taken.has(`branch${n}`)) return `branch${n}`;
}

function ConditionRow({
  condition,
  label,
  at,
  onChange,
  onRemove,
  removable,
  errors,
}: {
  condition: TestCondition;
  label: string;
  at: string;
  onChange: (condition: TestCondition) => void;
  onRemove: () => void;
  removable: boolean;
  errors: Errors;
}) {
  const kindSelect = (
    <Select
      aria-label={`${label} on`}
      w={condition.kind === 'count' ? 124 : undefined}
      style={condition.kind === 'variable' ? { flex: 1 } : undefined}
      data={[
        { value: 'count', label: 'Row count' },
        { value: 'variable', label: 'Variable' },
      ]}
      value={condition.kind}
      allowDeselect={false}
      onChange={(kind) => {
        if (kind === 'count' && condition.kind !== 'count')
          onChange({ kind, comparison: 'gt', value: 0 });
        if (kind === 'variable' && condition.kind !== 'variable')
          onChange({ kind, name: '', comparison: 'exists' });
      }}
      comboboxProps={{ withinPortal: true }}
    />
  );
  const remove = (
    <RemoveButton
      top
      label={`Remove ${label.toLowerCase()}`}
      onClick={onRemove}
      disabled={!removable}
    />
  );
  if (condition.kind === 'count')
    return (
      <Group gap={4} align="flex-start" wrap="nowrap" role="group" aria-label={label}>
        {kindSelect}
        <Select
          aria-label={`${label} comparison`}
          w={64}
          data={COMPARISON_OPTIONS}
          value={condition.comparison}
          allowDeselect={false}
          onChange={(c) => isComparison(c) && onChange({ ...condition, comparison: c })}
          comboboxProps={{ withinPortal: true }}
        />
        <NumberInput
          aria-label={`${label} value`}
          style={{ flex: 1 }}
          min={0}
          allowDecimal={false}
          clampBehavior="none"
          value={condition.value}
          onChange={(v) => onChange({ ...condition, value: typeof v === 'number' ? v : 0 })}
          error={errorAt(errors, `${at}/value`) && 'A whole number, 0 or more'}
        />
        {remove}
      </Group>
    );
  const name = errorAt(errors, `${at}/name`);
  return (
    <Stack gap={4} role="group" aria-label={label}>
      <Group gap={4} align="flex-start" wrap="nowrap">
        {kindSelect}
        <TextInput
          aria-label={`${label} variable`}
          placeholder="Variable name"
          style={{ flex: 1.4 }}
          value={condition.name}
          onChange={(e) => onChange({ ...condition, name: e.currentTarget.value })}
          error={name && (condition.name === '' ? 'Required' : VARIABLE_HINT)}
        />
        {remove}
      </Group>
      <Group gap={4} align="flex-start" wrap="nowrap" pr={32}>
        <Select
          aria-label={`${label} comparison`}
          w={condition.comparison === 'exists' ? undefined : 80}
          style={condition.comparison === 'exists' ? { flex: 1 } : undefined}
          data={[...COMPARISON_OPTIONS, { value: 'exists', label: 'is set' }]}
          value={condition.comparison}
          allowDeselect={false}
          onChange={(c) => {
            if (c === 'exists') onChange({ ...without(condition, 'value'), comparison: c });
            else if (isComparison(c))
              onChange({ ...condition, comparison: c, value: condition.value ?? '' });
          }}
          comboboxProps={{ withinPortal: true }}
        />
        {condition.comparison !== 'exists' && (
          <ScalarField
            label={`${label} value`}
            value={condition.value}
            onChange={(value) => onChange({ ...condition, value })}
            error={errorAt(errors, `${at}/value`)}
          />
        )}
      </Group>
    </Stack>
  );
}

function BranchCard({
  branch,
  index,
  count,
  onChange,
  onRemove,
  onMoveUp,
  errors,
}: {
  branch: Branch;
  index: number;
  count: number;
  onChange: (branch: Branch) => void;
  onRemove: () => void;
  onMoveUp: () => void;
  errors: Errors;
}) {
  const at = `/branches/${index}`;
  const setConditions = (conditions: TestCondition[]) => onChange({ ...branch, conditions });
  return (
    <Paper withBorder p="sm" radius="md" role="group" aria-label={`Branch ${index + 1}`}>
      <Group gap="xs" align="flex-start" wrap="nowrap" mb="xs">
        <TextInput
          label={`Branch ${index + 1} name`}
          value={branch.label}
          onChange={(e) => onChange({ ...branch, label: e.currentTarget.value })}
          error={errorAt(errors, `${at}/label`)}
          style={{ flex: 1 }}
        />
        <Group gap={0} pt={26} wrap="nowrap">
          {index > 0 && (
            <MoveUpButton top label={`Try branch ${index + 1} earlier`} onClick={onMoveUp} />
          )}
          <RemoveButton
            top
            label={`Remove branch ${index + 1}`}
            onClick={onRemove}
            disabled={count === 1}
          />
        </Group>
      </Group>
      <Text size="xs" c="dimmed" mb={4}>
        Taken when all of these hold
      </Text>
      <Stack gap="xs">
        {branch.conditions.map((condition, i) => (
          <ConditionRow
            key={i}
            condition={condition}
            label={`Branch ${index + 1} condition ${i + 1}`}
            at={`${at}/conditions/${i}`}
            removable={branch.conditions.length > 1}
            errors={errors}
            onChange={(next) => setConditions(replaced(branch.conditions, i, next))}
            onRemove={() => setConditions(branch.conditions.filter((_, j) => j !== i))}
          />
        ))}
        <AddButton
          disabled={branch.conditions.length >= 10}
          onClick={() =>
            setConditions([...branch.conditions, { kind: 'count', comparison: 'gt', value: 0 }])
          }
        >
          Add condition
        </AddButton>
      </Stack>
    </Paper>
  );
}

export function TestForm({ config, onChange, errors }: FormProps<TestConfig>) {
  const setBranches = (branches: Branch[]) => onChange({ ...config, branches });
  return (
    <Stack gap="sm">
      <Text size="sm" c="dimmed">
        Branches are tried in order: the first whose conditions all hold takes the population and
        the others are skipped. Row count is the number of incoming rows; variables come with the
        signal that started the run.
      </Text>
      {config.branches.map((branch, index) => (
        <BranchCard
          key={branch.key}
          branch={branch}
          index={index}
          count={config.branches.length}
          errors={errors}
          onChange={(next) => setBranches(replaced(config.branches, index, next))}
          onRemove={() => setBranches(config.branches.filter((_, i) => i !== index))}
          onMoveUp={() => setBranches(movedUp(config.branches, index))}
        />
      ))}
      <AddButton
        disabled={config.branches.length >= 10}
        onClick={() => {
          const key = nextKey(config.branches);
          setBranches([
            ...config.branches,
            {
              key,
              label: `Branch ${config.branches.length + 1}`,
              conditions: [{ kind: 'count', comparison: 'gt', value: 0 }],
            },
          ]);
        }}
      >
        Add branch
      </AddButton>
      <Switch
        label="Default branch when no branch holds"
        checked={config.defaultBranch}
        onChange={(e) => onChange({ ...config, defaultBranch: e.currentTarget.checked })}
      />
      {!config.defaultBranch && (
        <Text size="xs" c="dimmed">
          Without it, the population stops here when no branch holds.
        </Text>
      )}
    </Stack>
  );
}
