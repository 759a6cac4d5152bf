import { Button, Group, Paper } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconHistory, IconUpload } from '@tabler/icons-react';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { ProfileSearch } from '../../../src/profiles/model.ts';
import { schemaErrors } from '../api/forms.ts';
import { searchProfiles, type ProfileFilters, type ProfileQuery } from '../api/profiles.ts';
import { useSession } from '../auth/session.ts';
import { LoadMore } from '../ui/LoadMore.tsx';
import { PageHeader } from '../ui/PageHeader.tsx';
import { QueryError } from '../ui/QueryError.tsx';
import { isFiltered, NO_FILTERS, ProfileFilterBar } from './ProfileFilterBar.tsx';
import { ProfilesTable } from './ProfilesTable.tsx';

/** The search the API is asked: trimmed, and only parameters that are set. */
function queryOf(filters: ProfileFilters): ProfileQuery {
  return {
    identity: filters.identity.trim() || undefined,
    namespace: filters.namespace ?? undefined,
    attribute: filters.attribute.trim() || undefined,
    value: filters.attribute.trim() ? filters.value.trim() || undefined : undefined,
    testProfile: filters.testOnly || undefined,
  };
}

export function ProfilesPage() {
  const { can, sandbox, me } = useSession();
  const [filters, setFilters] = useState<ProfileFilters>(NO_FILTERS);
  const [debounced] = useDebouncedValue(filters, 300);
  const errors = schemaErrors(ProfileSearch, queryOf(filters));
  const valid = Object.keys(schemaErrors(ProfileSearch, queryOf(debounced))).length === 0;
  const profiles = useInfiniteQuery({
    queryKey: ['profiles', sandbox, debounced],
    queryFn: ({ pageParam }) => searchProfiles(queryOf(debounced), pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
    enabled: valid,
  });
  const rows = profiles.data?.pages.flatMap((page) => page.items) ?? [];
  const canImport = can('profiles.write');

  return (
    <>
      <PageHeader
        title="Profiles"
        description={`People in the sandbox ${me.sandbox.title} (${me.sandbox.name}): their identities, attributes and consent.`}
        action={
          <Group gap="sm" wrap="nowrap">
            <Button
              variant="default"
              component={Link}
              to="/profiles/imports"
              leftSection={<IconHistory size={18} />}
            >
              Imports
            </Button>
            {canImport && (
              <Button component={Link} to="/profiles/import" leftSection={<IconUpload size={18} />}>
                Import profiles
              </Button>
            )}
          </Group>
        }
      />
      <Paper withBorder radius="md" p="md">
        <ProfileFilterBar filters={filters} errors={errors} onChange={setFilters} />
        {profiles.isError ? (
          <QueryError error={profiles.error} onRetry={() => void profiles.refetch()} />
        ) : (
          <>
            <ProfilesTable
              profiles={rows}
              loading={valid && profiles.isPending}
              filtered={isFiltered(debounced)}
              onClearFilters={() => setFilters(NO_FILTERS)}
              canImport={canImport}
            />
            {!profiles.isPending && rows.length > 0 && (
              <LoadMore
                hasMore={profiles.hasNextPage}
                loading={profiles.isFetchingNextPage}
                shown={rows.length}
                onLoad={() => void profiles.fetchNextPage()}
              />
            )}
          </>
        )}
      </Paper>
    </>
  );
}
