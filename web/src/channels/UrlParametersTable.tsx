// Query parameters added to every tracked link (utm_source=…), at most ten, as an editable table.
import { ActionIcon, Button, Group, Input, Table, Text, TextInput } from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import type { EmailSettings } from '../api/channels.ts';
import { fieldId } from './fields.ts';
import type { FormContext } from './FormParts.tsx';

type Parameter = EmailSettings['urlParameters'][number];
export const MAX_URL_PARAMETERS = 10;
const PATH = '/settings/urlParameters';

export function UrlParametersTable({
  ctx,
  rows,
  onChange,
}: {
  ctx: FormContext;
  rows: Parameter[];
  onChange: (rows: Parameter[]) => void;
}) {
  const set = (index: number, change: Partial<Parameter>) =>
    onChange(rows.map((row, at) => (at === index ? { ...row, ...change } : row)));
  const full = rows.length >= MAX_URL_PARAMETERS;
  return (
    <Input.Wrapper
      label="URL parameters"
      labelElement="div"
      description="Added to every link in the message, e.g. utm_source = clarion. Up to 10."
      error={ctx.errors[PATH]}
    >
      {rows.length > 0 && (
        <Table mt="xs" verticalSpacing={4} withRowBorders={false} aria-label="URL parameters">
          <Table.Thead>
            <Table.Tr>
              <Table.Th w="40%">Name</Table.Th>
              <Table.Th>Value</Table.Th>
              <Table.Th w={40} />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((row, index) => {
              const at = `${PATH}/${index}`;
              return (
                <Table.Tr key={index}>
                  <Table.Td valign="top">
                    <TextInput
                      id={fieldId(`${at}/name`)}
                      aria-label={`Parameter ${index + 1} name`}
                      value={row.name}
                      onChange={(event) => set(index, { name: event.currentTarget.value })}
                      error={ctx.errors[`${at}/name`]}
                      readOnly={ctx.readOnly}
                      spellCheck={false}
                    />
                  </Table.Td>
                  <Table.Td valign="top">
                    <TextInput
                      id={fieldId(`${at}/value`)}
                      aria-label={`Parameter ${index + 1} value`}
                      value={row.value}
                      onChange={(event) => set(index, { value: event.currentTarget.value })}
                      error={ctx.errors[`${at}/value`]}
                      readOnly={ctx.readOnly}
                      spellCheck={false}
                    />
                  </Table.Td>
                  <Table.Td valign="top">
                    {!ctx.readOnly && (
                      <ActionIcon
                        variant="subtle"
                        color="gray"
                        mt={4}
                        aria-label={`Remove parameter ${index + 1}`}
                        onClick={() => onChange(rows.filter((_, at) => at !== index))}
                      >
                        <IconTrash size={16} />
                      </ActionIcon>
                    )}
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      )}
      {!ctx.readOnly && (
        <Group mt="xs" gap="sm">
          <Button
            id={fieldId(PATH)}
            size="compact-sm"
            variant="light"
            leftSection={<IconPlus size={14} />}
            disabled={full}
            onClick={() => onChange([...rows, { name: '', value: '' }])}
          >
            Add parameter
          </Button>
          {full && (
            <Text size="xs" c="dimmed">
              Ten is the most a configuration can have.
            </Text>
          )}
        </Group>
      )}
    </Input.Wrapper>
  );
}
