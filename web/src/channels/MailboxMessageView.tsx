// One captured message: an email rendered in a sandboxed frame (no scripts, no same-origin) with
// its text part, headers and raw MIME; an SMS as its text; a push as the platform's JSON payload.
// Mail received by the SMTP sink is shown the same way, with its envelope sender and, when its
// MIME could not be parsed, the reason (its raw source stays downloadable).
import {
  Alert,
  Badge,
  Box,
  Button,
  Center,
  Code,
  Group,
  Loader,
  Paper,
  Stack,
  Table,
  Tabs,
  Text,
  Title,
} from '@mantine/core';
import { IconDownload, IconMailDown } from '@tabler/icons-react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { assertNever } from '../../../src/platform/assert.ts';
import { downloadMailboxRaw, getMailboxMessage, type MailboxMessage } from '../api/channels.ts';
import { useSession } from '../auth/session.ts';
import { saveBlob } from '../ui/download.ts';
import { formatPreciseTime } from '../ui/format.ts';
import { notifyFailure } from '../ui/notify.ts';
import { QueryError } from '../ui/QueryError.tsx';
import { CHANNEL_COLORS, CHANNEL_LABELS, PLATFORM_LABELS } from './labels.ts';

type Email = NonNullable<MailboxMessage['email']>;

function headerOf(email: Email, name: string): string | undefined {
  return email.headers.find((header) => header.name.toLowerCase() === name)?.value;
}

/** Marks mail that arrived over SMTP rather than from a mailbox configuration. */
export function ReceivedBySmtpBadge({ compact = false }: { compact?: boolean }) {
  return (
    <Badge
      size={compact ? 'xs' : 'sm'}
      variant="outline"
      color="gray"
      title="Received by the mailbox SMTP sink"
      leftSection={<IconMailDown size={compact ? 10 : 12} />}
    >
      {compact ? 'SMTP' : 'Received by SMTP'}
    </Badge>
  );
}

function RawButton({ id }: { id: string }) {
  const download = useMutation({
    mutationFn: () => downloadMailboxRaw(id),
    onSuccess: ({ blob, fileName }) => saveBlob(blob, fileName ?? `message-${id}.eml`),
    onError: (error) => notifyFailure('Could not download the message', error),
  });
  return (
    <Button
      size="xs"
      variant="default"
      leftSection={<IconDownload size={14} />}
      loading={download.isPending}
      onClick={() => download.mutate()}
    >
      Raw MIME (.eml)
    </Button>
  );
}

