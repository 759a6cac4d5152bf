// The list of one kind of governance object: search by name, filter by status, open one or
// start a new draft.
import {
  Anchor,
  Button,
  Center,
  EmptyState,
  Group,
  Loader,
  Paper,
  Select,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconPlus, IconSearch, IconShieldCheck } from '@tabler/icons-react';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import type { GovernanceStatus } from '../api/governance.ts';
import { useSession } from '../auth/session.ts';
import { formatDateTime } from '../ui/format.ts';
import { LoadMore } from '../ui/LoadMore.tsx';
import { PageHeader } from '../ui/PageHeader.tsx';
import { QueryError } from '../ui/QueryError.tsx';
import { GovernanceStatusBadge } from './GovernanceStatusBadge.tsx';
import { listKey, type GovernanceItem, type GovernanceKind } from './kind.ts';
import { STATUS_LOOK } from './labels.ts';

const isStatus = (value: string | null): value is GovernanceStatus =>
  value !== null && value in STATUS_LOOK;

export function GovernanceListPage<Item extends GovernanceItem, Input>({
  kind,
}: {
  kind: GovernanceKind<Item, Input>;
}) {
  const { can, sandbox } = useSession();
  const navigate = useNavigate();
  const [search, setSearch] = useState('');
  const [status, setStatus] = useState<GovernanceStatus | null>(null);
  const [q] = useDebouncedValue(search.trim(), 300);
  const filters = { status, q };
  const list = useInfiniteQuery({
    queryKey: [...listKey(kind.key, sandbox), filters],
    queryFn: ({ pageParam }) => kind.api.list(filters, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
  const rows = list.data?.pages.flatMap((page) => page.items) ?? [];
  const filtered = Boolean(q || status);
  const create = can('governance.write') && (
    <Button
      component={Link}
      to={`${kind.path}/new`}
      leftSection={<IconPlus size={16} />}
    >{`New ${kind.noun}`}</Button>
  );

  return (
    <>
      <PageHeader title={kind.title} description={kind.description} action={create} />
      <Paper withBorder radius="md" p="md">
        <Group mb="md" align="flex-end">
          <TextInput
            label="Search by name"
            leftSection={<IconSearch size={16} />}
            value={search}
            onChange={(event) => setSearch(event.currentTarget.value)}
            maw={280}
          />
          <Select
            label="Status"
            placeholder="Any status"
            data={Object.entries(STATUS_LOOK).map(([value, look]) => ({
              value,
              label: look.label,
            }))}
            value={status}
            onChange={(value) => setStatus(isStatus(value) ? value : null)}
            clearable
            w={180}
          />
        </Group>
        {list.isPending ? (
          <Center py="xl">
            <Loader aria-label={`Loading ${kind.title.toLowerCase()}`} />
          </Center>
        ) : list.isError ? (
          <QueryError error={list.error} onRetry={() => void list.refetch()} />
        ) : rows.length === 0 ? (
          <EmptyState
            py="xl"
            icon={<IconShieldCheck size={28} />}
            withIndicatorBackground
            title={
              filtered
                ? `No ${kind.title.toLowerCase()} match`
                : `No ${kind.title.toLowerCase()} yet`
            }
            description={filtered ? 'Change the search or the status.' : kind.emptyDescription}
          >
            {create && !filtered && <EmptyState.Actions>{create}</EmptyState.Actions>}
          </EmptyState>
        ) : (
          <>
            <Table highlightOnHover verticalSpacing="sm" aria-label={kind.title}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Name</Table.Th>
                  <Table.Th>{kind.summaryLabel}</Table.Th>
                  <Table.Th>Status</Table.Th>
                  <Table.Th>Updated</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((item) => {
                  const to = `${kind.path}/${item.id}`;
                  return (
                    <Table.Tr
                      key={item.id}
                      onClick={() => void navigate(to)}
                      style={{ cursor: 'pointer' }}
                    >
                      <Table.Td>
                        <Anchor
                          component={Link}
                          to={to}
                          size="sm"
                          fw={500}
                          onClick={(event) => event.stopPropagation()}
                        >
                          {item.name}
                        </Anchor>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">{kind.summary(item)}</Text>
                      </Table.Td>
                      <Table.Td>
                        <GovernanceStatusBadge status={item.status} />
                      </Table.Td>
                      <Table.Td style={{ whiteSpace: 'nowrap' }}>
                        {formatDateTime(item.updatedAt)}
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
            <LoadMore
              hasMore={list.hasNextPage}
              loading={list.isFetchingNextPage}
              shown={rows.length}
              onLoad={() => void list.fetchNextPage()}
            />
          </>
        )}
      </Paper>
    </>
  );
}
