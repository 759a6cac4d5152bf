import { Group, SegmentedControl, Select, Stack, Text } from '@mantine/core';
import { CARDINALITIES, type Cardinality, type Dataset } from '../../api/datasets.ts';
import type { FieldErrors } from '../../api/forms.ts';
import type { Namespace } from '../../api/profiles.ts';
import { errorAt } from './ColumnEditor.tsx';
import type { ColumnDraft, LinkDraft, LinkKind } from './draft.ts';

export const CARDINALITY_TITLES: Record<Cardinality, string> = {
  '1-1': '1-1 · one row per linked record',
  'N-1': 'N-1 · many rows per linked record',
  '1-N': '1-N · one row for many linked records',
};
const CARDINALITY_OPTIONS = CARDINALITIES.map((c) => ({ value: c, label: CARDINALITY_TITLES[c] }));
const KINDS: { value: LinkKind; label: string }[] = [
  { value: 'none', label: 'No link' },
  { value: 'profile', label: 'To profiles' },
  { value: 'dataset', label: 'To another dataset' },
];

export function LinkEditor({
  link,
  columns,
  namespaces,
  datasets,
  errors,
  onChange,
}: {
  link: LinkDraft;
  columns: ColumnDraft[];
  namespaces: readonly Namespace[];
  datasets: readonly Dataset[];
  errors: FieldErrors;
  onChange: (link: LinkDraft) => void;
}) {
  const set = (change: Partial<LinkDraft>) => onChange({ ...link, ...change });
  const named = columns.filter((column) => column.name.trim());
  const stringColumns = named.filter((c) => c.type === 'string').map((c) => c.name.trim());
  const target = datasets.find((dataset) => dataset.name === link.dataset);
  const cardinality = (
    <Select
      label="Cardinality"
      data={CARDINALITY_OPTIONS}
      value={link.cardinality}
      allowDeselect={false}
      onChange={(value) =>
        set({ cardinality: CARDINALITIES.find((c) => c === value) ?? link.cardinality })
      }
      error={errors['/link/cardinality']}
      w={300}
      comboboxProps={{ withinPortal: true }}
    />
  );

  return (
    <Stack gap="sm">
      <SegmentedControl
        aria-label="Link"
        data={KINDS}
        value={link.kind}
        onChange={(value) => set({ kind: KINDS.find((k) => k.value === value)?.value ?? 'none' })}
        style={{ alignSelf: 'flex-start' }}
      />
      {errors['/link'] && (
        <Text size="sm" c="red" role="alert">
          {errors['/link']}
        </Text>
      )}
      {link.kind === 'profile' && (
        <Group align="flex-start">
          <Select
            label="Column"
            description="A text column holding the profile's identity"
            placeholder="Choose a column"
            data={stringColumns}
            value={link.column}
            onChange={(value) => set({ column: value })}
            error={errors['/link/column']}
            w={240}
            comboboxProps={{ withinPortal: true }}
          />
          <Select
            label="Matched by"
            description="The identity namespace of its values"
            placeholder="Choose"
            data={[
              { value: 'profileId', label: 'Profile id (UUID)' },
              ...namespaces.map((n) => ({ value: n.code, label: `Identity: ${n.title}` })),
            ]}
            value={link.by}
            onChange={(value) => set({ by: value })}
            error={errors['/link/by']}
            w={240}
            comboboxProps={{ withinPortal: true }}
          />
          {cardinality}
        </Group>
      )}
      {link.kind === 'dataset' && (
        <Stack gap="sm">
          <Group align="flex-start">
            <Select
              label="Dataset"
              placeholder={datasets.length ? 'Choose a dataset' : 'No other dataset yet'}
              data={datasets.map((d) => ({ value: d.name, label: `${d.title} (${d.name})` }))}
              value={link.dataset}
              onChange={(value) => {
                const next = datasets.find((d) => d.name === value);
                set({ dataset: value, columns: next ? next.primaryKey.map(() => null) : [] });
              }}
              error={errors['/link/dataset']}
              w={300}
              comboboxProps={{ withinPortal: true }}
            />
            {cardinality}
          </Group>
          {target && (
            <Group align="flex-start">
              {target.primaryKey.map((key, index) => (
                <Select
                  key={key}
                  label={`Matches ${target.name}.${key}`}
                  placeholder="Choose a column"
                  data={named.map((c) => c.name.trim())}
                  value={link.columns[index] ?? null}
                  onChange={(value) =>
                    set({
                      columns: target.primaryKey.map((_, i) =>
                        i === index ? value : (link.columns[i] ?? null),
                      ),
                    })
                  }
                  error={
                    errorAt(errors, `/link/columns/${index}`) ??
                    (index === 0 ? errors['/link/columns'] : undefined)
                  }
                  w={240}
                  comboboxProps={{ withinPortal: true }}
                />
              ))}
            </Group>
          )}
        </Stack>
      )}
    </Stack>
  );
}
