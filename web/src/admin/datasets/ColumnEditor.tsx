import {
  ActionIcon,
  Button,
  Checkbox,
  Group,
  MultiSelect,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Tooltip,
} from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { COLUMN_TYPES, type ColumnType } from '../../api/datasets.ts';
import type { FieldErrors } from '../../api/forms.ts';
import { newColumn, type ColumnDraft } from './draft.ts';

export const TYPE_TITLES: Record<ColumnType, string> = {
  string: 'Text',
  integer: 'Integer',
  decimal: 'Decimal',
  boolean: 'True / false',
  date: 'Date',
  timestamp: 'Timestamp',
};
const TYPE_OPTIONS = COLUMN_TYPES.map((type) => ({ value: type, label: TYPE_TITLES[type] }));

function typeOf(value: string | null): ColumnType {
  return COLUMN_TYPES.find((type) => type === value) ?? 'string';
}

/** The first message at a path or below it (/primaryKey, /primaryKey/1 …). */
export function errorAt(errors: FieldErrors, path: string): string | undefined {
  return errors[path] ?? Object.entries(errors).find(([key]) => key.startsWith(`${path}/`))?.[1];
}

export function ColumnEditor({
  columns,
  primaryKey,
  errors,
  onColumns,
  onPrimaryKey,
}: {
  columns: ColumnDraft[];
  primaryKey: string[];
  errors: FieldErrors;
  onColumns: (columns: ColumnDraft[]) => void;
  onPrimaryKey: (primaryKey: string[]) => void;
}) {
  const update = (index: number, change: Partial<ColumnDraft>) =>
    onColumns(columns.map((column, i) => (i === index ? { ...column, ...change } : column)));
  const rename = (index: number, name: string) => {
    const old = columns[index]?.name ?? '';
    update(index, { name });
    if (old && primaryKey.includes(old))
      onPrimaryKey(primaryKey.map((key) => (key === old ? name : key)));
  };
  const remove = (index: number) => {
    const gone = columns[index]?.name;
    onColumns(columns.filter((_, i) => i !== index));
    if (gone) onPrimaryKey(primaryKey.filter((key) => key !== gone));
  };
  const names = [...new Set(columns.map((column) => column.name.trim()).filter(Boolean))];

  return (
    <Stack gap="sm">
      <Table verticalSpacing={6} aria-label="Columns">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Name</Table.Th>
            <Table.Th w={200}>Type</Table.Th>
            <Table.Th w={140}>May be empty</Table.Th>
            <Table.Th w={50} aria-label="Remove" />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {columns.map((column, index) => {
            const isKey = primaryKey.includes(column.name.trim());
            const label = column.name.trim() || `column ${index + 1}`;
            return (
              <Table.Tr key={column.key}>
                <Table.Td valign="top">
                  <TextInput
                    aria-label={`Name of column ${index + 1}`}
                    placeholder="e.g. order_id"
                    value={column.name}
                    onChange={(event) => rename(index, event.currentTarget.value)}
                    error={errors[`/columns/${index}/name`]}
                    styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
                  />
                </Table.Td>
                <Table.Td valign="top">
                  <Select
                    aria-label={`Type of ${label}`}
                    data={TYPE_OPTIONS}
                    value={column.type}
                    allowDeselect={false}
                    onChange={(value) => update(index, { type: typeOf(value) })}
                    error={errors[`/columns/${index}/type`]}
                    comboboxProps={{ withinPortal: true }}
                  />
                </Table.Td>
                <Table.Td valign="top" pt={14}>
                  <Tooltip label="Key columns are always required" disabled={!isKey}>
                    <Checkbox
                      aria-label={`${label} may be empty`}
                      checked={column.nullable && !isKey}
                      disabled={isKey}
                      onChange={(event) => update(index, { nullable: event.currentTarget.checked })}
                      error={errors[`/columns/${index}/nullable`]}
                    />
                  </Tooltip>
                </Table.Td>
                <Table.Td valign="top" pt={10}>
                  <ActionIcon
                    variant="subtle"
                    color="red"
                    aria-label={`Remove ${label}`}
                    disabled={columns.length === 1}
                    onClick={() => remove(index)}
                  >
                    <IconTrash size={16} />
                  </ActionIcon>
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
      {errors['/columns'] && (
        <Text size="sm" c="red" role="alert">
          {errors['/columns']}
        </Text>
      )}
      <Group>
        <Button
          variant="light"
          size="xs"
          leftSection={<IconPlus size={14} />}
          onClick={() => onColumns([...columns, newColumn()])}
        >
          Add column
        </Button>
      </Group>
      <MultiSelect
        label="Primary key"
        description="The column(s) that identify a row; importing a row with a known key replaces it."
        placeholder={primaryKey.length ? undefined : 'Choose key columns'}
        data={names}
        value={primaryKey.filter((key) => names.includes(key))}
        onChange={onPrimaryKey}
        error={errorAt(errors, '/primaryKey')}
        maw={520}
        comboboxProps={{ withinPortal: true }}
      />
    </Stack>
  );
}
