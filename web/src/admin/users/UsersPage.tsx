import { Button, Group, Paper, Select, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconSearch, IconUserPlus } from '@tabler/icons-react';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { listUsers, type UserStatus } from '../../api/admin.ts';
import { useSession } from '../../auth/session.ts';
import { LoadMore } from '../../ui/LoadMore.tsx';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { QueryError } from '../../ui/QueryError.tsx';
import { AddUserModal } from './AddUserModal.tsx';
import { UsersTable } from './UsersTable.tsx';

const STATUS_OPTIONS: { value: UserStatus; label: string }[] = [
  { value: 'active', label: 'Active' },
  { value: 'invited', label: 'Invited' },
  { value: 'disabled', label: 'Disabled' },
];

function statusOf(value: string | null): UserStatus | null {
  return STATUS_OPTIONS.find((option) => option.value === value)?.value ?? null;
}

export function UsersPage() {
  const { can, sandbox } = useSession();
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 300);
  const [status, setStatus] = useState<UserStatus | null>(null);
  const [adding, setAdding] = useState(false);
  const users = useInfiniteQuery({
    queryKey: ['users', sandbox, q, status],
    queryFn: ({ pageParam }) => listUsers({ q, status, cursor: pageParam }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
  const rows = users.data?.pages.flatMap((page) => page.items) ?? [];
  const filtered = q !== '' || status !== null;

  return (
    <>
      <PageHeader
        title="Users & roles"
        description="Who can sign in to Clarion, and what each person may do in each sandbox."
        action={
          can('users.manage') && (
            <Button leftSection={<IconUserPlus size={18} />} onClick={() => setAdding(true)}>
              Add user
            </Button>
          )
        }
      />
      <Paper withBorder radius="md" p="md">
        <Group mb="md" align="flex-end">
          <TextInput
            label="Search"
            placeholder="Email or name"
            leftSection={<IconSearch size={16} />}
            value={search}
            onChange={(event) => setSearch(event.currentTarget.value)}
            w={300}
          />
          <Select
            label="Status"
            placeholder="Any status"
            data={STATUS_OPTIONS}
            value={status}
            onChange={(value) => setStatus(statusOf(value))}
            clearable
            w={180}
          />
        </Group>
        {users.isError ? (
          <QueryError error={users.error} onRetry={() => void users.refetch()} />
        ) : (
          <>
            <UsersTable
              users={rows}
              loading={users.isPending}
              filtered={filtered}
              onClearFilters={() => {
                setSearch('');
                setStatus(null);
              }}
              onAdd={can('users.manage') ? () => setAdding(true) : undefined}
            />
            {!users.isPending && rows.length > 0 && (
              <LoadMore
                hasMore={users.hasNextPage}
                loading={users.isFetchingNextPage}
                shown={rows.length}
                onLoad={() => void users.fetchNextPage()}
              />
            )}
          </>
        )}
      </Paper>
      <AddUserModal opened={adding} onClose={() => setAdding(false)} />
    </>
  );
}
