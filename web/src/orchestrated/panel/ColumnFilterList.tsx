// Filters on the columns of an incoming population. The column is picked from those the
// definition says arrive (columns.ts), which sets the filter's type, or typed freely for a column
// it cannot know (an uploaded audience's file the console has not loaded, say), with its type.
import { ActionIcon, Autocomplete, Button, Group, Paper, Select, Stack, Text } from '@mantine/core';
import { IconFilterPlus, IconX } from '@tabler/icons-react';
import type { PopulationColumn } from '../../../../src/orchestration/columns.ts';
import { typeOf } from '../../audiences/AttributeEditor.tsx';
import { ComparableFields } from '../../audiences/ComparableFields.tsx';
import { newFilter, withType, type FilterDraft } from '../../audiences/draft.ts';
import { TYPE_LABELS, options } from '../../audiences/labels.ts';

function FilterRow({
  filter,
  index,
  columns,
  onChange,
  onRemove,
}: {
  filter: FilterDraft;
  index: number;
  columns: readonly PopulationColumn[];
  onChange: (filter: FilterDraft) => void;
  onRemove: () => void;
}) {
  const typeOfColumn = new Map(columns.map((c) => [c.name, c.type]));
  return (
    <Paper
      withBorder
      radius="sm"
      p="xs"
      bg="gray.0"
      role="group"
      aria-label={`Filter ${index + 1}`}
    >
      <Group align="flex-start" gap="sm" wrap="nowrap">
        <Group align="flex-start" gap="sm" style={{ flex: 1 }}>
          <Autocomplete
            label="Column"
            placeholder={columns.length ? 'Pick or type' : 'Column name'}
            data={columns.map((c) => c.name)}
            renderOption={({ option }) => (
              <Group gap="xs" justify="space-between" wrap="nowrap" w="100%">
                <Text size="sm">{option.value}</Text>
                <Text size="xs" c="dimmed">
                  {TYPE_LABELS[typeOfColumn.get(option.value) ?? 'string']}
                </Text>
              </Group>
            )}
            value={filter.field}
            onChange={(field) => {
              // A known column brings its type; a typed one keeps the type chosen.
              const type = typeOfColumn.get(field);
              onChange({ ...(type ? withType(filter, type) : filter), field });
            }}
            w={180}
            comboboxProps={{ withinPortal: true }}
          />
          <Select
            label="Type"
            data={options(TYPE_LABELS)}
            value={filter.type}
            allowDeselect={false}
            onChange={(value) => {
              const type = typeOf(value);
              if (type) onChange(withType(filter, type));
            }}
            w={120}
            comboboxProps={{ withinPortal: true }}
          />
          <ComparableFields
            draft={filter}
            path={`/where/${index}`}
            errors={{}}
            onChange={(change) => onChange({ ...filter, ...change })}
          />
        </Group>
        <ActionIcon
          variant="subtle"
          color="gray"
          mt={26}
          aria-label={`Remove filter ${index + 1}`}
          onClick={onRemove}
        >
          <IconX size={16} />
        </ActionIcon>
      </Group>
    </Paper>
  );
}

export function ColumnFilterList({
  filters,
  columns,
  onChange,
}: {
  filters: FilterDraft[];
  /** The columns known to arrive, suggested in this order. */
  columns: readonly PopulationColumn[];
  onChange: (filters: FilterDraft[]) => void;
}) {
  return (
    <Stack gap="xs">
      {filters.map((filter, index) => (
        <FilterRow
          key={filter.key}
          filter={filter}
          index={index}
          columns={columns}
          onChange={(next) => onChange(filters.map((f, i) => (i === index ? next : f)))}
          onRemove={() => onChange(filters.filter((_, i) => i !== index))}
        />
      ))}
      <Group>
        <Button
          variant="subtle"
          size="xs"
          leftSection={<IconFilterPlus size={14} />}
          onClick={() => onChange([...filters, newFilter()])}
        >
          Add column filter
        </Button>
      </Group>
    </Stack>
  );
}
