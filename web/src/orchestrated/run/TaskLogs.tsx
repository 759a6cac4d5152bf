// One task's log lines, with the SQL each statement ran, loaded when opened.
import { Code, Loader, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useSession } from '../../auth/session.ts';
import { formatPreciseTime } from '../../ui/format.ts';
import { getTask } from '../api.ts';

export function TaskLogs({
  campaignId,
  runId,
  activityId,
  running,
}: {
  campaignId: string;
  runId: string;
  activityId: string;
  running: boolean;
}) {
  const { sandbox } = useSession();
  const task = useQuery({
    queryKey: ['orchestrated', sandbox, 'campaign', campaignId, 'task', runId, activityId],
    queryFn: () => getTask(campaignId, runId, activityId),
    refetchInterval: running ? 2000 : false,
  });
  if (task.isPending) return <Loader size="sm" aria-label="Loading the logs" />;
  if (task.isError)
    return (
      <Text size="sm" c="red">
        {task.error.message}
      </Text>
    );
  if (task.data.logs.length === 0)
    return (
      <Text size="sm" c="dimmed">
        No log lines yet.
      </Text>
    );
  return (
    <Stack gap={6} aria-label={`Logs of ${activityId}`} role="log">
      {task.data.logs.map((line, index) => (
        <Stack gap={2} key={index}>
          <Text size="xs" c={line.level === 'error' ? 'red' : undefined}>
            <Text span c="dimmed" size="xs">
              {formatPreciseTime(line.at)}
            </Text>{' '}
            {line.message}
          </Text>
          {line.sql && (
            <Code
              block
              style={{
                fontSize: 11,
                maxHeight: 220,
                overflow: 'auto',
                whiteSpace: 'pre-wrap',
                wordBreak: 'break-word',
              }}
            >
              {line.sql}
            </Code>
          )}
        </Stack>
      ))}
    </Stack>
  );
}
