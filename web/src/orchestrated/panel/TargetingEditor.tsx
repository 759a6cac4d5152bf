// Which rows of a dimension: for profiles the audience rule builder; for a dataset filters on its
// own columns and, optionally, a rule its linked profile must match; for a file, filters on the
// file's columns.
import { Select, Stack, Text } from '@mantine/core';
import type { Dimension, Targeting } from '../../../../src/orchestration/model.ts';
import { columnTypeOf } from '../../audiences/DatasetEditor.tsx';
import { FilterList, type TypedColumn } from '../../audiences/FilterList.tsx';
import type { BuilderData } from '../../audiences/useBuilderData.ts';
import { ProfileRule, useTargetingDrafts } from './ProfileRule.tsx';

export function DimensionSelect({
  label,
  value,
  onChange,
  data,
  allowFile,
}: {
  label: string;
  value: Dimension;
  onChange: (dimension: Dimension) => void;
  data: BuilderData;
  allowFile?: boolean;
}) {
  const options = [
    { value: 'profiles', label: 'Profiles' },
    ...data.datasets.map((d) => ({ value: `dataset:${d.name}`, label: `Dataset: ${d.title}` })),
    ...(allowFile ? [{ value: 'file', label: 'Rows of a file' }] : []),
  ];
  const current = value.kind === 'dataset' ? `dataset:${value.dataset}` : value.kind;
  return (
    <Select
      label={label}
      data={options}
      value={current}
      allowDeselect={false}
      onChange={(next) => {
        if (next === 'profiles') onChange({ kind: 'profiles' });
        else if (next === 'file') onChange({ kind: 'file' });
        else if (next?.startsWith('dataset:'))
          onChange({ kind: 'dataset', dataset: next.slice('dataset:'.length) });
      }}
      comboboxProps={{ withinPortal: true }}
    />
  );
}

export function TargetingEditor({
  dimension,
  targeting,
  onChange,
  data,
  columns,
  population = false,
}: {
  dimension: Dimension;
  targeting: Targeting;
  onChange: (targeting: Targeting) => void;
  data: BuilderData;
  /** Columns to filter on when the dimension is not profiles (a dataset's, a file's). */
  columns?: readonly TypedColumn[] | undefined;
  /** An incoming population of unknown dimension: filters on its columns and a profile rule. */
  population?: boolean;
}) {
  const drafts = useTargetingDrafts(targeting, onChange, data);
  // Profiles themselves, or the profile linked to each row.
  const ofProfiles = dimension.kind === 'profiles' && !population;
  const dataset =
    dimension.kind === 'dataset' ? data.datasets.find((d) => d.name === dimension.dataset) : null;
  const filterColumns =
    columns ??
    dataset?.columns.map((c) => ({ name: c.name, type: columnTypeOf(c.type) })) ??
    undefined;

  return (
    <Stack gap="sm">
      {(population || dimension.kind !== 'profiles') && (
        <Stack gap={4}>
          <Text size="sm" fw={500}>
            Rows whose columns match
          </Text>
          <FilterList
            filters={drafts.filters}
            path=""
            errors={{}}
            columns={filterColumns}
            onChange={drafts.changeFilters}
          />
        </Stack>
      )}
      {dimension.kind !== 'file' && (
        <ProfileRule
          title={ofProfiles ? 'Profiles matching' : 'Whose profile matches'}
          every={ofProfiles ? 'profile' : 'row'}
          drafts={drafts}
        />
      )}
    </Stack>
  );
}
