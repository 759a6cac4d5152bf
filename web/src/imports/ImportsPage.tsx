import {
  Anchor,
  Breadcrumbs,
  Button,
  Center,
  EmptyState,
  Loader,
  Paper,
  Table,
  Text,
} from '@mantine/core';
import { IconUpload } from '@tabler/icons-react';
import { useInfiniteQuery } from '@tanstack/react-query';
import { Link, useNavigate } from 'react-router-dom';
import { assertNever } from '../../../src/platform/assert.ts';
import { listImports, type Import } from '../api/imports.ts';
import { useSession } from '../auth/session.ts';
import { formatDateTime } from '../ui/format.ts';
import { LoadMore } from '../ui/LoadMore.tsx';
import { PageHeader } from '../ui/PageHeader.tsx';
import { QueryError } from '../ui/QueryError.tsx';
import { ImportStatusBadge, isFinished } from './ImportStatusBadge.tsx';
import { percentOf } from './ImportProgress.tsx';
import { RejectionsButton } from './RejectionsButton.tsx';

const NUMBER = new Intl.NumberFormat();

function whatOf(item: Import): string {
  switch (item.kind) {
    case 'profiles':
      return 'Profiles';
    case 'dataset':
      return `Dataset ${item.dataset ?? ''}`;
    case 'audience':
      return 'Audience upload';
    default:
      return assertNever(item.kind);
  }
}

export function ImportsPage() {
  const { can, sandbox } = useSession();
  const navigate = useNavigate();
  const imports = useInfiniteQuery({
    queryKey: ['imports', sandbox],
    queryFn: ({ pageParam }) => listImports(pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
    // While one is running, the list follows it.
    refetchInterval: (query) =>
      query.state.data?.pages.some((page) => page.items.some((i) => !isFinished(i.status)))
        ? 2000
        : false,
  });
  const rows = imports.data?.pages.flatMap((page) => page.items) ?? [];
  const canImport = can('profiles.write');
  const importButton = canImport && (
    <Button component={Link} to="/profiles/import" leftSection={<IconUpload size={18} />}>
      Import profiles
    </Button>
  );

  return (
    <>
      <Breadcrumbs mb="md">
        <Anchor component={Link} to="/profiles" size="sm">
          Profiles
        </Anchor>
        <Text size="sm">Imports</Text>
      </Breadcrumbs>
      <PageHeader
        title="Imports"
        description="Files of profiles, dataset rows and uploaded audiences imported into this sandbox, newest first."
        action={importButton}
      />
      <Paper withBorder radius="md" p="md">
        {imports.isPending ? (
          <Center py="xl">
            <Loader aria-label="Loading imports" />
          </Center>
        ) : imports.isError ? (
          <QueryError error={imports.error} onRetry={() => void imports.refetch()} />
        ) : rows.length === 0 ? (
          <EmptyState
            py="xl"
            icon={<IconUpload size={28} />}
            withIndicatorBackground
            title="No imports yet"
            description="Import a CSV or NDJSON file of profiles; each import is listed here with its counts and rejected lines."
          >
            {importButton && <EmptyState.Actions>{importButton}</EmptyState.Actions>}
          </EmptyState>
        ) : (
          <>
            <Table.ScrollContainer minWidth={1000}>
              <Table highlightOnHover verticalSpacing="sm" aria-label="Imports">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>File</Table.Th>
                    <Table.Th>Into</Table.Th>
                    <Table.Th>Status</Table.Th>
                    <Table.Th ta="right">Accepted</Table.Th>
                    <Table.Th ta="right">Rejected</Table.Th>
                    <Table.Th>Started</Table.Th>
                    <Table.Th>By</Table.Th>
                    <Table.Th aria-label="Rejected rows" />
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {rows.map((item) => {
                    const to = `/profiles/imports/${item.id}`;
                    const percent = percentOf(item);
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
                            onClick={(event) => event.stopPropagation()}
                          >
                            {item.fileName}
                          </Anchor>
                        </Table.Td>
                        <Table.Td>{whatOf(item)}</Table.Td>
                        <Table.Td>
                          <ImportStatusBadge status={item.status} />
                          {!isFinished(item.status) && percent !== null && (
                            <Text span size="xs" c="dimmed" ml={6}>
                              {percent}%
                            </Text>
                          )}
                        </Table.Td>
                        <Table.Td ta="right">{NUMBER.format(item.rowsAccepted)}</Table.Td>
                        <Table.Td ta="right">{NUMBER.format(item.rowsRejected)}</Table.Td>
                        <Table.Td style={{ whiteSpace: 'nowrap' }}>
                          {formatDateTime(item.startedAt ?? item.createdAt)}
                        </Table.Td>
                        <Table.Td>{item.createdBy}</Table.Td>
                        <Table.Td ta="right" onClick={(event) => event.stopPropagation()}>
                          {item.rowsRejected > 0 && (
                            <RejectionsButton item={item} size="xs" variant="subtle" />
                          )}
                        </Table.Td>
                      </Table.Tr>
                    );
                  })}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
            <LoadMore
              hasMore={imports.hasNextPage}
              loading={imports.isFetchingNextPage}
              shown={rows.length}
              onLoad={() => void imports.fetchNextPage()}
            />
          </>
        )}
      </Paper>
    </>
  );
}
