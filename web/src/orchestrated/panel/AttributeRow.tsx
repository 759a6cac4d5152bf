// One linked attribute of an Enrichment: the column it adds and where its value comes from (a
// profile attribute path, or a column of the linked dataset row).
import { ActionIcon, Group, TextInput } from '@mantine/core';
import { IconTrash } from '@tabler/icons-react';
import type { ActivityConfig } from '../../../../src/orchestration/model.ts';
import { errorAt, type FormProps } from './env.ts';

type EnrichmentConfig = ActivityConfig<'enrichment'>;
type Attribute = EnrichmentConfig['attributes'][number];

export function AttributeRow({
  attribute,
  index,
  onChange,
  onRemove,
  errors,
}: {
  attribute: Attribute;
  index: number;
  onChange: (attribute: Attribute) => void;
  onRemove: () => void;
  errors: FormProps<EnrichmentConfig>['errors'];
}) {
  const source = attribute.source;
  return (
    <Group
      gap="xs"
      align="flex-end"
      wrap="nowrap"
      role="group"
      aria-label={`Attribute ${index + 1}`}
    >
      <TextInput
        label="Column name"
        w={130}
        value={attribute.name}
        onChange={(e) => onChange({ ...attribute, name: e.currentTarget.value })}
        error={errorAt(errors, `/attributes/${index}/name`)}
      />
      <TextInput
        label={source.kind === 'profile' ? 'Profile attribute path' : `Column of ${source.dataset}`}
        style={{ flex: 1 }}
        value={source.kind === 'profile' ? source.path : source.column}
        onChange={(e) => {
          const value = e.currentTarget.value;
          onChange({
            ...attribute,
            source:
              source.kind === 'profile' ? { ...source, path: value } : { ...source, column: value },
          });
        }}
        error={errorAt(errors, `/attributes/${index}/source`)}
      />
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
  );
}
