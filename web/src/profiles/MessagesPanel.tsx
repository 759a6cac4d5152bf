// The messages sent (or not) to this person, newest first: status, reason, execution and time.
import { Badge, Center, Code, EmptyState, Loader, Paper, Table, Text } from '@mantine/core';
import { IconMail } from '@tabler/icons-react';
import { useInfiniteQuery } from '@tanstack/react-query';
import { profileMessages, type LoggedMessage, type MessageStatus } from '../api/channels.ts';
import { useSession } from '../auth/session.ts';
import { formatDateTime } from '../ui/format.ts';
import { LoadMore } from '../ui/LoadMore.tsx';
import { NoAccess } from '../ui/NoAccess.tsx';
import { QueryError } from '../ui/QueryError.tsx';

interface Look {
  color: string;
  label: string;
}
// Keyed by string so a status the server adds shows (by its name) before it has a colour here.
const STATUS_LOOK: Record<string, Look | undefined> = {
  excluded: { color: 'gray', label: 'Excluded' },
  queued: { color: 'blue', label: 'Queued' },
  sending: { color: 'blue', label: 'Sending' },
  sent: { color: 'teal', label: 'Sent' },
  delivered: { color: 'green', label: 'Delivered' },
  failed: { color: 'red', label: 'Failed' },
  retrying: { color: 'orange', label: 'Retrying' },
};

// Exclusion codes are AJO's names; a person reads the sentence, support searches the code.
const REASONS: Record<string, string | undefined> = {
  EmailNoAddressFoundInProfile: 'No email address',
  EmailMalformedAddress: 'Malformed email address',
  EmailNoConsent: 'No email consent',
  SMSNoToNumberDefinedInProfile: 'No phone number',
  SMSMalformedNumber: 'Malformed phone number',
  SMSNoConsent: 'No SMS consent',
  PushNoTokenFoundInProfile: 'No push token',
  PushNoConsent: 'No push consent',
  Suppressed: 'On the suppression list',
  ThrottlingWindowExceeded: 'Beyond the throttling window',
  RuntimeRenderingError: 'The content could not be rendered',
};

function Reason({ message }: { message: LoggedMessage }) {
  const code = message.reason;
  if (!code && !message.error)
    return (
      <Text size="sm" c="dimmed">
        —
      </Text>
    );
  const sentence = code ? REASONS[code] : undefined;
  return (
    <>
      <Text size="sm">{sentence ?? code ?? message.error}</Text>
      {sentence && (
        <Text size="xs" c="dimmed" ff="monospace">
          {code}
        </Text>
      )}
      {code && message.error && (
        <Text size="xs" c="dimmed" lineClamp={2}>
          {message.error}
        </Text>
      )}
    </>
  );
}

function lookOf(status: MessageStatus): Look {
  return STATUS_LOOK[status] ?? { color: 'gray', label: status };
}

function Messages({ profileId }: { profileId: string }) {
  const { sandbox } = useSession();
  const messages = useInfiniteQuery({
    queryKey: ['profile-messages', sandbox, profileId],
    queryFn: ({ pageParam }) => profileMessages(profileId, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
  const rows = messages.data?.pages.flatMap((page) => page.items) ?? [];
  if (messages.isPending)
    return (
      <Center py="xl">
        <Loader aria-label="Loading messages" />
      </Center>
    );
  if (messages.isError)
    return <QueryError error={messages.error} onRetry={() => void messages.refetch()} />;
  if (rows.length === 0)
    return (
      <EmptyState
        py="xl"
        icon={<IconMail size={28} />}
        withIndicatorBackground
        title="No messages yet"
        description="Every message a campaign sends to this person, or leaves out with its reason, appears here."
      />
    );
  return (
    <>
      <Table.ScrollContainer minWidth={820}>
        <Table verticalSpacing="xs" aria-label="Messages">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Status</Table.Th>
              <Table.Th>Address</Table.Th>
              <Table.Th>Reason</Table.Th>
              <Table.Th>Execution</Table.Th>
              <Table.Th>Sent at</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((message) => {
              const look = lookOf(message.status);
              return (
                <Table.Tr
                  key={`${message.executionId}/${message.recipientKey}/${message.actionId}`}
                >
                  <Table.Td>
                    <Badge variant="light" color={look.color}>
                      {look.label}
                    </Badge>
                  </Table.Td>
                  <Table.Td style={{ wordBreak: 'break-all' }}>{message.address ?? '—'}</Table.Td>
                  <Table.Td maw={280}>
                    <Reason message={message} />
                  </Table.Td>
                  <Table.Td>
                    <Code title={message.executionId}>{message.executionId.slice(0, 8)}</Code>
                  </Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>
                    {message.sentAt ? formatDateTime(message.sentAt) : '—'}
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <LoadMore
        hasMore={messages.hasNextPage}
        loading={messages.isFetchingNextPage}
        shown={rows.length}
        onLoad={() => void messages.fetchNextPage()}
      />
    </>
  );
}

export function MessagesPanel({ profileId }: { profileId: string }) {
  const { can } = useSession();
  return (
    <Paper withBorder radius="md" p="lg">
      {can('reports.read') ? (
        <Messages profileId={profileId} />
      ) : (
        <NoAccess area="message history" permission="reports.read" />
      )}
    </Paper>
  );
}
