// A dataset condition: profiles that have (or have no) linked rows in a dataset, optionally only
// rows whose columns match, how many of them, and a sum / average / … over a numeric column.
import { Group, Select, Stack, Text } from '@mantine/core';
import type { AttributeType } from '../../../src/audiences/model.ts';
import type { ColumnType, Dataset } from '../api/datasets.ts';
import type { FieldErrors } from '../api/forms.ts';
import type { DatasetDraft } from './draft.ts';
import { FilterList, type TypedColumn } from './FilterList.tsx';
import { AggregateFields, CountFields } from './MeasureFields.tsx';
import { messageAt } from './problems.ts';

export function columnTypeOf(type: ColumnType): AttributeType {
  if (type === 'integer' || type === 'decimal') return 'number';
  if (type === 'date' || type === 'timestamp') return 'date';
  return type === 'boolean' ? 'boolean' : 'string';
}

const EXISTS_OPTIONS = [
  { value: 'yes', label: 'have a matching row' },
  { value: 'no', label: 'have no matching row' },
];

export function DatasetEditor({
  node,
  path,
  errors,
  datasets,
  onChange,
}: {
  node: DatasetDraft;
  path: string;
  errors: FieldErrors;
  datasets: readonly Dataset[];
  onChange: (node: DatasetDraft) => void;
}) {
  const linked = datasets.filter((d) => d.link?.kind === 'profile');
  const chosen = datasets.find((d) => d.name === node.dataset);
  const columns: TypedColumn[] = (chosen?.columns ?? []).map((c) => ({
    name: c.name,
    type: columnTypeOf(c.type),
  }));
  const numeric = columns.filter((c) => c.type === 'number').map((c) => c.name);
  const data = linked.map((d) => ({ value: d.name, label: `${d.title} (${d.name})` }));
  if (node.dataset && !linked.some((d) => d.name === node.dataset))
    data.push({ value: node.dataset, label: `${node.dataset} (not linked to profiles)` });

  return (
    <Stack gap="sm">
      <Group gap="sm" align="flex-start">
        <Select
          label="Dataset"
          placeholder={linked.length ? 'Choose a dataset' : 'No dataset is linked to profiles'}
          data={data}
          value={node.dataset || null}
          onChange={(value) =>
            onChange({ ...node, dataset: value ?? '', where: [], aggregate: null })
          }
          error={messageAt(errors, `${path}/dataset`)}
          searchable
          w={240}
          comboboxProps={{ withinPortal: true }}
        />
        <Select
          label="Profiles that"
          data={EXISTS_OPTIONS}
          value={node.exists ? 'yes' : 'no'}
          allowDeselect={false}
          onChange={(value) => onChange({ ...node, exists: value !== 'no' })}
          w={210}
          comboboxProps={{ withinPortal: true }}
        />
        <CountFields
          count={node.count}
          path={path}
          errors={errors}
          unit="Rows"
          onChange={(count) => onChange({ ...node, count })}
        />
      </Group>
      {linked.length === 0 && (
        <Text size="sm" c="dimmed">
          Only datasets linked to profiles can be used; link one under Administration → Datasets.
        </Text>
      )}
      {chosen && (
        <>
          <div>
            <Text size="xs" fw={600} c="dimmed" mb={4}>
              Only rows whose columns match
            </Text>
            <FilterList
              filters={node.where}
              path={path}
              errors={errors}
              columns={columns}
              onChange={(where) => onChange({ ...node, where })}
            />
          </div>
          <AggregateFields
            aggregate={node.aggregate}
            path={path}
            errors={errors}
            numericColumns={numeric}
            onChange={(aggregate) => onChange({ ...node, aggregate })}
          />
        </>
      )}
    </Stack>
  );
}
