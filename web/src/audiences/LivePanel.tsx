// The rule builder's side panel: how many profiles the rule holds right now (re-counted 400 ms
// after the last change), how long counting took, a few members and the SQL.
import { Alert, Button, Group, Loader, Paper, Stack, Text, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconAlertTriangle } from '@tabler/icons-react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { RuleTree } from '../../../src/audiences/model.ts';
import { evaluateRule } from '../api/audiences.ts';
import { useSession } from '../auth/session.ts';
import { MembersTable } from './MembersTable.tsx';
import { SqlView } from './SqlView.tsx';

const NUMBER = new Intl.NumberFormat();

export const profilesText = (count: number) =>
  `${NUMBER.format(count)} ${count === 1 ? 'profile' : 'profiles'}`;

/** Evaluates the rule once it has stopped changing for 400 ms and has no known problems. */
export function useLiveEvaluation(rule: RuleTree, valid: boolean) {
  const { sandbox } = useSession();
  const [settledRule] = useDebouncedValue(rule, 400);
  const settled = settledRule === rule;
  const query = useQuery({
    queryKey: ['audience-evaluate', sandbox, JSON.stringify(settledRule)],
    queryFn: () => evaluateRule(settledRule),
    enabled: settled && valid,
    placeholderData: keepPreviousData,
    staleTime: 5_000,
  });
  return { query, waiting: !settled || query.isFetching };
}

export function LivePanel({
  evaluation,
  problemCount,
  problemsShown,
  onShowProblems,
}: {
  evaluation: ReturnType<typeof useLiveEvaluation>;
  problemCount: number;
  problemsShown: boolean;
  onShowProblems: () => void;
}) {
  const { query, waiting } = evaluation;
  const data = problemCount === 0 ? query.data : undefined;
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-label="Live count">
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={3} size="h5">
            Live count
          </Title>
          {problemCount === 0 && waiting && <Loader size="xs" aria-label="Counting" />}
        </Group>
        {problemCount > 0 ? (
          <Stack gap={6}>
            <Text size="sm">Complete the rule to see who matches.</Text>
            <Text size="sm" c="dimmed">
              {problemCount === 1
                ? 'One field needs attention.'
                : `${problemCount} fields need attention.`}
            </Text>
            {!problemsShown && (
              <Group>
                <Button size="xs" variant="light" onClick={onShowProblems}>
                  Show what is missing
                </Button>
              </Group>
            )}
          </Stack>
        ) : query.isError ? (
          <Alert color="red" icon={<IconAlertTriangle />} title="Could not count" p="sm">
            <Text size="sm">{query.error.message}</Text>
          </Alert>
        ) : !data ? (
          <Text size="sm" c="dimmed">
            Counting…
          </Text>
        ) : (
          <div
            role="status"
            aria-live="polite"
            aria-busy={waiting}
            style={{ opacity: waiting ? 0.6 : 1 }}
          >
            <Text fz={32} fw={700} lh={1.1}>
              {profilesText(data.count)}
            </Text>
            <Text size="xs" c="dimmed">
              counted in {data.tookMs} ms
            </Text>
          </div>
        )}
        {data && (
          <>
            <div>
              <Text size="sm" fw={600} mb={4}>
                Sample members
              </Text>
              <MembersTable profiles={data.sample} label="Sample members" />
            </div>
            <SqlView readable={data.sql.readable} />
          </>
        )}
      </Stack>
    </Paper>
  );
}
