// Direct mail: the file for a mail house — its name, and its columns in order, each a header and
// where the value comes from (a column of the incoming rows, or profile.<attribute path>).
import { Autocomplete, Group, Stack, Text, TextInput } from '@mantine/core';
import type { ActivityConfig } from '../../../../src/orchestration/model.ts';
import { errorAt, type FormProps } from './env.ts';
import { AddButton, MoveUpButton, movedUp, RemoveButton, replaced } from './fields.tsx';
import { useArrivingColumns } from './useArrivingColumns.ts';

type DirectMailConfig = ActivityConfig<'directMail'>;
type Column = DirectMailConfig['columns'][number];
const MAX_COLUMNS = 100;

/** A header for a source: the last part of an attribute path, or the column itself. */
function headerFor(source: string): string {
  return source.split('.').pop() ?? source;
}

function ColumnRow({
  column,
  index,
  sources,
  onChange,
  onRemove,
  onMoveUp,
  removable,
  errors,
  duplicate,
}: {
  column: Column;
  index: number;
  sources: string[];
  onChange: (column: Column) => void;
  onRemove: () => void;
  onMoveUp: () => void;
  removable: boolean;
  errors: FormProps<DirectMailConfig>['errors'];
  duplicate: boolean;
}) {
  const at = `/columns/${index}`;
  return (
    <Group gap={4} align="flex-start" wrap="nowrap" role="group" aria-label={`Column ${index + 1}`}>
      <TextInput
        aria-label={`Column ${index + 1} header`}
        w={120}
        value={column.header}
        onChange={(e) => onChange({ ...column, header: e.currentTarget.value })}
        error={duplicate ? 'Named twice' : errorAt(errors, `${at}/header`)}
      />
      <Autocomplete
        aria-label={`Column ${index + 1} value`}
        placeholder="profile.person.name.lastName"
        style={{ flex: 1 }}
        data={sources}
        limit={50}
        value={column.source}
        onChange={(source) =>
          onChange({
            // A header still following its source keeps following it.
            header:
              column.header === '' || column.header === headerFor(column.source)
                ? headerFor(source)
                : column.header,
            source,
          })
        }
        error={
          column.source.trim() === ''
            ? 'Choose a column or profile attribute'
            : errorAt(errors, `${at}/source`)
        }
        comboboxProps={{ withinPortal: true }}
      />
      {index > 0 ? (
        <MoveUpButton top label={`Move column ${index + 1} up`} onClick={onMoveUp} />
      ) : (
        <span style={{ width: 28, flex: 'none' }} />
      )}
      <RemoveButton
        top
        label={`Remove column ${index + 1}`}
        onClick={onRemove}
        disabled={!removable}
      />
    </Group>
  );
}

export function DirectMailForm({ config, onChange, errors, env }: FormProps<DirectMailConfig>) {
  const arriving = useArrivingColumns(env);
  // The incoming rows' own columns first, then what any profile offers.
  const sources = [
    ...new Set([
      ...arriving,
      'profile_id',
      ...env.builder.attributes.map((a) => `profile.${a.path}`),
    ]),
  ];
  const headers = config.columns.map((c) => c.header);
  const setColumns = (columns: Column[]) => onChange({ ...config, columns });
  const fileNameError = errorAt(errors, '/fileName');
  return (
    <Stack gap="sm">
      <TextInput
        label="File name"
        description="Letters, digits, dots, dashes and _ (e.g. mailing-2026-05.csv)"
        value={config.fileName}
        onChange={(e) => onChange({ ...config, fileName: e.currentTarget.value })}
        error={
          fileNameError &&
          (config.fileName === '' ? 'Required' : 'Use only letters, digits, dots, dashes and _')
        }
      />
      <Stack gap={4} role="group" aria-label="Columns of the file">
        <Text size="sm" fw={500}>
          Columns of the file
        </Text>
        <Text size="xs" c="dimmed">
          In order. A value is a column of the incoming rows or profile.&lt;attribute&gt; (profiles
          only).
        </Text>
        <Group gap={4} wrap="nowrap" aria-hidden>
          <Text size="xs" fw={500} w={120}>
            Header
          </Text>
          <Text size="xs" fw={500}>
            Value
          </Text>
        </Group>
        {config.columns.map((column, index) => (
          <ColumnRow
            key={index}
            column={column}
            index={index}
            sources={sources}
            errors={errors}
            duplicate={column.header !== '' && headers.indexOf(column.header) !== index}
            removable={config.columns.length > 1}
            onChange={(next) => setColumns(replaced(config.columns, index, next))}
            onRemove={() => setColumns(config.columns.filter((_, i) => i !== index))}
            onMoveUp={() => setColumns(movedUp(config.columns, index))}
          />
        ))}
        <AddButton
          disabled={config.columns.length >= MAX_COLUMNS}
          onClick={() => setColumns([...config.columns, { header: '', source: '' }])}
        >
          Add column
        </AddButton>
      </Stack>
      <Text size="xs" c="dimmed">
        The file is built each time the activity runs, test runs included.
      </Text>
    </Stack>
  );
}
