// Who a saved audience holds now: the count and how long it took, a few members, and the SQL.
import { ActionIcon, Group, Loader, Paper, Stack, Text, Title, Tooltip } from '@mantine/core';
import { IconRefresh } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { audienceSql, countAudience, sampleAudience, type Audience } from '../api/audiences.ts';
import { useSession } from '../auth/session.ts';
import { QueryError } from '../ui/QueryError.tsx';
import { profilesText } from './LivePanel.tsx';
import { MembersTable } from './MembersTable.tsx';
import { SqlView } from './SqlView.tsx';

export function MembersPanel({ audience }: { audience: Audience }) {
  const { sandbox } = useSession();
  // The version is part of the keys: an edited rule is counted afresh.
  const at = [sandbox, audience.id, audience.version];
  const count = useQuery({
    queryKey: ['audience-count', ...at],
    queryFn: () => countAudience(audience.id),
  });
  const sample = useQuery({
    queryKey: ['audience-sample', ...at],
    queryFn: () => sampleAudience(audience.id, 10),
  });
  const sql = useQuery({
    queryKey: ['audience-sql', ...at],
    queryFn: () => audienceSql(audience.id),
  });
  return (
    <Paper withBorder radius="md" p="lg" component="section" aria-labelledby="members-title">
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={3} size="h4" id="members-title">
            Members now
          </Title>
          <Tooltip label="Count again">
            <ActionIcon
              variant="subtle"
              aria-label="Count again"
              loading={count.isFetching}
              onClick={() => {
                void count.refetch();
                void sample.refetch();
              }}
            >
              <IconRefresh size={16} />
            </ActionIcon>
          </Tooltip>
        </Group>
        {count.isError ? (
          <QueryError error={count.error} onRetry={() => void count.refetch()} />
        ) : count.isPending ? (
          <Group gap="xs">
            <Loader size="xs" />
            <Text size="sm" c="dimmed">
              Counting…
            </Text>
          </Group>
        ) : (
          <div role="status" aria-label="Member count">
            <Text fz={32} fw={700} lh={1.1}>
              {profilesText(count.data.count)}
            </Text>
            <Text size="xs" c="dimmed">
              counted in {count.data.tookMs} ms
            </Text>
          </div>
        )}
        <div>
          <Text size="sm" fw={600} mb={4}>
            Sample members
          </Text>
          {sample.isError ? (
            <QueryError error={sample.error} onRetry={() => void sample.refetch()} />
          ) : sample.data ? (
            <MembersTable profiles={sample.data.items} label="Sample members" />
          ) : (
            <Loader size="xs" aria-label="Loading sample members" />
          )}
        </div>
        <SqlView readable={sql.data?.readable} loading={sql.isPending} />
      </Stack>
    </Paper>
  );
}
