// Small forms: Save audience, Read audience, Combine and Change dimension.
import { Select, Stack, Switch, TagsInput, TextInput } from '@mantine/core';
import type { ActivityConfig } from '../../../../src/orchestration/model.ts';
import { NOT_CHOSEN } from '../defaults.ts';
import { errorAt, without, type FormProps } from './env.ts';
import { DimensionSelect } from './TargetingEditor.tsx';
import { useArrivingColumns, useColumnsOfEveryInput } from './useArrivingColumns.ts';

export function SaveAudienceForm({
  config,
  onChange,
  errors,
  env,
}: FormProps<ActivityConfig<'saveAudience'>>) {
  // The members' profile ids are saved anyway: the other columns are the ones to choose.
  const columns = useArrivingColumns(env, false);
  return (
    <Stack gap="sm">
      <TextInput
        label="Audience name"
        description="Created on the first run, replaced on the next ones (test runs save nothing)"
        value={config.name}
        onChange={(e) => onChange({ ...config, name: e.currentTarget.value })}
        error={errorAt(errors, '/name')}
        required
      />
      <TagsInput
        label="Columns kept with the members"
        description="As audience.<column> in content"
        data={columns}
        value={config.columns ?? []}
        onChange={(columns) => {
          const rest = without(config, 'columns');
          onChange(columns.length ? { ...rest, columns } : rest);
        }}
        error={errorAt(errors, '/columns')}
        comboboxProps={{ withinPortal: true }}
      />
    </Stack>
  );
}

export function ReadAudienceForm({
  config,
  onChange,
  errors,
  env,
}: FormProps<ActivityConfig<'readAudience'>>) {
  return (
    <Select
      label="Audience"
      searchable
      data={env.builder.audiences.map((a) => ({ value: a.id, label: a.name }))}
      value={config.audienceId === NOT_CHOSEN ? null : config.audienceId}
      onChange={(id) => id && onChange({ audienceId: id })}
      error={errorAt(errors, '/audienceId')}
      comboboxProps={{ withinPortal: true }}
    />
  );
}

const OPERATIONS = [
  { value: 'union', label: 'Union: rows in any input' },
  { value: 'intersection', label: 'Intersection: rows in every input' },
  { value: 'exclusion', label: 'Exclusion: the primary input without the others' },
] as const;
type Operation = ActivityConfig<'combine'>['operation'];
const isOperation = (v: string | null): v is Operation => OPERATIONS.some((o) => o.value === v);

export function CombineForm({
  config,
  onChange,
  errors,
  env,
}: FormProps<ActivityConfig<'combine'>>) {
  const columns = useColumnsOfEveryInput(env);
  return (
    <Stack gap="sm">
      <Select
        label="Operation"
        data={OPERATIONS.map((o) => ({ ...o }))}
        value={config.operation}
        allowDeselect={false}
        onChange={(operation) => isOperation(operation) && onChange({ ...config, operation })}
        comboboxProps={{ withinPortal: true }}
      />
      <Select
        label="Primary input"
        description="Required for an exclusion; its columns are kept"
        data={env.sources.map((s) => ({ value: s.id, label: s.label }))}
        value={config.primary ?? null}
        clearable
        onChange={(primary) => {
          const rest = without(config, 'primary');
          onChange(primary ? { ...rest, primary } : rest);
        }}
        error={errorAt(errors, '/primary')}
        comboboxProps={{ withinPortal: true }}
      />
      <TagsInput
        label="Columns kept"
        description="Besides the keys, from any input; empty: keys only"
        data={columns}
        value={config.columns === 'keys' ? [] : config.columns}
        onChange={(kept) => onChange({ ...config, columns: kept.length ? kept : 'keys' })}
        error={errorAt(errors, '/columns')}
        comboboxProps={{ withinPortal: true }}
      />
      <Switch
        label="Complement output (rows of the inputs not in the result)"
        checked={config.complement}
        onChange={(e) => onChange({ ...config, complement: e.currentTarget.checked })}
      />
    </Stack>
  );
}

export function ChangeDimensionForm({
  config,
  onChange,
  env,
}: FormProps<ActivityConfig<'changeDimension'>>) {
  return (
    <Stack gap="sm">
      <DimensionSelect
        label="New dimension"
        value={config.to}
        data={env.builder}
        onChange={(to) => onChange({ ...config, to })}
      />
      <Switch
        label="Keep duplicates (one row per link)"
        checked={config.keepDuplicates ?? false}
        onChange={(e) => onChange({ ...config, keepDuplicates: e.currentTarget.checked })}
      />
    </Stack>
  );
}
