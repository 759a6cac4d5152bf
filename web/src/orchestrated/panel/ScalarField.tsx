// A value that is text, a number or yes/no (the model's Scalar), entered with its kind: a
// Test compares numbers as numbers, and a signal's variables keep their JSON type.
import { Group, NumberInput, Select, TextInput } from '@mantine/core';
import { assertNever } from '../../../../src/platform/assert.ts';

export type Scalar = string | number | boolean;
type Kind = 'text' | 'number' | 'boolean';

const kindOf = (value: Scalar | undefined): Kind =>
  typeof value === 'number' ? 'number' : typeof value === 'boolean' ? 'boolean' : 'text';

function converted(value: Scalar | undefined, kind: Kind): Scalar {
  switch (kind) {
    case 'number': {
      const n = Number(value);
      return typeof value !== 'boolean' && Number.isFinite(n) ? n : 0;
    }
    case 'boolean':
      return value === true || value === 'true';
    case 'text':
      return value === undefined ? '' : String(value);
    default:
      return assertNever(kind);
  }
}

export function ScalarField({
  label,
  value,
  onChange,
  error,
}: {
  /** Names both inputs: "<label>" and "<label> type". */
  label: string;
  value: Scalar | undefined;
  onChange: (value: Scalar) => void;
  error?: string | undefined;
}) {
  const kind = kindOf(value);
  return (
    <Group gap={4} align="flex-start" wrap="nowrap" style={{ flex: 1 }}>
      <Select
        aria-label={`${label} type`}
        w={104}
        data={[
          { value: 'text', label: 'Text' },
          { value: 'number', label: 'Number' },
          { value: 'boolean', label: 'Yes/no' },
        ]}
        value={kind}
        allowDeselect={false}
        onChange={(next) =>
          (next === 'text' || next === 'number' || next === 'boolean') &&
          onChange(converted(value, next))
        }
        comboboxProps={{ withinPortal: true }}
      />
      {kind === 'number' ? (
        <NumberInput
          aria-label={label}
          style={{ flex: 1 }}
          value={typeof value === 'number' ? value : 0}
          onChange={(next) => onChange(typeof next === 'number' ? next : 0)}
          error={error}
        />
      ) : kind === 'boolean' ? (
        <Select
          aria-label={label}
          style={{ flex: 1 }}
          data={[
            { value: 'true', label: 'Yes (true)' },
            { value: 'false', label: 'No (false)' },
          ]}
          value={String(value === true)}
          allowDeselect={false}
          onChange={(next) => onChange(next === 'true')}
          error={error}
          comboboxProps={{ withinPortal: true }}
        />
      ) : (
        <TextInput
          aria-label={label}
          style={{ flex: 1 }}
          value={typeof value === 'string' ? value : ''}
          onChange={(e) => onChange(e.currentTarget.value)}
          error={error}
        />
      )}
    </Group>
  );
}
