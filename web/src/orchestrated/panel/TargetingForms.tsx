// Build audience and Incremental query: the dimension, which rows, and for an incremental query
// the date column that says which rows are new since the last successful run.
import { Select, Stack, TextInput } from '@mantine/core';
import type { ActivityConfig, Dimension } from '../../../../src/orchestration/model.ts';
import { errorAt, type FormProps } from './env.ts';
import { DimensionSelect, TargetingEditor } from './TargetingEditor.tsx';

const dimensionKey = (d: Dimension) => (d.kind === 'dataset' ? `dataset:${d.dataset}` : d.kind);

export function BuildAudienceForm({
  config,
  onChange,
  env,
}: FormProps<ActivityConfig<'buildAudience'>>) {
  return (
    <Stack gap="sm">
      <DimensionSelect
        label="Dimension"
        value={config.dimension}
        data={env.builder}
        onChange={(dimension) => onChange({ dimension, targeting: {} })}
      />
      <TargetingEditor
        key={dimensionKey(config.dimension)}
        dimension={config.dimension}
        targeting={config.targeting}
        data={env.builder}
        onChange={(targeting) => onChange({ ...config, targeting })}
      />
    </Stack>
  );
}

export function IncrementalQueryForm({
  config,
  onChange,
  errors,
  env,
}: FormProps<ActivityConfig<'incrementalQuery'>>) {
  const dataset =
    config.dimension.kind === 'dataset'
      ? env.builder.datasets.find(
          (d) => config.dimension.kind === 'dataset' && d.name === config.dimension.dataset,
        )
      : undefined;
  const dateColumns = dataset
    ? dataset.columns.filter((c) => c.type === 'date' || c.type === 'timestamp').map((c) => c.name)
    : ['createdAt', 'updatedAt'];
  return (
    <Stack gap="sm">
      <DimensionSelect
        label="Dimension"
        value={config.dimension}
        data={env.builder}
        onChange={(dimension) =>
          onChange({
            dimension,
            targeting: {},
            dateColumn: dimension.kind === 'profiles' ? 'updatedAt' : '',
          })
        }
      />
      {dateColumns.length > 0 ? (
        <Select
          label="Date column"
          description="Only rows whose date is after the last successful run"
          data={dateColumns}
          value={config.dateColumn || null}
          onChange={(value) => value && onChange({ ...config, dateColumn: value })}
          error={errorAt(errors, '/dateColumn')}
          comboboxProps={{ withinPortal: true }}
        />
      ) : (
        <TextInput
          label="Date column"
          value={config.dateColumn}
          onChange={(e) => onChange({ ...config, dateColumn: e.currentTarget.value })}
          error={errorAt(errors, '/dateColumn')}
        />
      )}
      <TargetingEditor
        key={dimensionKey(config.dimension)}
        dimension={config.dimension}
        targeting={config.targeting}
        data={env.builder}
        onChange={(targeting) => onChange({ ...config, targeting })}
      />
    </Stack>
  );
}
