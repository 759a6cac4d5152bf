// Filters on event properties (typed freely) or on dataset columns (picked; their type follows
// the column), each a typed comparison.
import { ActionIcon, Button, Group, Paper, Select, Stack, Text, TextInput } from '@mantine/core';
import { IconFilterPlus, IconX } from '@tabler/icons-react';
import type { AttributeType } from '../../../src/audiences/model.ts';
import type { FieldErrors } from '../api/forms.ts';
import { typeOf } from './AttributeEditor.tsx';
import { ComparableFields } from './ComparableFields.tsx';
import { newFilter, withType, type FilterDraft } from './draft.ts';
import { TYPE_LABELS, options } from './labels.ts';
import { messageAt } from './problems.ts';

export interface TypedColumn {
  name: string;
  type: AttributeType;
}

export function FilterList({
  filters,
  path,
  errors,
  columns,
  onChange,
}: {
  filters: FilterDraft[];
  /** JSON pointer of the condition; filters live at `${path}/where/${i}`. */
  path: string;
  errors: FieldErrors;
  /** Dataset columns to pick from; without them the field is typed (event properties). */
  columns?: readonly TypedColumn[] | undefined;
  onChange: (filters: FilterDraft[]) => void;
}) {
  const noun = columns ? 'column' : 'property';
  const update = (index: number, next: FilterDraft) =>
    onChange(filters.map((f, i) => (i === index ? next : f)));
  return (
    <Stack gap="xs">
      {filters.map((filter, index) => {
        const at = `${path}/where/${index}`;
        const own = errors[at];
        return (
          <Paper
            key={filter.key}
            withBorder
            radius="sm"
            p="xs"
            bg="gray.0"
            role="group"
            aria-label={`Filter ${index + 1}`}
          >
            <Group align="flex-start" gap="sm" wrap="nowrap">
              <Group align="flex-start" gap="sm" style={{ flex: 1 }}>
                {columns ? (
                  <Select
                    label="Column"
                    data={columns.map((c) => c.name)}
                    value={filter.field || null}
                    onChange={(value) => {
                      const column = columns.find((c) => c.name === value);
                      if (column)
                        update(index, { ...withType(filter, column.type), field: column.name });
                    }}
                    error={messageAt(errors, `${at}/field`) ?? messageAt(errors, `${at}/type`)}
                    w={180}
                    comboboxProps={{ withinPortal: true }}
                  />
                ) : (
                  <>
                    <TextInput
                      label="Property"
                      placeholder="e.g. amount"
                      value={filter.field}
                      onChange={(event) =>
                        update(index, { ...filter, field: event.currentTarget.value })
                      }
                      error={messageAt(errors, `${at}/field`)}
                      w={160}
                    />
                    <Select
                      label="Type"
                      data={options(TYPE_LABELS)}
                      value={filter.type}
                      allowDeselect={false}
                      onChange={(value) => {
                        const type = typeOf(value);
                        if (type) update(index, withType(filter, type));
                      }}
                      error={messageAt(errors, `${at}/type`)}
                      w={130}
                      comboboxProps={{ withinPortal: true }}
                    />
                  </>
                )}
                <ComparableFields
                  draft={filter}
                  path={at}
                  errors={errors}
                  onChange={(change) => update(index, { ...filter, ...change })}
                />
              </Group>
              <ActionIcon
                variant="subtle"
                color="gray"
                mt={26}
                aria-label={`Remove filter ${index + 1}`}
                onClick={() => onChange(filters.filter((_, i) => i !== index))}
              >
                <IconX size={16} />
              </ActionIcon>
            </Group>
            {own && (
              <Text size="xs" c="red" mt={4}>
                {own}
              </Text>
            )}
          </Paper>
        );
      })}
      <Group>
        <Button
          variant="subtle"
          size="xs"
          leftSection={<IconFilterPlus size={14} />}
          onClick={() => {
            const first = columns?.[0];
            onChange([...filters, first ? newFilter(first.type, first.name) : newFilter()]);
          }}
          disabled={columns !== undefined && columns.length === 0}
        >
          Add {noun} filter
        </Button>
      </Group>
    </Stack>
  );
}
