// One linked attribute of an Enrichment: the column it adds and where its value comes from (a
// profile attribute path, picked from the paths profiles have or typed, or a column of the linked
// row of a dataset).
import { ActionIcon, Autocomplete, Group, Select, Stack, TextInput } from '@mantine/core';
import { IconTrash } from '@tabler/icons-react';
import type { ActivityConfig } from '../../../../src/orchestration/model.ts';
import type { BuilderData } from '../../audiences/useBuilderData.ts';
import { errorAt, type FormProps } from './env.ts';

type EnrichmentConfig = ActivityConfig<'enrichment'>;
type Attribute = EnrichmentConfig['attributes'][number];

/** Where the value comes from: a profile path, or the dataset whose linked row holds it. */
function SourceField({
  attribute,
  onChange,
  error,
  builder,
}: {
  attribute: Attribute;
  onChange: (attribute: Attribute) => void;
  error: string | undefined;
  builder: BuilderData;
}) {
  const source = attribute.source;
  if (source.kind === 'profile')
    return (
      <Autocomplete
        label="Profile attribute path"
        placeholder="e.g. loyalty.tier"
        style={{ flex: 1 }}
        data={builder.attributes.map((a) => a.path)}
        value={source.path}
        onChange={(path) => onChange({ ...attribute, source: { ...source, path } })}
        error={error}
        limit={50}
        comboboxProps={{ withinPortal: true }}
      />
    );
  return (
    <Select
      label="Linked row of dataset"
      style={{ flex: 1 }}
      data={builder.datasets.map((d) => ({ value: d.name, label: d.title }))}
      value={source.dataset || null}
      allowDeselect={false}
      onChange={(name) =>
        name && onChange({ ...attribute, source: { ...source, dataset: name, column: '' } })
      }
      comboboxProps={{ withinPortal: true }}
    />
  );
}

export function AttributeRow({
  attribute,
  index,
  onChange,
  onRemove,
  errors,
  builder,
}: {
  attribute: Attribute;
  index: number;
  onChange: (attribute: Attribute) => void;
  onRemove: () => void;
  errors: FormProps<EnrichmentConfig>['errors'];
  builder: BuilderData;
}) {
  const source = attribute.source;
  const error = errorAt(errors, `/attributes/${index}/source`);
  const columns =
    source.kind === 'dataset'
      ? (builder.datasets.find((d) => d.name === source.dataset)?.columns ?? [])
      : [];
  return (
    <Stack gap={4} role="group" aria-label={`Attribute ${index + 1}`}>
      <Group gap="xs" align="flex-end" wrap="nowrap">
        <TextInput
          label="Column name"
          w={120}
          value={attribute.name}
          onChange={(e) => onChange({ ...attribute, name: e.currentTarget.value })}
          error={errorAt(errors, `/attributes/${index}/name`)}
        />
        <SourceField attribute={attribute} onChange={onChange} error={error} builder={builder} />
        <ActionIcon
          variant="subtle"
          color="red"
          aria-label={`Remove attribute ${index + 1}`}
          onClick={onRemove}
          mb={4}
        >
          <IconTrash size={16} />
        </ActionIcon>
      </Group>
      {source.kind === 'dataset' && (
        <Select
          label="Dataset column"
          ml={128}
          mr={36}
          data={columns.map((c) => c.name)}
          value={source.column || null}
          onChange={(column) => column && onChange({ ...attribute, source: { ...source, column } })}
          error={error}
          comboboxProps={{ withinPortal: true }}
        />
      )}
    </Stack>
  );
}
