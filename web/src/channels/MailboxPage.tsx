// The local mailbox: what mailbox configurations captured instead of sending and what the mailbox
// SMTP sink received, newest first, with the chosen message beside the list (/channels/mailbox/:id).
import {
  Badge,
  Center,
  EmptyState,
  Grid,
  Group,
  Loader,
  Paper,
  Stack,
  Text,
  TextInput,
  UnstyledButton,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconInbox, IconSearch } from '@tabler/icons-react';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { listMailbox, type Channel, type MailboxMessageSummary } from '../api/channels.ts';
import { useSession } from '../auth/session.ts';
import { formatDateTime } from '../ui/format.ts';
import { LoadMore } from '../ui/LoadMore.tsx';
import { PageHeader } from '../ui/PageHeader.tsx';
import { QueryError } from '../ui/QueryError.tsx';
import { ChannelFilter } from './ChannelFilter.tsx';
import { CHANNEL_COLORS, CHANNEL_LABELS } from './labels.ts';
import { MailboxMessageView, ReceivedBySmtpBadge } from './MailboxMessageView.tsx';

function MessageRow({
  item,
  selected,
  onOpen,
}: {
  item: MailboxMessageSummary;
  selected: boolean;
  onOpen: () => void;
}) {
  return (
    <UnstyledButton
      onClick={onOpen}
      aria-current={selected ? 'true' : undefined}
      p="sm"
      style={{
        display: 'block',
        width: '100%',
        borderBottom: '1px solid var(--mantine-color-gray-2)',
        background: selected ? 'var(--mantine-color-blue-light)' : undefined,
      }}
    >
      <Group justify="space-between" wrap="nowrap" gap="xs">
        <Text size="sm" fw={500} truncate>
          {item.recipient}
        </Text>
        <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
          {formatDateTime(item.createdAt)}
        </Text>
      </Group>
      <Group gap={6} wrap="nowrap" mt={2}>
        <Badge size="xs" variant="light" color={CHANNEL_COLORS[item.channel]}>
          {CHANNEL_LABELS[item.channel]}
        </Badge>
        {item.source === 'smtp' && <ReceivedBySmtpBadge compact />}
        <Text size="sm" truncate>
          {item.subject || item.preview}
        </Text>
      </Group>
      {item.subject && (
        <Text size="xs" c="dimmed" truncate mt={2}>
          {item.preview}
        </Text>
      )}
    </UnstyledButton>
  );
}

export function MailboxPage() {
  const { sandbox } = useSession();
  const navigate = useNavigate();
  const selected = useParams()['*'] || null;
  const [search, setSearch] = useState('');
  const [channel, setChannel] = useState<Channel | null>(null);
  const [typed] = useDebouncedValue(search.trim(), 300);
  // The text search covers recipients too, so a partly typed address already finds its messages.
  const filters = { channel, recipient: '', q: typed };
  const list = useInfiniteQuery({
    queryKey: ['mailbox', sandbox, 'list', filters],
    queryFn: ({ pageParam }) => listMailbox(filters, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
  const rows = list.data?.pages.flatMap((page) => page.items) ?? [];
  const filtered = Boolean(typed || channel);

  return (
    <>
      <PageHeader
        title="Mailbox"
        description="Messages that configurations with the local mailbox provider composed and kept instead of sending, and mail received by the mailbox SMTP sink: exactly what would have gone out."
      />
      <Grid gap="md" align="flex-start">
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Paper withBorder radius="md">
            <Stack
              gap="sm"
              p="sm"
              style={{ borderBottom: '1px solid var(--mantine-color-gray-3)' }}
            >
              <TextInput
                aria-label="Search the mailbox"
                placeholder="Recipient, subject or text"
                leftSection={<IconSearch size={16} />}
                value={search}
                onChange={(event) => setSearch(event.currentTarget.value)}
              />
              <ChannelFilter value={channel} onChange={setChannel} size="xs" fullWidth />
            </Stack>
            {list.isPending ? (
              <Center py="xl">
                <Loader aria-label="Loading the mailbox" />
              </Center>
            ) : list.isError ? (
              <QueryError error={list.error} onRetry={() => void list.refetch()} />
            ) : rows.length === 0 ? (
              <EmptyState
                py="xl"
                px="md"
                icon={<IconInbox size={28} />}
                withIndicatorBackground
                title={filtered ? 'No messages match' : 'The mailbox is empty'}
                description={
                  filtered
                    ? 'Change the search or the channel.'
                    : 'Send with a configuration whose provider is the local mailbox; its messages appear here.'
                }
              />
            ) : (
              <nav aria-label="Captured messages">
                {rows.map((item) => (
                  <MessageRow
                    key={item.id}
                    item={item}
                    selected={item.id === selected}
                    onOpen={() => void navigate(`/channels/mailbox/${item.id}`)}
                  />
                ))}
                <Stack pb="sm">
                  <LoadMore
                    hasMore={list.hasNextPage}
                    loading={list.isFetchingNextPage}
                    shown={rows.length}
                    onLoad={() => void list.fetchNextPage()}
                  />
                </Stack>
              </nav>
            )}
          </Paper>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Paper withBorder radius="md" p="lg" mih={300}>
            {selected ? (
              <MailboxMessageView key={selected} id={selected} />
            ) : (
              <Center mih={260}>
                <Text c="dimmed" size="sm">
                  Choose a message to see it as it would have arrived.
                </Text>
              </Center>
            )}
          </Paper>
        </Grid.Col>
      </Grid>
    </>
  );
}
