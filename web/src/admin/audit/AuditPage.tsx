import { Button, Center, Code, EmptyState, Loader, Paper, Table, Text } from '@mantine/core';
import { IconHistory } from '@tabler/icons-react';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { listAudit, type AuditEntry, type AuditFilters } from '../../api/admin.ts';
import { useSession } from '../../auth/session.ts';
import { formatPreciseTime } from '../../ui/format.ts';
import { LoadMore } from '../../ui/LoadMore.tsx';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { QueryError } from '../../ui/QueryError.tsx';
import { AuditDetailDrawer } from './AuditDetailDrawer.tsx';
import { AuditFilterBar, NO_FILTERS } from './AuditFilters.tsx';

export function AuditPage() {
  const { sandbox, me } = useSession();
  const [filters, setFilters] = useState<AuditFilters>(NO_FILTERS);
  const [selected, setSelected] = useState<AuditEntry | null>(null);
  const entries = useInfiniteQuery({
    queryKey: ['audit', sandbox, filters],
    queryFn: ({ pageParam }) => listAudit(filters, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
  const rows = entries.data?.pages.flatMap((page) => page.items) ?? [];
  const filtered = JSON.stringify(filters) !== JSON.stringify(NO_FILTERS);

  return (
    <>
      <PageHeader
        title="Audit log"
        description={`Every change in the sandbox ${me.sandbox.title} (${me.sandbox.name}) and platform-wide, newest first.`}
      />
      <Paper withBorder radius="md" p="md">
        <AuditFilterBar onApply={setFilters} />
        {entries.isPending ? (
          <Center py="xl">
            <Loader aria-label="Loading the audit log" />
          </Center>
        ) : entries.isError ? (
          <QueryError error={entries.error} onRetry={() => void entries.refetch()} />
        ) : rows.length === 0 ? (
          <EmptyState
            py="xl"
            icon={<IconHistory size={28} />}
            withIndicatorBackground
            title={filtered ? 'No entries match these filters' : 'Nothing recorded yet'}
            description={
              filtered
                ? 'Widen the dates or clear a filter.'
                : 'Changes made through the console or the API appear here.'
            }
          />
        ) : (
          <>
            <Table.ScrollContainer minWidth={900}>
              <Table verticalSpacing="sm" highlightOnHover>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Time</Table.Th>
                    <Table.Th>Actor</Table.Th>
                    <Table.Th>Action</Table.Th>
                    <Table.Th>Entity</Table.Th>
                    <Table.Th>Request id</Table.Th>
                    <Table.Th aria-label="Details" />
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {rows.map((entry) => (
                    <Table.Tr
                      key={entry.id}
                      onClick={() => setSelected(entry)}
                      style={{ cursor: 'pointer' }}
                    >
                      <Table.Td style={{ whiteSpace: 'nowrap' }}>
                        {formatPreciseTime(entry.at)}
                      </Table.Td>
                      <Table.Td>{entry.actorLabel}</Table.Td>
                      <Table.Td>
                        <Code>{entry.action}</Code>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">{entry.entityType}</Text>
                        <Text size="xs" c="dimmed" ff="monospace">
                          {entry.entityId}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <Text size="xs" c="dimmed" ff="monospace">
                          {entry.requestId ?? '—'}
                        </Text>
                      </Table.Td>
                      <Table.Td ta="right">
                        <Button
                          size="xs"
                          variant="subtle"
                          onClick={(event) => {
                            event.stopPropagation();
                            setSelected(entry);
                          }}
                          aria-label={`Details of ${entry.action} at ${formatPreciseTime(entry.at)}`}
                        >
                          Details
                        </Button>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
            <LoadMore
              hasMore={entries.hasNextPage}
              loading={entries.isFetchingNextPage}
              shown={rows.length}
              onLoad={() => void entries.fetchNextPage()}
            />
          </>
        )}
      </Paper>
      <AuditDetailDrawer entry={selected} onClose={() => setSelected(null)} />
    </>
  );
}
