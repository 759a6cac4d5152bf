// The operator of a typed comparison and the inputs its operator takes: one value, two for
// "between", a list for "is one of", a number of days, and a time zone for date presets.
import { Select, TagsInput, TextInput } from '@mantine/core';
import type { Operator } from '../../../src/audiences/model.ts';
import type { FieldErrors } from '../api/forms.ts';
import {
  DATE_PRESETS,
  LIST_OPERATORS,
  NEEDS_DAYS,
  NEEDS_VALUE,
  operatorsOf,
  type ComparableDraft,
} from './draft.ts';
import { OPERATOR_LABELS, options } from './labels.ts';
import { messageAt } from './problems.ts';

let zones: string[] | undefined;
function timeZones(): string[] {
  zones ??= Intl.supportedValuesOf('timeZone');
  return zones;
}

function operatorOf(value: string | null, allowed: readonly Operator[]): Operator | undefined {
  return allowed.find((operator) => operator === value);
}

function ValueInput({
  label,
  draft,
  value,
  error,
  placeholder,
  onChange,
}: {
  label: string;
  draft: ComparableDraft;
  value: string;
  error: string | undefined;
  placeholder: string | undefined;
  onChange: (value: string) => void;
}) {
  const isDate = draft.type === 'date';
  return (
    <TextInput
      label={label}
      type={isDate ? 'date' : 'text'}
      inputMode={draft.type === 'number' ? 'decimal' : undefined}
      placeholder={isDate ? 'YYYY-MM-DD' : placeholder}
      value={value}
      onChange={(event) => onChange(event.currentTarget.value)}
      error={error}
      w={isDate ? 170 : 180}
    />
  );
}

export function ComparableFields({
  draft,
  path,
  errors,
  placeholder,
  onChange,
}: {
  draft: ComparableDraft;
  /** JSON pointer of the node or filter, for its messages. */
  path: string;
  errors: FieldErrors;
  /** A sample value to show in empty value inputs. */
  placeholder?: string | undefined;
  onChange: (change: Partial<ComparableDraft>) => void;
}) {
  const allowed = operatorsOf(draft.type);
  const op = draft.operator;
  const error = (field: string) => messageAt(errors, `${path}/${field}`);
  const zoneData =
    draft.timezone && !timeZones().includes(draft.timezone)
      ? [draft.timezone, ...timeZones()]
      : timeZones();
  return (
    <>
      <Select
        label="Operator"
        data={options(OPERATOR_LABELS, allowed)}
        value={op}
        allowDeselect={false}
        onChange={(value) => {
          const operator = operatorOf(value, allowed);
          if (operator) onChange({ operator });
        }}
        error={error('operator')}
        w={190}
        comboboxProps={{ withinPortal: true }}
      />
      {NEEDS_VALUE.has(op) && (
        <ValueInput
          label={op === 'between' ? 'From' : 'Value'}
          draft={draft}
          value={draft.value}
          error={error('value')}
          placeholder={placeholder}
          onChange={(value) => onChange({ value })}
        />
      )}
      {op === 'between' && (
        <ValueInput
          label="To"
          draft={draft}
          value={draft.to}
          error={error('to')}
          placeholder={undefined}
          onChange={(to) => onChange({ to })}
        />
      )}
      {LIST_OPERATORS.has(op) && (
        <TagsInput
          label="Values"
          description="Press Enter after each value"
          placeholder={draft.values.length ? undefined : placeholder}
          value={draft.values}
          onChange={(values) => onChange({ values })}
          error={error('values')}
          miw={240}
          style={{ flex: 1 }}
          acceptValueOnBlur
        />
      )}
      {NEEDS_DAYS.has(op) && (
        <TextInput
          label="Days"
          inputMode="numeric"
          value={draft.days}
          onChange={(event) => onChange({ days: event.currentTarget.value })}
          error={error('days')}
          w={100}
        />
      )}
      {DATE_PRESETS.has(op) && (
        <Select
          label="Time zone"
          placeholder="UTC"
          data={zoneData}
          value={draft.timezone || null}
          onChange={(value) => onChange({ timezone: value ?? '' })}
          error={error('timezone')}
          searchable
          clearable
          w={220}
          comboboxProps={{ withinPortal: true }}
        />
      )}
    </>
  );
}
