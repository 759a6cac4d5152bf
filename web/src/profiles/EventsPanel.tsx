import { Center, Code, EmptyState, Loader, Paper, Table, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconActivity, IconSearch } from '@tabler/icons-react';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { EventQuery } from '../../../src/profiles/model.ts';
import { schemaErrors } from '../api/forms.ts';
import { profileEvents } from '../api/profiles.ts';
import { useSession } from '../auth/session.ts';
import { formatPreciseTime } from '../ui/format.ts';
import { LoadMore } from '../ui/LoadMore.tsx';
import { QueryError } from '../ui/QueryError.tsx';

/** The profile's events, newest first, a page at a time, optionally of one type. */
export function EventsPanel({ profileId }: { profileId: string }) {
  const { sandbox } = useSession();
  const [typed, setTyped] = useState('');
  const [type] = useDebouncedValue(typed.trim(), 300);
  const typeError = schemaErrors(EventQuery, { type: typed.trim() || undefined })['/type'];
  const valid = !schemaErrors(EventQuery, { type: type || undefined })['/type'];
  const events = useInfiniteQuery({
    queryKey: ['profile-events', sandbox, profileId, type],
    queryFn: ({ pageParam }) => profileEvents(profileId, type, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
    enabled: valid,
  });
  const rows = events.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <Paper withBorder radius="md" p="lg">
      <TextInput
        label="Event type"
        placeholder="e.g. purchase"
        leftSection={<IconSearch size={16} />}
        value={typed}
        onChange={(event) => setTyped(event.currentTarget.value)}
        error={typeError}
        w={260}
        mb="md"
      />
      {events.isError ? (
        <QueryError error={events.error} onRetry={() => void events.refetch()} />
      ) : valid && events.isPending ? (
        <Center py="xl">
          <Loader aria-label="Loading events" />
        </Center>
      ) : rows.length === 0 ? (
        <EmptyState
          py="xl"
          icon={<IconActivity size={28} />}
          withIndicatorBackground
          title={type ? `No ${type} events` : 'No events yet'}
          description="Events your systems send to POST /events for this person appear here, newest first."
        />
      ) : (
        <>
          <Table.ScrollContainer minWidth={760}>
            <Table verticalSpacing="xs" aria-label="Events">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Time</Table.Th>
                  <Table.Th>Type</Table.Th>
                  <Table.Th>Properties</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((event) => (
                  <Table.Tr key={event.id}>
                    <Table.Td style={{ whiteSpace: 'nowrap' }} valign="top">
                      {formatPreciseTime(event.at)}
                    </Table.Td>
                    <Table.Td valign="top">
                      <Code>{event.type}</Code>
                    </Table.Td>
                    <Table.Td>
                      {Object.keys(event.properties).length === 0 ? (
                        <Text size="sm" c="dimmed">
                          —
                        </Text>
                      ) : (
                        <Code style={{ wordBreak: 'break-all' }}>
                          {JSON.stringify(event.properties)}
                        </Code>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          <LoadMore
            hasMore={events.hasNextPage}
            loading={events.isFetchingNextPage}
            shown={rows.length}
            onLoad={() => void events.fetchNextPage()}
          />
        </>
      )}
    </Paper>
  );
}
