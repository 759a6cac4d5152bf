// Push registrations and subscription lists of a profile.
import { Badge, Center, Code, Loader, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { pushTokens, subscriptions } from '../api/profiles.ts';
import { useSession } from '../auth/session.ts';
import { formatDateTime } from '../ui/format.ts';
import { QueryError } from '../ui/QueryError.tsx';

const PLATFORM_TITLES: Record<string, string> = {
  apns: 'iOS (APNs)',
  apnsSandbox: 'iOS (APNs sandbox)',
  fcm: 'Android (FCM)',
  web: 'Web Push',
};

function shortToken(token: string): string {
  return token.length > 48 ? `${token.slice(0, 24)}…${token.slice(-16)}` : token;
}

function Loading({ label }: { label: string }) {
  return (
    <Center py="md">
      <Loader size="sm" aria-label={label} />
    </Center>
  );
}

export function DevicesPanel({ profileId }: { profileId: string }) {
  const { sandbox } = useSession();
  const tokens = useQuery({
    queryKey: ['push-tokens', sandbox, profileId],
    queryFn: () => pushTokens(profileId),
  });
  const lists = useQuery({
    queryKey: ['profile-subscriptions', sandbox, profileId],
    queryFn: () => subscriptions(profileId),
  });

  return (
    <Stack gap="lg">
      <Paper withBorder radius="md" p="lg">
        <Title order={3} size="h4" mb="sm">
          Push tokens
        </Title>
        {tokens.isPending ? (
          <Loading label="Loading push tokens" />
        ) : tokens.isError ? (
          <QueryError error={tokens.error} onRetry={() => void tokens.refetch()} />
        ) : tokens.data.items.length === 0 ? (
          <Text size="sm" c="dimmed">
            No devices or browsers are registered for push. Apps register them with POST /profiles/
            {'{id}'}/push-tokens.
          </Text>
        ) : (
          <Table.ScrollContainer minWidth={760}>
            <Table verticalSpacing="xs" aria-label="Push tokens">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Platform</Table.Th>
                  <Table.Th>App</Table.Th>
                  <Table.Th>Token</Table.Th>
                  <Table.Th>Registered</Table.Th>
                  <Table.Th>Status</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {tokens.data.items.map((token) => (
                  <Table.Tr key={token.id}>
                    <Table.Td>{PLATFORM_TITLES[token.platform] ?? token.platform}</Table.Td>
                    <Table.Td>{token.appId}</Table.Td>
                    <Table.Td>
                      <Code title={token.token}>{shortToken(token.token)}</Code>
                    </Table.Td>
                    <Table.Td>{formatDateTime(token.createdAt)}</Table.Td>
                    <Table.Td>
                      {token.active ? (
                        <Badge color="green" variant="light">
                          Active
                        </Badge>
                      ) : (
                        <Badge
                          color="gray"
                          variant="light"
                          title={`${token.deactivatedReason ?? 'Deactivated'} · ${formatDateTime(token.deactivatedAt)}`}
                        >
                          Inactive{token.deactivatedReason ? `: ${token.deactivatedReason}` : ''}
                        </Badge>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Paper>
      <Paper withBorder radius="md" p="lg">
        <Title order={3} size="h4" mb="sm">
          Subscription lists
        </Title>
        {lists.isPending ? (
          <Loading label="Loading subscriptions" />
        ) : lists.isError ? (
          <QueryError error={lists.error} onRetry={() => void lists.refetch()} />
        ) : lists.data.items.length === 0 ? (
          <Text size="sm" c="dimmed">
            This profile is not subscribed to any list.
          </Text>
        ) : (
          <Table verticalSpacing="xs" maw={860} aria-label="Subscription lists">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>List</Table.Th>
                <Table.Th>Source</Table.Th>
                <Table.Th>Subscribed</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {lists.data.items.map((list) => (
                <Table.Tr key={list.id}>
                  <Table.Td fw={500}>{list.name}</Table.Td>
                  <Table.Td>{list.source}</Table.Td>
                  <Table.Td>{formatDateTime(list.subscribedAt)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Paper>
    </Stack>
  );
}
