// Bounces and complaints: every report receivers and providers sent about messages after they
// were handed over, newest first, with what it said; filtered by address, channel, kind, source
// and day.
import {
  Badge,
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
import { IconMailExclamation, IconSearch } from '@tabler/icons-react';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import {
  FEEDBACK_KIND_NAMES,
  FEEDBACK_SOURCE_NAMES,
  listFeedback,
  type FeedbackFilters,
  type FeedbackKindName,
  type FeedbackSourceName,
} from '../api/deliveryFeedback.ts';
import type { Channel } from '../api/channels.ts';
import { useSession } from '../auth/session.ts';
import { formatDateTime } from '../ui/format.ts';
import { LoadMore } from '../ui/LoadMore.tsx';
import { PageHeader } from '../ui/PageHeader.tsx';
import { QueryError } from '../ui/QueryError.tsx';
import { FEEDBACK_KIND_LOOK, FEEDBACK_SOURCE_LABELS } from './feedbackLabels.ts';
import { ChannelFilter } from './ChannelFilter.tsx';
import { CHANNEL_COLORS, CHANNEL_LABELS } from './labels.ts';

const isKind = (value: string | null): value is FeedbackKindName =>
  FEEDBACK_KIND_NAMES.some((kind) => kind === value);
const isSource = (value: string | null): value is FeedbackSourceName =>
  FEEDBACK_SOURCE_NAMES.some((source) => source === value);

/** Local midnight of a yyyy-mm-dd day, plus `days`, as ISO-8601. */
function dayStart(day: string, days = 0): string | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) return undefined;
  return new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]) + days).toISOString();
}

export function FeedbackPage() {
  const { sandbox } = useSession();
  const [search, setSearch] = useState('');
  const [channel, setChannel] = useState<Channel | null>(null);
  const [kind, setKind] = useState<FeedbackKindName | null>(null);
  const [source, setSource] = useState<FeedbackSourceName | null>(null);
  const [fromDay, setFromDay] = useState('');
  const [toDay, setToDay] = useState('');
  const [addressStartsWith] = useDebouncedValue(search.trim(), 300);
  const rangeError = fromDay && toDay && toDay < fromDay ? 'Must not be before “From”' : undefined;
  const filters: FeedbackFilters = {
    channel,
    kind,
    source,
    addressStartsWith,
    from: dayStart(fromDay),
    // "To" includes the whole day; the API's bound is exclusive.
    to: rangeError ? undefined : dayStart(toDay, 1),
  };
  const list = useInfiniteQuery({
    queryKey: ['delivery-feedback', sandbox, filters],
    queryFn: ({ pageParam }) => listFeedback(filters, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
  const rows = list.data?.pages.flatMap((page) => page.items) ?? [];
  const filtered = Boolean(addressStartsWith || channel || kind || source || fromDay || toDay);

  return (
    <>
      <PageHeader
        title="Bounces & complaints"
        description="What receiving servers and providers reported after messages were handed over: bounces, spam complaints and status callbacks. Hard bounces and complaints put the address on the suppression list."
      />
      <Paper withBorder radius="md" p="md">
        <Group mb="md" align="flex-end">
          <TextInput
            label="Address starts with"
            leftSection={<IconSearch size={16} />}
            value={search}
            onChange={(event) => setSearch(event.currentTarget.value)}
            w={240}
          />
          <ChannelFilter value={channel} onChange={setChannel} />
          <Select
            label="Kind"
            placeholder="Any kind"
            data={FEEDBACK_KIND_NAMES.map((value) => ({
              value,
              label: FEEDBACK_KIND_LOOK[value].label,
            }))}
            value={kind}
            onChange={(value) => setKind(isKind(value) ? value : null)}
            clearable
            w={170}
          />
          <Select
            label="Source"
            placeholder="Any source"
            data={FEEDBACK_SOURCE_NAMES.map((value) => ({
              value,
              label: FEEDBACK_SOURCE_LABELS[value],
            }))}
            value={source}
            onChange={(value) => setSource(isSource(value) ? value : null)}
            clearable
            w={200}
          />
          <TextInput
            label="From"
            type="date"
            value={fromDay}
            onChange={(event) => setFromDay(event.currentTarget.value)}
            w={150}
          />
          <TextInput
            label="To"
            type="date"
            value={toDay}
            onChange={(event) => setToDay(event.currentTarget.value)}
            error={rangeError}
            w={150}
          />
        </Group>
        {list.isPending ? (
          <Center py="xl">
            <Loader aria-label="Loading bounces and complaints" />
          </Center>
        ) : list.isError ? (
          <QueryError error={list.error} onRetry={() => void list.refetch()} />
        ) : rows.length === 0 ? (
          <EmptyState
            py="xl"
            icon={<IconMailExclamation size={28} />}
            withIndicatorBackground
            title={filtered ? 'No reports match' : 'No bounces or complaints'}
            description={
              filtered
                ? 'Change the search or the filters.'
                : 'Reports appear here as receiving servers and providers send them.'
            }
          />
        ) : (
          <>
            <Table.ScrollContainer minWidth={900}>
              <Table verticalSpacing="sm" aria-label="Bounces and complaints">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Received</Table.Th>
                    <Table.Th>Address</Table.Th>
                    <Table.Th>Channel</Table.Th>
                    <Table.Th>Kind</Table.Th>
                    <Table.Th>Code</Table.Th>
                    <Table.Th w="30%">Diagnostic</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {rows.map((entry) => (
                    <Table.Tr key={entry.id}>
                      <Table.Td style={{ whiteSpace: 'nowrap' }}>
                        {formatDateTime(entry.receivedAt)}
                      </Table.Td>
                      {/* Push tokens are long: they wrap anywhere, addresses only when they must. */}
                      <Table.Td miw={210} style={{ overflowWrap: 'anywhere' }}>
                        {entry.address}
                      </Table.Td>
                      <Table.Td>
                        <Badge variant="light" color={CHANNEL_COLORS[entry.channel]}>
                          {CHANNEL_LABELS[entry.channel]}
                        </Badge>
                      </Table.Td>
                      <Table.Td>
                        <Badge
                          variant="dot"
                          color={FEEDBACK_KIND_LOOK[entry.kind].color}
                          style={{ minWidth: 'max-content' }}
                        >
                          {FEEDBACK_KIND_LOOK[entry.kind].label}
                        </Badge>
                        <Text size="xs" c="dimmed" mt={4} style={{ whiteSpace: 'nowrap' }}>
                          {FEEDBACK_SOURCE_LABELS[entry.source]}
                        </Text>
                      </Table.Td>
                      <Table.Td style={{ whiteSpace: 'nowrap' }}>
                        <Text size="sm" ff="monospace">
                          {entry.statusCode ?? '—'}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm" lineClamp={2} title={entry.diagnostic}>
                          {entry.diagnostic || '—'}
                        </Text>
                      </Table.Td>
                    </Table.Tr>
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
    </>
  );
}
