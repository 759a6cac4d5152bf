// The run's tasks, one row per activity: status, duration, rows per output, and what a person
// can do — confirm a send waiting for it, retry a failed activity — with the logs (and the SQL
// each activity ran) under each row.
import { Badge, Button, Group, Stack, Table, Text } from '@mantine/core';
import { IconChevronDown, IconChevronRight } from '@tabler/icons-react';
import { Fragment, useState } from 'react';
import type { WorkflowDefinition } from '../../../../src/orchestration/model.ts';
import { formatDateTime } from '../../ui/format.ts';
import type { RunWithTasks } from '../api.ts';
import { KIND_LOOK, RUN_LOOK, TASK_LOOK } from '../labels.ts';
import { describeCounts } from './portLabels.ts';
import { TaskLogs } from './TaskLogs.tsx';

const CHANNEL_KINDS = new Set(['email', 'sms', 'push']);

function duration(ms: number | null): string {
  if (ms === null) return '—';
  if (ms < 1000) return `${ms} ms`;
  return `${(ms / 1000).toFixed(1)} s`;
}

export function TasksPanel({
  campaignId,
  run,
  definition,
  onTaskAction,
  busy,
  canConfirm,
}: {
  campaignId: string;
  run: RunWithTasks;
  definition: WorkflowDefinition;
  onTaskAction: (activityId: string, verb: 'confirm' | 'retry') => void;
  busy: boolean;
  canConfirm: boolean;
}) {
  const [open, setOpen] = useState<string | null>(null);
  const labels = new Map(definition.activities.map((a) => [a.id, a.label]));
  const order = new Map(run.definition.activities.map((a, i) => [a.id, i]));
  const tasks = [...run.tasks].sort(
    (a, b) => (order.get(a.activityId) ?? 0) - (order.get(b.activityId) ?? 0),
  );
  return (
    <Stack gap="xs">
      <Group gap="sm">
        <Text fw={600}>
          Run {run.runNo} · {run.mode === 'test' ? 'test' : 'live'}
        </Text>
        <Badge color={RUN_LOOK[run.status].color} variant="light" data-run-status={run.status}>
          {RUN_LOOK[run.status].label}
        </Badge>
        <Text size="sm" c="dimmed">
          started {formatDateTime(run.startedAt)}
          {run.finishedAt && ` · finished ${formatDateTime(run.finishedAt)}`}
        </Text>
      </Group>
      {run.error && (
        <Text size="sm" c="red">
          {run.error}
        </Text>
      )}
      <Table verticalSpacing={4} aria-label="Tasks">
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={28} />
            <Table.Th>Activity</Table.Th>
            <Table.Th>Status</Table.Th>
            <Table.Th>Duration</Table.Th>
            <Table.Th>Rows out</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {tasks.map((task) => {
            const expanded = open === task.activityId;
            const kind =
              task.kind in KIND_LOOK
                ? KIND_LOOK[task.kind as keyof typeof KIND_LOOK].label
                : task.kind;
            return (
              <Fragment key={task.activityId}>
                <Table.Tr data-testid={`task-${task.activityId}`}>
                  <Table.Td>
                    <Button
                      variant="subtle"
                      size="compact-xs"
                      aria-label={`${expanded ? 'Hide' : 'Show'} the logs of ${task.activityId}`}
                      onClick={() => setOpen(expanded ? null : task.activityId)}
                    >
                      {expanded ? <IconChevronDown size={14} /> : <IconChevronRight size={14} />}
                    </Button>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" fw={500}>
                      {labels.get(task.activityId) ?? task.activityId}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {kind} · {task.activityId}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Badge variant="light" color={TASK_LOOK[task.status].color}>
                      {TASK_LOOK[task.status].label}
                    </Badge>
                    {task.error && (
                      <Text size="xs" c={task.status === 'error' ? 'red' : 'dimmed'} maw={260}>
                        {task.error}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>{duration(task.durationMs)}</Table.Td>
                  <Table.Td>
                    <Text size="sm" data-testid={`rows-out-${task.activityId}`}>
                      {describeCounts(task.activityId, task.counts, definition, run.definition) ||
                        '—'}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    {task.status === 'needsAttention' && CHANNEL_KINDS.has(task.kind) && (
                      <Button
                        size="xs"
                        color="green"
                        loading={busy}
                        disabled={!canConfirm}
                        title={canConfirm ? undefined : 'You may not confirm sends'}
                        onClick={() => onTaskAction(task.activityId, 'confirm')}
                      >
                        Confirm sending
                      </Button>
                    )}
                    {task.status === 'error' && (
                      <Button
                        size="xs"
                        variant="light"
                        loading={busy}
                        onClick={() => onTaskAction(task.activityId, 'retry')}
                      >
                        Retry
                      </Button>
                    )}
                  </Table.Td>
                </Table.Tr>
                {expanded && (
                  <Table.Tr>
                    <Table.Td />
                    <Table.Td colSpan={5}>
                      <TaskLogs
                        campaignId={campaignId}
                        runId={run.id}
                        activityId={task.activityId}
                        running={run.status === 'running'}
                      />
                    </Table.Td>
                  </Table.Tr>
                )}
              </Fragment>
            );
          })}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}
