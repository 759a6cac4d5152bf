// The audiences of the sandbox by name, with how each is made: search, open one, or make a new
// one (rule, upload or combination).
import { Anchor, Center, EmptyState, Loader, Paper, Table, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconSearch, IconUsersGroup } from '@tabler/icons-react';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { listAudiences, type Audience } from '../api/audiences.ts';
import { useSession } from '../auth/session.ts';
import { formatDateTime } from '../ui/format.ts';
import { LoadMore } from '../ui/LoadMore.tsx';
import { PageHeader } from '../ui/PageHeader.tsx';
import { QueryError } from '../ui/QueryError.tsx';
import { KindBadge } from './KindBadge.tsx';
import { NewAudienceMenu } from './NewAudienceMenu.tsx';

const NUMBER = new Intl.NumberFormat();

/** Uploads know their members; the others are counted on their page. */
function membersOf(audience: Audience) {
  if (audience.kind === 'upload') return NUMBER.format(audience.upload.members);
  return (
    <Text span size="sm" c="dimmed">
      —
    </Text>
  );
}

export function AudiencesPage() {
  const { can, sandbox, me } = useSession();
  const navigate = useNavigate();
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 300);
  const audiences = useInfiniteQuery({
    queryKey: ['audiences', sandbox, 'search', q],
    queryFn: ({ pageParam }) => listAudiences(q, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
  const rows = audiences.data?.pages.flatMap((page) => page.items) ?? [];
  const createButton = can('audiences.write') && <NewAudienceMenu />;

  return (
    <>
      <PageHeader
        title="Audiences"
        description={`Who a campaign reaches in the sandbox ${me.sandbox.title} (${me.sandbox.name}): rules over attributes, events, consent, subscriptions and datasets, uploaded lists, and combinations of audiences.`}
        action={createButton}
      />
      <Paper withBorder radius="md" p="md">
        <TextInput
          label="Search by name"
          placeholder="e.g. gold"
          leftSection={<IconSearch size={16} />}
          value={search}
          onChange={(event) => setSearch(event.currentTarget.value)}
          maw={360}
          mb="md"
        />
        {audiences.isPending ? (
          <Center py="xl">
            <Loader aria-label="Loading audiences" />
          </Center>
        ) : audiences.isError ? (
          <QueryError error={audiences.error} onRetry={() => void audiences.refetch()} />
        ) : rows.length === 0 ? (
          q ? (
            <EmptyState
              py="xl"
              icon={<IconSearch size={28} />}
              withIndicatorBackground
              title="No audiences match"
              description={`No audience name contains "${q}".`}
            />
          ) : (
            <EmptyState
              py="xl"
              icon={<IconUsersGroup size={28} />}
              withIndicatorBackground
              title="No audiences yet"
              description="Build a rule over profile attributes, events, consent, subscription lists and datasets and see how many profiles match as you build it, or upload a CSV of identities."
            >
              {createButton && <EmptyState.Actions>{createButton}</EmptyState.Actions>}
            </EmptyState>
          )
        ) : (
          <>
            <Table.ScrollContainer minWidth={800}>
              <Table highlightOnHover verticalSpacing="sm" aria-label="Audiences">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Name</Table.Th>
                    <Table.Th>Kind</Table.Th>
                    <Table.Th ta="right">Members</Table.Th>
                    <Table.Th>Description</Table.Th>
                    <Table.Th>Updated</Table.Th>
                    <Table.Th>Created by</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {rows.map((audience) => {
                    const to = `/audiences/${audience.id}`;
                    return (
                      <Table.Tr
                        key={audience.id}
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
                            {audience.name}
                          </Anchor>
                        </Table.Td>
                        <Table.Td>
                          <KindBadge audience={audience} />
                        </Table.Td>
                        <Table.Td ta="right">{membersOf(audience)}</Table.Td>
                        <Table.Td maw={420}>
                          <Text
                            size="sm"
                            c={audience.description ? undefined : 'dimmed'}
                            lineClamp={2}
                          >
                            {audience.description || '—'}
                          </Text>
                        </Table.Td>
                        <Table.Td style={{ whiteSpace: 'nowrap' }}>
                          {formatDateTime(audience.updatedAt)}
                        </Table.Td>
                        <Table.Td>{audience.createdBy}</Table.Td>
                      </Table.Tr>
                    );
                  })}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
            <LoadMore
              hasMore={audiences.hasNextPage}
              loading={audiences.isFetchingNextPage}
              shown={rows.length}
              onLoad={() => void audiences.fetchNextPage()}
            />
          </>
        )}
      </Paper>
    </>
  );
}
