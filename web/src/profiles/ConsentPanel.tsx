import { Button, Center, Loader, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { CHANNELS, consentHistory, type Channel, type Profile } from '../api/profiles.ts';
import { useSession } from '../auth/session.ts';
import { formatDateTime, formatPreciseTime } from '../ui/format.ts';
import { QueryError } from '../ui/QueryError.tsx';
import { ChangeConsentModal } from './ChangeConsentModal.tsx';
import { CHANNEL_TITLES, ConsentBadge } from './ConsentBadge.tsx';

export function ConsentPanel({ profile }: { profile: Profile }) {
  const { can, sandbox } = useSession();
  const canChange = can('profiles.write');
  const [changing, setChanging] = useState<Channel | null>(null);
  const history = useQuery({
    queryKey: ['consent-history', sandbox, profile.id],
    queryFn: () => consentHistory(profile.id),
  });

  return (
    <Stack gap="lg">
      <Paper withBorder radius="md" p="lg">
        <Title order={3} size="h4">
          Marketing consent
        </Title>
        <Text size="sm" c="dimmed" mb="sm">
          {canChange
            ? 'Consent per channel and where it came from; every change is kept in the history below.'
            : 'Changing consent needs the permission profiles.write.'}
        </Text>
        <Table verticalSpacing="sm" maw={860} aria-label="Consent by channel">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Channel</Table.Th>
              <Table.Th>Status</Table.Th>
              <Table.Th>Source</Table.Th>
              <Table.Th>Changed</Table.Th>
              {canChange && <Table.Th aria-label="Actions" />}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {CHANNELS.map((channel) => {
              const state = profile.consent[channel];
              return (
                <Table.Tr key={channel}>
                  <Table.Td fw={500}>{CHANNEL_TITLES[channel]}</Table.Td>
                  <Table.Td>
                    <ConsentBadge status={state.status} />
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" c={state.source ? undefined : 'dimmed'}>
                      {state.source ?? '—'}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" c={state.changedAt ? undefined : 'dimmed'}>
                      {formatDateTime(state.changedAt, '—')}
                    </Text>
                  </Table.Td>
                  {canChange && (
                    <Table.Td ta="right">
                      <Button
                        size="xs"
                        variant="subtle"
                        onClick={() => setChanging(channel)}
                        aria-label={`Change ${CHANNEL_TITLES[channel]} consent`}
                      >
                        Change
                      </Button>
                    </Table.Td>
                  )}
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Paper>
      <Paper withBorder radius="md" p="lg">
        <Title order={3} size="h4" mb="sm">
          Consent history
        </Title>
        {history.isPending ? (
          <Center py="md">
            <Loader size="sm" aria-label="Loading the consent history" />
          </Center>
        ) : history.isError ? (
          <QueryError error={history.error} onRetry={() => void history.refetch()} />
        ) : history.data.items.length === 0 ? (
          <Text size="sm" c="dimmed">
            No consent has been recorded for this profile yet.
          </Text>
        ) : (
          <Table verticalSpacing="xs" maw={860} aria-label="Consent history">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Time</Table.Th>
                <Table.Th>Channel</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th>Source</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {history.data.items.map((entry, index) => (
                <Table.Tr key={`${entry.at}:${entry.channel}:${index}`}>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>
                    {formatPreciseTime(entry.at)}
                  </Table.Td>
                  <Table.Td>{CHANNEL_TITLES[entry.channel]}</Table.Td>
                  <Table.Td>
                    <ConsentBadge status={entry.status} />
                  </Table.Td>
                  <Table.Td>{entry.source}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Paper>
      <ChangeConsentModal profile={profile} channel={changing} onClose={() => setChanging(null)} />
    </Stack>
  );
}
