import { Center, Code, EmptyState, Loader, Table, Text } from '@mantine/core';
import { IconTable } from '@tabler/icons-react';
import { useInfiniteQuery } from '@tanstack/react-query';
import { datasetRows, type Dataset } from '../../api/datasets.ts';
import { useSession } from '../../auth/session.ts';
import { LoadMore } from '../../ui/LoadMore.tsx';
import { QueryError } from '../../ui/QueryError.tsx';

function Cell({ value }: { value: string | number | boolean | null | undefined }) {
  if (value === null || value === undefined)
    return (
      <Text span size="sm" c="dimmed">
        empty
      </Text>
    );
  if (typeof value === 'boolean') return <Code>{String(value)}</Code>;
  return <>{String(value)}</>;
}

/** Rows in primary-key order, a page at a time. */
export function DatasetRowsTable({ dataset }: { dataset: Dataset }) {
  const { sandbox } = useSession();
  const rows = useInfiniteQuery({
    queryKey: ['dataset-rows', sandbox, dataset.name, dataset.version],
    queryFn: ({ pageParam }) => datasetRows(dataset.name, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
  const items = rows.data?.pages.flatMap((page) => page.items) ?? [];
  if (rows.isPending)
    return (
      <Center py="xl">
        <Loader aria-label="Loading rows" />
      </Center>
    );
  if (rows.isError) return <QueryError error={rows.error} onRetry={() => void rows.refetch()} />;
  if (items.length === 0)
    return (
      <EmptyState
        py="lg"
        icon={<IconTable size={28} />}
        withIndicatorBackground
        title="No rows yet"
        description="Import rows from a CSV file whose header names the columns, or send them to POST /datasets/{name}/rows."
      />
    );
  return (
    <>
      <Table.ScrollContainer minWidth={Math.max(600, dataset.columns.length * 140)}>
        <Table verticalSpacing="xs" striped aria-label={`Rows of ${dataset.name}`}>
          <Table.Thead>
            <Table.Tr>
              {dataset.columns.map((column) => (
                <Table.Th key={column.name} ff="monospace">
                  {column.name}
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((row) => (
              <Table.Tr key={dataset.primaryKey.map((key) => String(row[key])).join('\u0000')}>
                {dataset.columns.map((column) => (
                  <Table.Td key={column.name}>
                    <Cell value={row[column.name]} />
                  </Table.Td>
                ))}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <LoadMore
        hasMore={rows.hasNextPage}
        loading={rows.isFetchingNextPage}
        shown={items.length}
        onLoad={() => void rows.fetchNextPage()}
      />
    </>
  );
}
