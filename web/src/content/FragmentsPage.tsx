// The fragments library: named pieces of content included with {{> name}}.
import {
  Anchor,
  Badge,
  Button,
  Center,
  Code,
  EmptyState,
  Loader,
  Paper,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconPlus, IconPuzzle, IconSearch } from '@tabler/icons-react';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { listFragments } from '../api/content.ts';
import { useSession } from '../auth/session.ts';
import { formatDateTime } from '../ui/format.ts';
import { LoadMore } from '../ui/LoadMore.tsx';
import { PageHeader } from '../ui/PageHeader.tsx';
import { QueryError } from '../ui/QueryError.tsx';

export function FragmentsPage() {
  const { can, sandbox } = useSession();
  const navigate = useNavigate();
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 300);
  const fragments = useInfiniteQuery({
    queryKey: ['content-fragments', sandbox, 'list', q],
    queryFn: ({ pageParam }) => listFragments(q, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
  const rows = fragments.data?.pages.flatMap((page) => page.items) ?? [];
  const create = can('content.write') && (
    <Button
      leftSection={<IconPlus size={16} />}
      onClick={() => void navigate('/content/fragments/new')}
    >
      New fragment
    </Button>
  );

  return (
    <>
      <PageHeader
        title="Content fragments"
        description="Reusable pieces (headers, footers, legal text) that templates include by name with {{> name}}. A change reaches every template that includes the fragment."
        action={create}
      />
      <Paper withBorder radius="md" p="md">
        <TextInput
          label="Search by name"
          leftSection={<IconSearch size={16} />}
          value={search}
          onChange={(event) => setSearch(event.currentTarget.value)}
          maw={320}
          mb="md"
        />
        {fragments.isPending ? (
          <Center py="xl">
            <Loader aria-label="Loading fragments" />
          </Center>
        ) : fragments.isError ? (
          <QueryError error={fragments.error} onRetry={() => void fragments.refetch()} />
        ) : rows.length === 0 ? (
          <EmptyState
            py="xl"
            icon={<IconPuzzle size={28} />}
            withIndicatorBackground
            title={q ? 'No fragments match' : 'No fragments yet'}
            description={
              q
                ? `No fragment name contains "${q}".`
                : 'Write a footer or a legal notice once and include it in every template with {{> name}}.'
            }
          >
            {create && !q && <EmptyState.Actions>{create}</EmptyState.Actions>}
          </EmptyState>
        ) : (
          <>
            <Table highlightOnHover verticalSpacing="sm" aria-label="Content fragments">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Name</Table.Th>
                  <Table.Th>Include as</Table.Th>
                  <Table.Th>Kind</Table.Th>
                  <Table.Th>Description</Table.Th>
                  <Table.Th>Updated</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((fragment) => {
                  const to = `/content/fragments/${fragment.id}`;
                  return (
                    <Table.Tr
                      key={fragment.id}
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
                          {fragment.name}
                        </Anchor>
                      </Table.Td>
                      <Table.Td>
                        <Code>{`{{> ${fragment.name}}}`}</Code>
                      </Table.Td>
                      <Table.Td>
                        <Badge variant="light" color={fragment.kind === 'html' ? 'blue' : 'gray'}>
                          {fragment.kind === 'html' ? 'HTML' : 'Text'}
                        </Badge>
                      </Table.Td>
                      <Table.Td maw={360}>
                        <Text
                          size="sm"
                          c={fragment.description ? undefined : 'dimmed'}
                          lineClamp={2}
                        >
                          {fragment.description || '—'}
                        </Text>
                      </Table.Td>
                      <Table.Td style={{ whiteSpace: 'nowrap' }}>
                        {formatDateTime(fragment.updatedAt)} · {fragment.updatedBy}
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
            <LoadMore
              hasMore={fragments.hasNextPage}
              loading={fragments.isFetchingNextPage}
              shown={rows.length}
              onLoad={() => void fragments.fetchNextPage()}
            />
          </>
        )}
      </Paper>
    </>
  );
}
