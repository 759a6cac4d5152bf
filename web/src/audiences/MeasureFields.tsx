// How many events or rows a condition needs, and an optional sum / average / minimum / maximum
// over a numeric property or column.
import { Group, Select, Stack, Switch, TextInput } from '@mantine/core';
import type { Aggregate, Comparison } from '../../../src/audiences/model.ts';
import type { FieldErrors } from '../api/forms.ts';
import type { AggregateDraft, CountDraft } from './draft.ts';
import { COMPARISON_LABELS, FN_LABELS, options } from './labels.ts';
import { messageAt } from './problems.ts';

const AT_LEAST_ONCE: CountDraft = { comparison: 'gte', value: '1' };
const COMPARISONS = Object.keys(COMPARISON_LABELS) as Comparison[];
const FNS = Object.keys(FN_LABELS) as Aggregate['fn'][];

const comparisonOf = (value: string | null) => COMPARISONS.find((c) => c === value);

export function CountFields({
  count,
  path,
  errors,
  unit,
  onChange,
}: {
  /** null: the server's default, at least one. */
  count: CountDraft | null;
  path: string;
  errors: FieldErrors;
  unit: 'Times' | 'Rows';
  onChange: (count: CountDraft) => void;
}) {
  const shown = count ?? AT_LEAST_ONCE;
  return (
    <Group gap="sm" align="flex-start">
      <Select
        label={unit === 'Times' ? 'How often' : 'Matching rows'}
        data={options(COMPARISON_LABELS)}
        value={shown.comparison}
        allowDeselect={false}
        onChange={(value) => {
          const comparison = comparisonOf(value);
          if (comparison) onChange({ ...shown, comparison });
        }}
        error={messageAt(errors, `${path}/count/comparison`)}
        w={140}
        comboboxProps={{ withinPortal: true }}
      />
      <TextInput
        label={unit}
        inputMode="numeric"
        value={shown.value}
        onChange={(event) => onChange({ ...shown, value: event.currentTarget.value })}
        error={messageAt(errors, `${path}/count/value`) ?? messageAt(errors, `${path}/count`)}
        w={100}
      />
    </Group>
  );
}

export function AggregateFields({
  aggregate,
  path,
  errors,
  numericColumns,
  onChange,
}: {
  aggregate: AggregateDraft | null;
  path: string;
  errors: FieldErrors;
  /** Dataset columns to pick from; without them the property is typed. */
  numericColumns?: readonly string[] | undefined;
  onChange: (aggregate: AggregateDraft | null) => void;
}) {
  const noun = numericColumns ? 'column' : 'property';
  const error = (field: string) => messageAt(errors, `${path}/aggregate/${field}`);
  return (
    <Stack gap="xs">
      <Switch
        label={`Compare a sum, average, minimum or maximum of a numeric ${noun}`}
        checked={aggregate !== null}
        onChange={(event) =>
          onChange(
            event.currentTarget.checked
              ? { fn: 'sum', field: numericColumns?.[0] ?? '', comparison: 'gte', value: '' }
              : null,
          )
        }
      />
      {aggregate && (
        <Group gap="sm" align="flex-start">
          <Select
            label="Function"
            data={options(FN_LABELS)}
            value={aggregate.fn}
            allowDeselect={false}
            onChange={(value) => {
              const fn = FNS.find((f) => f === value);
              if (fn) onChange({ ...aggregate, fn });
            }}
            w={130}
            comboboxProps={{ withinPortal: true }}
          />
          {numericColumns ? (
            <Select
              label="Of column"
              data={[...numericColumns]}
              value={aggregate.field || null}
              onChange={(value) => onChange({ ...aggregate, field: value ?? '' })}
              error={error('field')}
              w={170}
              comboboxProps={{ withinPortal: true }}
            />
          ) : (
            <TextInput
              label="Of property"
              placeholder="e.g. amount"
              value={aggregate.field}
              onChange={(event) => onChange({ ...aggregate, field: event.currentTarget.value })}
              error={error('field')}
              w={160}
            />
          )}
          <Select
            label="Is"
            data={options(COMPARISON_LABELS)}
            value={aggregate.comparison}
            allowDeselect={false}
            onChange={(value) => {
              const comparison = comparisonOf(value);
              if (comparison) onChange({ ...aggregate, comparison });
            }}
            w={130}
            comboboxProps={{ withinPortal: true }}
          />
          <TextInput
            label="Amount"
            inputMode="decimal"
            value={aggregate.value}
            onChange={(event) => onChange({ ...aggregate, value: event.currentTarget.value })}
            error={error('value')}
            w={120}
          />
        </Group>
      )}
    </Stack>
  );
}
