// Deduplication: rows with the same values in the chosen columns are duplicates; how many of
// each group are kept, and which ones (at random, by the highest or lowest value of a column,
// preferring a filled column, or by a list of preferred values); the rest may go to an output.
import { Autocomplete, NumberInput, Select, Stack, Switch, TagsInput, Text } from '@mantine/core';
import type { ActivityConfig } from '../../../../src/orchestration/model.ts';
import { assertNever } from '../../../../src/platform/assert.ts';
import { errorAt, type FormProps } from './env.ts';
import { COLUMN_HINT, hinted } from './fields.tsx';
import { useArrivingColumns } from './useArrivingColumns.ts';

type DedupConfig = ActivityConfig<'deduplication'>;
type Method = DedupConfig['method'];
type MethodKind = Method['kind'];

const METHODS: { value: MethodKind; label: string }[] = [
  { value: 'random', label: 'Any of them (at random)' },
  { value: 'expression', label: 'By the value of a column' },
  { value: 'nonEmpty', label: 'Those with a value in a column' },
  { value: 'priority', label: 'By a list of preferred values' },
];
const isMethodKind = (v: string | null): v is MethodKind => METHODS.some((m) => m.value === v);

/** A method of `kind`, keeping the column already chosen. */
function methodOf(kind: MethodKind, previous: Method): Method {
  const column = previous.kind === 'random' ? '' : previous.column;
  switch (kind) {
    case 'random':
      return { kind };
    case 'expression':
      return { kind, column, keep: 'highest' };
    case 'nonEmpty':
      return { kind, column };
    case 'priority':
      return { kind, column, values: previous.kind === 'priority' ? previous.values : [] };
    default:
      return assertNever(kind);
  }
}

function MethodFields({
  method,
  columns,
  onChange,
  errors,
}: {
  method: Method;
  /** The arriving columns, suggested. */
  columns: string[];
  onChange: (method: Method) => void;
  errors: FormProps<DedupConfig>['errors'];
}) {
  if (method.kind === 'random') return null;
  const column = (
    <Autocomplete
      label="Column"
      placeholder={columns.length ? 'Pick or type' : 'Column name'}
      description={
        method.kind === 'nonEmpty' ? 'Rows where it is filled are kept first' : undefined
      }
      data={columns}
      value={method.column}
      onChange={(column) => onChange({ ...method, column })}
      error={hinted(errorAt(errors, '/method/column'), method.column, COLUMN_HINT)}
      comboboxProps={{ withinPortal: true }}
    />
  );
  switch (method.kind) {
    case 'expression':
      return (
        <>
          {column}
          <Select
            label="Keep the rows with"
            data={[
              { value: 'highest', label: 'The highest values' },
              { value: 'lowest', label: 'The lowest values' },
            ]}
            value={method.keep}
            allowDeselect={false}
            onChange={(keep) =>
              onChange({ ...method, keep: keep === 'lowest' ? 'lowest' : 'highest' })
            }
            comboboxProps={{ withinPortal: true }}
          />
        </>
      );
    case 'nonEmpty':
      return column;
    case 'priority':
      return (
        <>
          {column}
          <TagsInput
            label="Preferred values, best first"
            description="Press Enter after each; rows with other values come last"
            value={method.values.map(String)}
            onChange={(values) => onChange({ ...method, values })}
            error={
              method.values.length === 0
                ? 'Add at least one value'
                : errorAt(errors, '/method/values')
            }
          />
        </>
      );
    default:
      return assertNever(method);
  }
}

export function DeduplicationForm({ config, onChange, errors, env }: FormProps<DedupConfig>) {
  const keepError = errorAt(errors, '/keep');
  const columns = useArrivingColumns(env);
  return (
    <Stack gap="sm">
      <TagsInput
        label="Duplicates have the same"
        description={
          columns.length
            ? 'Columns of the incoming rows: pick them, or type a name and press Enter'
            : 'Columns of the incoming rows (e.g. email); press Enter after each'
        }
        data={columns}
        value={config.columns}
        maxTags={20}
        onChange={(columns) => onChange({ ...config, columns })}
        error={
          config.columns.length === 0
            ? 'Choose at least one column'
            : errorAt(errors, '/columns') && `Column names: ${COLUMN_HINT}`
        }
        comboboxProps={{ withinPortal: true }}
      />
      <NumberInput
        label="Rows kept per group of duplicates"
        min={1}
        max={1000}
        clampBehavior="none"
        allowDecimal={false}
        value={config.keep}
        onChange={(value) => onChange({ ...config, keep: typeof value === 'number' ? value : 0 })}
        error={keepError && 'Keep between 1 and 1,000 rows per group'}
      />
      <Select
        label="Which rows are kept"
        data={METHODS}
        value={config.method.kind}
        allowDeselect={false}
        onChange={(kind) =>
          isMethodKind(kind) && onChange({ ...config, method: methodOf(kind, config.method) })
        }
        comboboxProps={{ withinPortal: true }}
      />
      <MethodFields
        method={config.method}
        columns={columns}
        errors={errors}
        onChange={(method) => onChange({ ...config, method })}
      />
      <Switch
        label="Duplicates output (the rows not kept)"
        checked={config.duplicatesOutput}
        onChange={(e) => onChange({ ...config, duplicatesOutput: e.currentTarget.checked })}
      />
      {config.duplicatesOutput && (
        <Text size="xs" c="dimmed">
          The activity gets a second output, “Duplicates”, to connect to another activity.
        </Text>
      )}
    </Stack>
  );
}
