// Load file: the uploaded CSV, the columns read from it (each by its header, with a type and
// whether a value is required), and what happens to lines that do not fit.
import { Button, Checkbox, Group, Radio, Select, Stack, Text, TextInput } from '@mantine/core';
import {
  COLUMN_PATTERN,
  type ActivityConfig,
  type FileColumn,
} from '../../../../src/orchestration/model.ts';
import type { OrchestratedFile } from '../api.ts';
import { newActivity } from '../defaults.ts';
import { errorAt, without, type FormProps } from './env.ts';
import { AddButton, COLUMN_HINT, hinted, RemoveButton, replaced } from './fields.tsx';
import { FileDrop, useUploadedFile } from './FileDrop.tsx';

type LoadFileConfig = ActivityConfig<'loadFile'>;
type ColumnType = FileColumn['type'];

const TYPES: { value: ColumnType; label: string }[] = [
  { value: 'string', label: 'Text' },
  { value: 'integer', label: 'Integer' },
  { value: 'decimal', label: 'Decimal' },
  { value: 'boolean', label: 'Yes / no' },
  { value: 'date', label: 'Date' },
  { value: 'timestamp', label: 'Date and time' },
];
const isType = (v: string | null): v is ColumnType => TYPES.some((t) => t.value === v);
const MAX_COLUMNS = 100;
const usable = new RegExp(COLUMN_PATTERN);
const starting = newActivity('loadFile', 'loadFile', 'Load file', { x: 0, y: 0 });
const STARTING_COLUMNS = starting.kind === 'loadFile' ? starting.config.columns : [];

/** The file's headers that can name a column, as text columns. */
function columnsOf(file: OrchestratedFile): FileColumn[] {
  return file.headers
    .filter((h) => usable.test(h) && h !== 'line_no')
    .slice(0, MAX_COLUMNS)
    .map((name) => ({ name, type: 'string' }));
}

/** Configured columns the file has no header for (the server also matches ignoring case). */
function missingFrom(file: OrchestratedFile | undefined, columns: readonly FileColumn[]) {
  if (!file) return [];
  const headers = new Set(file.headers.map((h) => h.toLowerCase()));
  return columns.filter((c) => c.name && !headers.has(c.name.toLowerCase())).map((c) => c.name);
}

function ColumnRow({
  column,
  index,
  onChange,
  onRemove,
  removable,
  error,
}: {
  column: FileColumn;
  index: number;
  onChange: (column: FileColumn) => void;
  onRemove: () => void;
  removable: boolean;
  error: string | undefined;
}) {
  return (
    <Group
      gap="xs"
      align="flex-start"
      wrap="nowrap"
      role="group"
      aria-label={`Column ${index + 1}`}
    >
      <TextInput
        aria-label={`Column ${index + 1} name`}
        value={column.name}
        onChange={(e) => onChange({ ...column, name: e.currentTarget.value })}
        error={hinted(error, column.name, COLUMN_HINT)}
        style={{ flex: 1 }}
      />
      <Select
        aria-label={`Column ${index + 1} type`}
        w={118}
        data={TYPES}
        value={column.type}
        allowDeselect={false}
        onChange={(type) => isType(type) && onChange({ ...column, type })}
        comboboxProps={{ withinPortal: true }}
      />
      <Checkbox
        aria-label={`Column ${index + 1} required`}
        mt={8}
        w={56}
        styles={{ body: { justifyContent: 'center' } }}
        checked={column.required ?? false}
        onChange={(e) => {
          const rest = without(column, 'required');
          onChange(e.currentTarget.checked ? { ...rest, required: true } : rest);
        }}
      />
      <RemoveButton
        top
        label={`Remove column ${index + 1}`}
        onClick={onRemove}
        disabled={!removable}
      />
    </Group>
  );
}

export function LoadFileForm({ config, onChange, errors }: FormProps<LoadFileConfig>) {
  const file = useUploadedFile(config.fileId);
  const missing = missingFrom(file, config.columns);
  const setColumns = (columns: FileColumn[]) => onChange({ ...config, columns });
  const onUploaded = (next: OrchestratedFile) => {
    const fromFile = columnsOf(next);
    // The starting columns, or columns matching none of the file's headers, give way to the
    // file's own; columns the marketer made for this file stay.
    const untouched = JSON.stringify(config.columns) === JSON.stringify(STARTING_COLUMNS);
    const fits = missingFrom(next, config.columns).length < config.columns.length;
    const replace = fromFile.length > 0 && (untouched || !fits);
    onChange({ ...config, fileId: next.id, columns: replace ? fromFile : config.columns });
  };
  return (
    <Stack gap="sm">
      <FileDrop fileId={config.fileId} onUploaded={onUploaded} error={errorAt(errors, '/fileId')} />
      <Stack gap={4} role="group" aria-label="Columns">
        <Group justify="space-between" align="flex-end">
          <Text size="sm" fw={500}>
            Columns
          </Text>
          {file && (
            <Button
              variant="subtle"
              size="compact-xs"
              onClick={() => setColumns(columnsOf(file))}
              disabled={columnsOf(file).length === 0}
            >
              Use the file&apos;s {columnsOf(file).length} columns
            </Button>
          )}
        </Group>
        <Text size="xs" c="dimmed">
          Each column reads the file column with the same header.
        </Text>
        <Group gap="xs" wrap="nowrap" aria-hidden>
          <Text size="xs" fw={500} style={{ flex: 1 }}>
            Name
          </Text>
          <Text size="xs" fw={500} w={118}>
            Type
          </Text>
          <Text size="xs" fw={500} w={56} ta="center">
            Required
          </Text>
          <span style={{ width: 28 }} />
        </Group>
        {config.columns.map((column, index) => (
          <ColumnRow
            key={index}
            column={column}
            index={index}
            removable={config.columns.length > 1}
            error={errorAt(errors, `/columns/${index}`)}
            onChange={(next) => setColumns(replaced(config.columns, index, next))}
            onRemove={() => setColumns(config.columns.filter((_, i) => i !== index))}
          />
        ))}
        {missing.length > 0 && (
          <Text size="xs" c="red" role="alert">
            The file has no column {missing.join(', ')}: the activity would fail. Rename or remove{' '}
            {missing.length === 1 ? 'it' : 'them'}.
          </Text>
        )}
        <AddButton
          disabled={config.columns.length >= MAX_COLUMNS}
          onClick={() =>
            setColumns([
              ...config.columns,
              { name: `column${config.columns.length + 1}`, type: 'string' },
            ])
          }
        >
          Add column
        </AddButton>
      </Stack>
      <Radio.Group
        label="Lines with a missing or badly typed value"
        value={config.rejects}
        onChange={(value) => onChange({ ...config, rejects: value === 'fail' ? 'fail' : 'skip' })}
      >
        <Stack gap={6} mt={6}>
          <Radio value="skip" label="Skip them: they go to the “Rejected lines” output" />
          <Radio value="fail" label="Fail the activity" />
        </Stack>
      </Radio.Group>
    </Stack>
  );
}
