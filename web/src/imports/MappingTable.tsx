import { Select, Table, Text, TextInput } from '@mantine/core';
import type { AttributeType } from '../api/imports.ts';
import { ColumnTargetSchema } from '../api/imports.ts';
import { schemaErrors } from '../api/forms.ts';
import type { Namespace } from '../api/profiles.ts';
import { targetOf, targetOptions, type MappingRow } from './mapping.ts';

const TYPE_OPTIONS: { value: AttributeType; label: string }[] = [
  { value: 'string', label: 'Text' },
  { value: 'number', label: 'Number' },
  { value: 'boolean', label: 'True / false' },
];

function typeOf(value: string | null): AttributeType {
  return TYPE_OPTIONS.find((option) => option.value === value)?.value ?? 'string';
}

/** Problems of a row's target (an attribute path that is not a dotted path), by row index. */
export function rowErrors(rows: readonly MappingRow[]): Record<number, string> {
  const errors: Record<number, string> = {};
  rows.forEach((row, index) => {
    const target = targetOf(row);
    if (target.to !== 'attribute') return;
    if (!target.path) errors[index] = 'Required';
    else if (schemaErrors(ColumnTargetSchema, target)['/path'])
      errors[index] = 'Names separated by dots: letters, digits, _ and -';
  });
  return errors;
}

export function MappingTable({
  rows,
  namespaces,
  errors,
  onChange,
}: {
  rows: MappingRow[];
  namespaces: readonly Namespace[];
  errors: Record<number, string>;
  onChange: (index: number, row: MappingRow) => void;
}) {
  const options = targetOptions(namespaces);
  return (
    <Table.ScrollContainer minWidth={820}>
      <Table verticalSpacing="xs" aria-label="Column mapping">
        <Table.Thead>
          <Table.Tr>
            <Table.Th w="22%">Column in the file</Table.Th>
            <Table.Th w="30%">Goes to</Table.Th>
            <Table.Th>Attribute path</Table.Th>
            <Table.Th w={170}>Value type</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((row, index) => {
            const isAttribute = row.choice === 'attribute';
            const name = row.header || `(column ${index + 1} has no name)`;
            return (
              <Table.Tr key={`${index}:${row.header}`}>
                <Table.Td>
                  <Text size="sm" ff="monospace" fw={500}>
                    {name}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Select
                    aria-label={`Target of column ${name}`}
                    data={options}
                    value={row.choice}
                    allowDeselect={false}
                    onChange={(value) =>
                      value &&
                      onChange(index, {
                        ...row,
                        choice: value,
                        path: value === 'attribute' && !row.path ? row.header : row.path,
                      })
                    }
                    comboboxProps={{ withinPortal: true }}
                  />
                </Table.Td>
                <Table.Td>
                  {isAttribute ? (
                    <TextInput
                      aria-label={`Attribute path of column ${name}`}
                      placeholder="e.g. loyalty.tier"
                      value={row.path}
                      error={errors[index]}
                      onChange={(event) =>
                        onChange(index, { ...row, path: event.currentTarget.value })
                      }
                      styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
                    />
                  ) : (
                    <Text size="sm" c="dimmed">
                      —
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  {isAttribute && (
                    <Select
                      aria-label={`Value type of column ${name}`}
                      data={TYPE_OPTIONS}
                      value={row.type}
                      allowDeselect={false}
                      onChange={(value) => onChange(index, { ...row, type: typeOf(value) })}
                      comboboxProps={{ withinPortal: true }}
                    />
                  )}
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
