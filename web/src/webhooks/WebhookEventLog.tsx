// The delivery log: each event, whether it reached the receiver, after how many attempts, with
// the last status code and error; filtered by status and by the API call's requestId.
import {
  Badge,
  Button,
  Center,
  Code,
  EmptyState,
  Group,
  Loader,
  Paper,
  SegmentedControl,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconSearch, IconWebhook } from '@tabler/icons-react';
import { useInfiniteQuery } from '@tanstack/react-query';
import { Fragment, useState } from 'react';
import { WEBHOOK_EVENT_STATUSES } from '../../../src/webhooks/model.ts';
import { useSession } from '../auth/session.ts';
import { formatDateTime } from '../ui/format.ts';
import { LoadMore } from '../ui/LoadMore.tsx';
import { QueryError } from '../ui/QueryError.tsx';
import { listWebhookEvents, type EventFilters, type WebhookEventStatus } from './api.ts';

const STATUS_COLORS: Record<WebhookEventStatus, string> = {
  pending: 'yellow',
  delivered: 'green',
  failed: 'red',
};
const isStatus = (value: string): value is WebhookEventStatus =>
  WEBHOOK_EVENT_STATUSES.some((status) => status === value);

export function WebhookEventLog() {
  const { sandbox } = useSession();
  const [status, setStatus] = useState<WebhookEventStatus | null>(null);
  const [search, setSearch] = useState('');
  const [requestId] = useDebouncedValue(search.trim(), 300);
  const [opened, setOpened] = useState<string | null>(null);
  const filters: EventFilters = { status, requestId };
  const list = useInfiniteQuery({
    queryKey: ['feedback-webhook-events', sandbox, filters],
    queryFn: ({ pageParam }) => listWebhookEvents(filters, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
    refetchInterval: 15_000,
  });
  const rows = list.data?.pages.flatMap((page) => page.items) ?? [];
  const filtered = Boolean(status || requestId);

  return (
    <Paper withBorder radius="md" p="md">
      <Title order={3} size="h4" mb="md">
        Delivery log
      </Title>
      <Group mb="md" align="flex-end">
        <SegmentedControl
          aria-label="Delivery status"
          value={status ?? 'all'}
          onChange={(value) => setStatus(isStatus(value) ? value : null)}
          data={[
            { value: 'all', label: 'All' },
            { value: 'pending', label: 'Pending' },
            { value: 'delivered', label: 'Delivered' },
            { value: 'failed', label: 'Failed' },
          ]}
        />
        <TextInput
          label="Request id"
          placeholder="requestId of the API call"
          leftSection={<IconSearch size={16} />}
          value={search}
          onChange={(event) => setSearch(event.currentTarget.value)}
          maw={280}
        />
      </Group>
      {list.isPending ? (
        <Center py="xl">
          <Loader aria-label="Loading the delivery log" />
        </Center>
      ) : list.isError ? (
        <QueryError error={list.error} onRetry={() => void list.refetch()} />
      ) : rows.length === 0 ? (
        <EmptyState
          py="xl"
          icon={<IconWebhook size={28} />}
          withIndicatorBackground
          title={filtered ? 'No events match' : 'No events yet'}
          description={
            filtered
              ? 'Change the status or the request id.'
              : 'Events appear here once API-triggered messages with feedback are sent, or when you send a test event.'
          }
        />
      ) : (
        <>
          <Table.ScrollContainer minWidth={900}>
            <Table verticalSpacing="sm" aria-label="Webhook events">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Event</Table.Th>
                  <Table.Th>Request id</Table.Th>
                  <Table.Th>Status</Table.Th>
                  <Table.Th>Attempts</Table.Th>
                  <Table.Th>Last answer</Table.Th>
                  <Table.Th>Created</Table.Th>
                  <Table.Th />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((event) => (
                  <Fragment key={event.id}>
                    <Table.Tr>
                      <Table.Td>
                        <Code>{event.eventType}</Code>
                        {event.recipientKey && (
                          <Text size="xs" c="dimmed" style={{ wordBreak: 'break-all' }}>
                            {event.recipientKey}
                          </Text>
                        )}
                      </Table.Td>
                      <Table.Td style={{ wordBreak: 'break-all' }}>
                        {event.requestId ?? '—'}
                      </Table.Td>
                      <Table.Td>
                        <Badge variant="light" color={STATUS_COLORS[event.status]}>
                          {event.status}
                        </Badge>
                        {event.nextAttemptAt && (
                          <Text size="xs" c="dimmed">
                            next try {formatDateTime(event.nextAttemptAt)}
                          </Text>
                        )}
                      </Table.Td>
                      <Table.Td>{event.attempts}</Table.Td>
                      <Table.Td maw={320}>
                        <Text size="sm">{event.lastStatusCode ?? '—'}</Text>
                        {event.lastError && (
                          <Text size="xs" c="red" lineClamp={2}>
                            {event.lastError}
                          </Text>
                        )}
                      </Table.Td>
                      <Table.Td style={{ whiteSpace: 'nowrap' }}>
                        {formatDateTime(event.createdAt)}
                      </Table.Td>
                      <Table.Td>
                        <Button
                          size="compact-sm"
                          variant="subtle"
                          aria-expanded={opened === event.id}
                          onClick={() => setOpened(opened === event.id ? null : event.id)}
                        >
                          {opened === event.id ? 'Hide payload' : 'Payload'}
                        </Button>
                      </Table.Td>
                    </Table.Tr>
                    {opened === event.id && (
                      <Table.Tr>
                        <Table.Td colSpan={7}>
                          <Code block aria-label={`Payload of event ${event.id}`}>
                            {JSON.stringify(event.payload, null, 2)}
                          </Code>
                        </Table.Td>
                      </Table.Tr>
                    )}
                  </Fragment>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          <LoadMore
            hasMore={list.hasNextPage}
            loading={list.isFetchingNextPage}
            shown={rows.length}
            onLoad={() => void list.fetchNextPage()}
          />
        </>
      )}
    </Paper>
  );
}
