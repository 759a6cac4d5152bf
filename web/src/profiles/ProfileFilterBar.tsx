// The profiles list's filters: identity prefix (in one namespace or any), attribute path and
// value, and test profiles only. Problems with what was typed show next to the field.
import { Group, Select, Switch, TextInput } from '@mantine/core';
import { IconSearch } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import type { FieldErrors } from '../api/forms.ts';
import { listNamespaces, type ProfileFilters } from '../api/profiles.ts';
import { useSession } from '../auth/session.ts';

export const NO_FILTERS: ProfileFilters = {
  identity: '',
  namespace: null,
  attribute: '',
  value: '',
  testOnly: false,
};

export function isFiltered(filters: ProfileFilters): boolean {
  return JSON.stringify(filters) !== JSON.stringify(NO_FILTERS);
}

export function useNamespaces() {
  const { sandbox } = useSession();
  return useQuery({
    queryKey: ['identity-namespaces', sandbox],
    queryFn: listNamespaces,
    staleTime: 60_000,
  });
}

export function ProfileFilterBar({
  filters,
  errors,
  onChange,
}: {
  filters: ProfileFilters;
  errors: FieldErrors;
  onChange: (filters: ProfileFilters) => void;
}) {
  const namespaces = useNamespaces();
  const options = (namespaces.data?.items ?? []).map((n) => ({ value: n.code, label: n.title }));
  const set = <K extends keyof ProfileFilters>(key: K, value: ProfileFilters[K]) =>
    onChange({ ...filters, [key]: value });

  return (
    <Group mb="md" align="flex-start" gap="sm" role="search" aria-label="Filter profiles">
      <TextInput
        label="Identity starts with"
        placeholder="e.g. anna@ or +4479"
        leftSection={<IconSearch size={16} />}
        value={filters.identity}
        onChange={(event) => set('identity', event.currentTarget.value)}
        error={errors['/identity']}
        w={240}
      />
      <Select
        label="Namespace"
        placeholder="Any namespace"
        data={options}
        value={filters.namespace}
        onChange={(value) => set('namespace', value)}
        error={errors['/namespace']}
        clearable
        w={180}
      />
      <TextInput
        label="Attribute"
        placeholder="e.g. loyalty.tier"
        value={filters.attribute}
        onChange={(event) => set('attribute', event.currentTarget.value)}
        error={errors['/attribute']}
        w={200}
      />
      <TextInput
        label="Value"
        placeholder="e.g. gold"
        value={filters.value}
        disabled={!filters.attribute}
        onChange={(event) => set('value', event.currentTarget.value)}
        error={errors['/value']}
        w={170}
      />
      <Switch
        label="Test profiles only"
        checked={filters.testOnly}
        onChange={(event) => set('testOnly', event.currentTarget.checked)}
        mt={32}
      />
    </Group>
  );
}
