// Enrichment: columns added to each row — aggregates over linked dataset rows (count, sum, min,
// max, average, optionally of matching rows only), linked attributes, and the first N linked rows.
import { ActionIcon, Button, Group, Paper, Select, Stack, Text, TextInput } from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import type { ActivityConfig } from '../../../../src/orchestration/model.ts';
import { columnTypeOf } from '../../audiences/DatasetEditor.tsx';
import { filterDraftOf, filterOf } from '../../audiences/convert.ts';
import type { FilterDraft } from '../../audiences/draft.ts';
import { FilterList } from '../../audiences/FilterList.tsx';
import { errorAt, without, type FormProps } from './env.ts';
import { JsonField } from './JsonForm.tsx';
import { AttributeRow } from './AttributeRow.tsx';

type EnrichmentConfig = ActivityConfig<'enrichment'>;
type Aggregate = EnrichmentConfig['aggregates'][number];
const FNS = [
  { value: 'count', label: 'Count' },
  { value: 'sum', label: 'Sum' },
  { value: 'min', label: 'Minimum' },
  { value: 'max', label: 'Maximum' },
  { value: 'avg', label: 'Average' },
] as const;
const isFn = (v: string | null): v is Aggregate['fn'] => FNS.some((f) => f.value === v);

function AggregateCard({
  aggregate,
  index,
  onChange,
  onRemove,
  errors,
  env,
}: {
  aggregate: Aggregate;
  index: number;
  onChange: (aggregate: Aggregate) => void;
  onRemove: () => void;
} & Pick<FormProps<EnrichmentConfig>, 'errors' | 'env'>) {
  const [filters, setFilters] = useState<FilterDraft[]>(() =>
    (aggregate.where ?? []).map(filterDraftOf),
  );
  const dataset = env.builder.datasets.find((d) => d.name === aggregate.dataset);
  const columns = (dataset?.columns ?? []).map((c) => ({
    name: c.name,
    type: columnTypeOf(c.type),
  }));
  // A sum or an average needs numbers; the others compare any column.
  const choices = columns
    .filter((c) => c.type === 'number' || (aggregate.fn !== 'sum' && aggregate.fn !== 'avg'))
    .map((c) => c.name);
  const at = `/aggregates/${index}`;
  return (
    <Paper withBorder p="sm" radius="md" role="group" aria-label={`Aggregate ${index + 1}`}>
      <Group gap="xs" align="flex-end" wrap="nowrap">
        <TextInput
          label="Column name"
          w={130}
          value={aggregate.name}
          onChange={(e) => onChange({ ...aggregate, name: e.currentTarget.value })}
          error={errorAt(errors, `${at}/name`)}
        />
        <Select
          label="Function"
          w={110}
          data={FNS.map((f) => ({ ...f }))}
          value={aggregate.fn}
          allowDeselect={false}
          onChange={(fn) => {
            if (!isFn(fn)) return;
            const rest = without(aggregate, 'column');
            onChange(fn === 'count' ? { ...rest, fn } : { ...aggregate, fn });
          }}
          comboboxProps={{ withinPortal: true }}
        />
        <ActionIcon
          variant="subtle"
          color="red"
          aria-label={`Remove aggregate ${index + 1}`}
          onClick={onRemove}
          mb={4}
        >
          <IconTrash size={16} />
        </ActionIcon>
      </Group>
      <Group gap="xs" mt="xs" align="flex-end">
        <Select
          label="Of linked rows in"
          w={170}
          data={env.builder.datasets.map((d) => ({ value: d.name, label: d.title }))}
          value={aggregate.dataset || null}
          onChange={(name) => name && onChange({ ...aggregate, dataset: name })}
          error={errorAt(errors, `${at}/dataset`)}
          comboboxProps={{ withinPortal: true }}
        />
        {aggregate.fn !== 'count' && (
          <Select
            label="Column"
            w={150}
            data={choices}
            value={aggregate.column ?? null}
            onChange={(column) => column && onChange({ ...aggregate, column })}
            error={errorAt(errors, `${at}/column`)}
            comboboxProps={{ withinPortal: true }}
          />
        )}
      </Group>
      {dataset && (
        <Stack gap={4} mt="xs">
          <Text size="xs" c="dimmed">
            Only linked rows matching
          </Text>
          <FilterList
            filters={filters}
            path=""
            errors={{}}
            columns={columns}
            onChange={(next) => {
              setFilters(next);
              const rest = without(aggregate, 'where');
              onChange(next.length ? { ...rest, where: next.map(filterOf) } : rest);
            }}
          />
        </Stack>
      )}
    </Paper>
  );
}