function EmailView({ message, email }: { message: MailboxMessage; email: Email }) {
  const envelope: (readonly [string, string | undefined])[] = [
    ...['from', 'to', 'reply-to', 'date'].map((name) => [name, headerOf(email, name)] as const),
    ['envelope from', email.envelopeFrom === null ? undefined : email.envelopeFrom || '<>'],
  ];
  return (
    <Stack gap="sm">
      {email.parseError && (
        <Alert color="orange" title="This message could not be parsed">
          {email.parseError}. It is kept as it arrived: download the raw MIME to see it.
        </Alert>
      )}
      <Table withRowBorders={false} verticalSpacing={2} fz="sm" aria-label="Envelope">
        <Table.Tbody>
          {envelope.map(
            ([name, value]) =>
              value && (
                <Table.Tr key={name}>
                  <Table.Td
                    w={120}
                    c="dimmed"
                    style={{ textTransform: 'capitalize', whiteSpace: 'nowrap' }}
                  >
                    {name}
                  </Table.Td>
                  <Table.Td>{value}</Table.Td>
                </Table.Tr>
              ),
          )}
        </Table.Tbody>
      </Table>
      <Tabs defaultValue={email.html ? 'html' : 'text'} keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="html" disabled={!email.html}>
            Rendered
          </Tabs.Tab>
          <Tabs.Tab value="text">Text part</Tabs.Tab>
          <Tabs.Tab value="headers">Headers ({email.headers.length})</Tabs.Tab>
          <Group ml="auto" pb={4}>
            <Text size="xs" c="dimmed">
              {(email.size / 1024).toFixed(1)} KB
            </Text>
            <RawButton id={message.id} />
          </Group>
        </Tabs.List>
        <Tabs.Panel value="html" pt="sm">
          <Box
            component="iframe"
            title={`Email to ${message.recipient}`}
            sandbox=""
            srcDoc={email.html ?? ''}
            w="100%"
            h={560}
            bd="1px solid var(--mantine-color-gray-3)"
            style={{ borderRadius: 'var(--mantine-radius-sm)', background: 'white' }}
          />
        </Tabs.Panel>
        <Tabs.Panel value="text" pt="sm">
          <Code block style={{ whiteSpace: 'pre-wrap' }}>
            {email.text ?? 'This email has no text part.'}
          </Code>
        </Tabs.Panel>
        <Tabs.Panel value="headers" pt="sm">
          <Table.ScrollContainer minWidth={500}>
            <Table verticalSpacing={4} fz="xs" aria-label="Headers" striped>
              <Table.Tbody>
                {email.headers.map((header, index) => (
                  <Table.Tr key={index}>
                    <Table.Td valign="top" ff="monospace" style={{ whiteSpace: 'nowrap' }}>
                      {header.name}
                    </Table.Td>
                    <Table.Td ff="monospace" style={{ wordBreak: 'break-all' }}>
                      {header.value}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}

function field(payload: unknown, name: string): string | undefined {
  if (typeof payload !== 'object' || payload === null) return undefined;
  const value: unknown = (payload as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : undefined;
}

function SmsView({ message }: { message: MailboxMessage }) {
  const from = field(message.payload, 'from');
  return (
    <Stack gap="sm">
      <Text size="sm" c="dimmed">
        From {from ?? 'the configured sender'} to {message.recipient}
      </Text>
      <Paper bg="gray.1" radius="lg" p="md" maw={420} aria-label="SMS text">
        <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
          {field(message.payload, 'body') ?? message.preview}
        </Text>
      </Paper>
    </Stack>
  );
}

function platformLabel(platform: string | undefined): string {
  const known = Object.entries(PLATFORM_LABELS).find(([value]) => value === platform);
  return known?.[1] ?? platform ?? 'Push';
}

function PushView({ message }: { message: MailboxMessage }) {
  return (
    <Stack gap="sm">
      <Text size="sm" c="dimmed">
        {platformLabel(field(message.payload, 'platform'))} · app{' '}
        {field(message.payload, 'appId') ?? '—'} · token {message.recipient}
      </Text>
      <Text size="sm" fw={500}>
        What the platform would have received
      </Text>
      <Code block aria-label="Push payload">
        {JSON.stringify(message.payload, null, 2)}
      </Code>
    </Stack>
  );
}

function Body({ message }: { message: MailboxMessage }) {
  switch (message.channel) {
    case 'email':
      return message.email ? (
        <EmailView message={message} email={message.email} />
      ) : (
        <Text size="sm">This email could not be read.</Text>
      );
    case 'sms':
      return <SmsView message={message} />;
    case 'push':
      return <PushView message={message} />;
    default:
      return assertNever(message.channel);
  }
}

export function MailboxMessageView({ id }: { id: string }) {
  const { sandbox } = useSession();
  const message = useQuery({
    queryKey: ['mailbox', sandbox, 'message', id],
    queryFn: () => getMailboxMessage(id),
  });
  if (message.isPending)
    return (
      <Center py="xl">
        <Loader aria-label="Loading the message" />
      </Center>
    );
  if (message.isError)
    return <QueryError error={message.error} onRetry={() => void message.refetch()} />;
  const data = message.data;
  return (
    <Stack gap="md" aria-label="Message" component="article">
      <div>
        <Group gap="xs" mb={4}>
          <Badge variant="light" color={CHANNEL_COLORS[data.channel]}>
            {CHANNEL_LABELS[data.channel]}
          </Badge>
          {data.source === 'smtp' && <ReceivedBySmtpBadge />}
          <Text size="xs" c="dimmed">
            {formatPreciseTime(data.createdAt)}
          </Text>
        </Group>
        <Title order={3}>
          {data.subject || (data.channel === 'sms' ? `SMS to ${data.recipient}` : '(no subject)')}
        </Title>
        <Text size="xs" c="dimmed" ff="monospace" mt={2} style={{ wordBreak: 'break-all' }}>
          {data.messageId}
        </Text>
      </div>
      <Body message={data} />
    </Stack>
  );
}
