// An attribute condition: a path picked from the attributes profiles have (or typed freely),
// its type (pre-selected from what the profiles hold), the operator and its values.
import { Autocomplete, Badge, Group, Select, Stack, Text } from '@mantine/core';
import { ATTRIBUTE_TYPES, type AttributeType } from '../../../src/audiences/model.ts';
import type { AttributeInfo } from '../api/audiences.ts';
import type { FieldErrors } from '../api/forms.ts';
import { ComparableFields } from './ComparableFields.tsx';
import { withType, type AttributeDraft } from './draft.ts';
import { TYPE_LABELS, options } from './labels.ts';
import { messageAt } from './problems.ts';

export function typeOf(value: string | null | undefined): AttributeType | undefined {
  return ATTRIBUTE_TYPES.find((type) => type === value);
}

const TYPE_COLORS: Record<string, string> = {
  string: 'blue',
  number: 'teal',
  boolean: 'grape',
  date: 'orange',
  mixed: 'gray',
};

export function TypeBadge({ type }: { type: string }) {
  return (
    <Badge size="xs" variant="light" color={TYPE_COLORS[type] ?? 'gray'} tt="none">
      {type}
    </Badge>
  );
}

export function AttributeEditor({
  node,
  path,
  errors,
  attributes,
  onChange,
}: {
  node: AttributeDraft;
  path: string;
  errors: FieldErrors;
  attributes: readonly AttributeInfo[];
  onChange: (node: AttributeDraft) => void;
}) {
  const known = new Map(attributes.map((a) => [a.path, a]));
  const info = known.get(node.path.trim());
  const choosePath = (value: string) => {
    const type = typeOf(known.get(value.trim())?.type);
    const moved = type && type !== node.type ? withType(node, type) : node;
    onChange({ ...moved, path: value });
  };
  return (
    <Group align="flex-start" gap="sm">
      <Autocomplete
        label="Attribute"
        placeholder="e.g. loyalty.tier"
        data={attributes.map((a) => a.path)}
        value={node.path}
        onChange={choosePath}
        error={messageAt(errors, `${path}/path`)}
        w={230}
        limit={50}
        maxDropdownHeight={280}
        comboboxProps={{ withinPortal: true, width: 320, position: 'bottom-start' }}
        styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
        renderOption={({ option }) => {
          const item = known.get(option.value);
          return (
            <Stack gap={0}>
              <Group gap={6} wrap="nowrap">
                <Text size="sm" ff="monospace">
                  {option.value}
                </Text>
                {item && <TypeBadge type={item.type} />}
              </Group>
              {item && item.samples.length > 0 && (
                <Text size="xs" c="dimmed" lineClamp={1}>
                  e.g. {item.samples.join(', ')}
                </Text>
              )}
            </Stack>
          );
        }}
      />
      <Select
        label="Type"
        data={options(TYPE_LABELS)}
        value={node.type}
        allowDeselect={false}
        onChange={(value) => {
          const type = typeOf(value);
          if (type) onChange(withType(node, type));
        }}
        error={messageAt(errors, `${path}/type`)}
        w={130}
        comboboxProps={{ withinPortal: true }}
      />
      <ComparableFields
        draft={node}
        path={path}
        errors={errors}
        placeholder={info?.samples[0] ? `e.g. ${info.samples[0]}` : undefined}
        onChange={(change) => onChange({ ...node, ...change })}
      />
    </Group>
  );
}