export function EnrichmentForm({ config, onChange, errors, env }: FormProps<EnrichmentConfig>) {
  const firstDataset = env.builder.datasets[0]?.name ?? '';
  // Cards are keyed by position: adding or removing remounts the later ones, keeping drafts right.
  const [generation, setGeneration] = useState(0);
  const setAggregates = (aggregates: Aggregate[], remount = false) => {
    if (remount) setGeneration((g) => g + 1);
    onChange({ ...config, aggregates });
  };
  return (
    <Stack gap="sm">
      <Text size="sm" fw={600}>
        Aggregates of linked rows
      </Text>
      {config.aggregates.map((aggregate, index) => (
        <AggregateCard
          key={`${generation}-${index}`}
          aggregate={aggregate}
          index={index}
          errors={errors}
          env={env}
          onChange={(next) =>
            setAggregates(config.aggregates.map((a, i) => (i === index ? next : a)))
          }
          onRemove={() =>
            setAggregates(
              config.aggregates.filter((_, i) => i !== index),
              true,
            )
          }
        />
      ))}
      <Button
        variant="light"
        size="xs"
        leftSection={<IconPlus size={14} />}
        onClick={() =>
          setAggregates([
            ...config.aggregates,
            { name: `total${config.aggregates.length + 1}`, dataset: firstDataset, fn: 'count' },
          ])
        }
      >
        Add aggregate
      </Button>
      <Text size="sm" fw={600} mt="xs">
        Attributes
      </Text>
      {config.attributes.map((attribute, index) => (
        <AttributeRow
          key={index}
          attribute={attribute}
          index={index}
          errors={errors}
          builder={env.builder}
          onChange={(next) =>
            onChange({
              ...config,
              attributes: config.attributes.map((a, i) => (i === index ? next : a)),
            })
          }
          onRemove={() =>
            onChange({ ...config, attributes: config.attributes.filter((_, i) => i !== index) })
          }
        />
      ))}
      <Group gap="xs">
        <Button
          variant="light"
          size="xs"
          leftSection={<IconPlus size={14} />}
          onClick={() =>
            onChange({
              ...config,
              attributes: [
                ...config.attributes,
                {
                  name: `attribute${config.attributes.length + 1}`,
                  source: { kind: 'profile', path: '' },
                },
              ],
            })
          }
        >
          Profile attribute
        </Button>
        <Button
          variant="light"
          size="xs"
          leftSection={<IconPlus size={14} />}
          disabled={!firstDataset}
          onClick={() =>
            onChange({
              ...config,
              attributes: [
                ...config.attributes,
                {
                  name: `attribute${config.attributes.length + 1}`,
                  source: { kind: 'dataset', dataset: firstDataset, column: '' },
                },
              ],
            })
          }
        >
          Linked dataset column
        </Button>
      </Group>
      <JsonField
        label="First linked rows as columns"
        description='[{"prefix", "dataset", "count", "orderBy": {"column", "direction"}, "columns": […]}]'
        value={config.collected}
        onChange={(collected) =>
          Array.isArray(collected) &&
          onChange({ ...config, collected: collected as EnrichmentConfig['collected'] })
        }
        error={errorAt(errors, '/collected')}
      />
    </Stack>
  );
}
