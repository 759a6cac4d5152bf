// Split: ordered subsets, each with filters on the incoming population, an optional limit (a
// count or a percentage, after sorting) and whether to skip it when empty; then whether a row
// may fall in several subsets and whether the rest goes to a complement output.
import {
  ActionIcon,
  Autocomplete,
  Button,
  Group,
  NumberInput,
  Paper,
  Select,
  Stack,
  Switch,
  Text,
  TextInput,
} from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useMemo } from 'react';
import type { ActivityConfig, SplitSubset } from '../../../../src/orchestration/model.ts';
import { arrivingColumns, errorAt, without, type FormProps } from './env.ts';
import { PopulationTargeting } from './PopulationTargeting.tsx';

type SplitConfig = ActivityConfig<'split'>;

function nextKey(subsets: readonly SplitSubset[]): string {
  const taken = new Set(subsets.map((s) => s.key));
  for (let n = subsets.length + 1; ; n += 1) if (!taken.has(`subset${n}`)) return `subset${n}`;
}

function LimitFields({
  subset,
  columns,
  onChange,
}: {
  subset: SplitSubset;
  /** The input's own columns: the order reads the worktable. */
  columns: readonly string[];
  onChange: (subset: SplitSubset) => void;
}) {
  const limit = subset.limit ?? {};
  const mode =
    limit.percent !== undefined ? 'percent' : limit.count !== undefined ? 'count' : 'none';
  const setLimit = (next: SplitSubset['limit']) => {
    const rest = without(subset, 'limit');
    onChange(next ? { ...rest, limit: next } : rest);
  };
  return (
    <Group gap="xs" align="flex-end">
      <Select
        label="Limit"
        w={130}
        data={[
          { value: 'none', label: 'No limit' },
          { value: 'count', label: 'Count' },
          { value: 'percent', label: 'Percent' },
        ]}
        value={mode}
        allowDeselect={false}
        onChange={(value) => {
          if (value === 'count')
            setLimit({ count: 100, ...(limit.orderBy && { orderBy: limit.orderBy }) });
          else if (value === 'percent')
            setLimit({ percent: 10, ...(limit.orderBy && { orderBy: limit.orderBy }) });
          else setLimit(undefined);
        }}
        comboboxProps={{ withinPortal: true }}
      />
      {mode !== 'none' && (
        <>
          <NumberInput
            label={mode === 'count' ? 'Rows' : '%'}
            w={90}
            min={0}
            max={mode === 'percent' ? 100 : undefined}
            value={(mode === 'count' ? limit.count : limit.percent) ?? 0}
            onChange={(value) =>
              setLimit({ ...limit, [mode]: typeof value === 'number' ? value : 0 })
            }
          />
          <Autocomplete
            label="Sorted by column"
            placeholder="random"
            w={140}
            data={columns}
            value={limit.orderBy?.column ?? ''}
            comboboxProps={{ withinPortal: true }}
            onChange={(column) => {
              const rest = without(limit, 'orderBy');
              setLimit(
                column
                  ? { ...rest, orderBy: { column, direction: limit.orderBy?.direction ?? 'desc' } }
                  : rest,
              );
            }}
          />
          {limit.orderBy && (
            <Select
              label="Order"
              w={110}
              data={[
                { value: 'desc', label: 'Highest' },
                { value: 'asc', label: 'Lowest' },
              ]}
              value={limit.orderBy.direction}
              allowDeselect={false}
              onChange={(value) =>
                limit.orderBy &&
                setLimit({
                  ...limit,
                  orderBy: { ...limit.orderBy, direction: value === 'asc' ? 'asc' : 'desc' },
                })
              }
              comboboxProps={{ withinPortal: true }}
            />
          )}
        </>
      )}
    </Group>
  );
}

export function SplitForm({ config, onChange, errors, env }: FormProps<SplitConfig>) {
  const setSubset = (index: number, subset: SplitSubset) =>
    onChange({ ...config, subsets: config.subsets.map((s, i) => (i === index ? subset : s)) });
  const { definition, activityId, builder } = env;
  const population = useMemo(
    () => arrivingColumns({ definition, activityId, builder }),
    [definition, activityId, builder],
  );
  const ownColumns = population?.columns.map((c) => c.name) ?? [];
  return (
    <Stack gap="sm">
      <Text size="sm" c="dimmed">
        Subsets are filled in order; each is an output of its own.
        {population?.attributesByRule &&
          ' Filters read the incoming columns; profile attributes need a rule on the profile (or an Enrichment first).'}
        {!population && ' Connect an input to pick its columns.'}
      </Text>
      {config.subsets.map((subset, index) => (
        <Paper
          key={subset.key}
          withBorder
          p="sm"
          radius="md"
          role="group"
          aria-label={`Subset ${index + 1}`}
        >
          <Group justify="space-between" align="flex-end" mb="xs">
            <TextInput
              label={`Subset ${index + 1}`}
              value={subset.label}
              onChange={(e) => setSubset(index, { ...subset, label: e.currentTarget.value })}
              error={errorAt(errors, `/subsets/${index}/label`)}
              style={{ flex: 1 }}
            />
            <ActionIcon
              variant="subtle"
              color="red"
              aria-label={`Remove subset ${index + 1}`}
              disabled={config.subsets.length === 1}
              onClick={() =>
                onChange({ ...config, subsets: config.subsets.filter((_, i) => i !== index) })
              }
            >
              <IconTrash size={16} />
            </ActionIcon>
          </Group>
          <PopulationTargeting
            population={population}
            targeting={subset.filter ?? {}}
            data={env.builder}
            onChange={(filter) => {
              const rest = without(subset, 'filter');
              setSubset(index, Object.keys(filter).length > 0 ? { ...rest, filter } : rest);
            }}
          />
          <Group mt="xs" align="flex-end" justify="space-between">
            <LimitFields
              subset={subset}
              columns={ownColumns}
              onChange={(next) => setSubset(index, next)}
            />
            <Switch
              label="Skip when empty"
              checked={subset.skipEmpty ?? false}
              onChange={(e) => setSubset(index, { ...subset, skipEmpty: e.currentTarget.checked })}
            />
          </Group>
        </Paper>
      ))}
      <Button
        variant="light"
        size="xs"
        leftSection={<IconPlus size={14} />}
        disabled={config.subsets.length >= 20}
        onClick={() => {
          const key = nextKey(config.subsets);
          onChange({
            ...config,
            subsets: [...config.subsets, { key, label: `Subset ${config.subsets.length + 1}` }],
          });
        }}
      >
        Add subset
      </Button>
      <Switch
        label="A row may fall in several subsets"
        checked={config.overlap}
        onChange={(e) => onChange({ ...config, overlap: e.currentTarget.checked })}
      />
      <Switch
        label="Complement output (rows in no subset)"
        checked={config.complement}
        onChange={(e) => onChange({ ...config, complement: e.currentTarget.checked })}
      />
    </Stack>
  );
}
