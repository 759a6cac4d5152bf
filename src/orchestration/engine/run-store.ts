// The rows of runs and tasks as the engine reads and writes them, with their locks. Runs are
// locked before tasks everywhere, so that two transactions never wait on each other in a circle.
import type pg from 'pg';
import type { WorkflowDefinition } from '../model.ts';
import type { RunStatus, RunTrigger, TaskStatus } from '../db.ts';
import { TASK_JOB } from './deps.ts';
import type { TaskView } from './graph.ts';
import type { RunMode, Worktable } from './types.ts';

export interface RunRow {
  sandbox_id: string;
  id: string;
  campaign_id: string;
  run_no: number;
  mode: RunMode;
  trigger: RunTrigger;
  status: RunStatus;
  definition: WorkflowDefinition;
  variables: Record<string, unknown>;
  one_shot: boolean;
  error: string | null;
  created_by: string;
  started_at: Date;
  finished_at: Date | null;
  purged_at: Date | null;
}

export interface TaskLogLine {
  at: string;
  level: 'info' | 'error';
  message: string;
  sql?: string;
}

export interface TaskRow {
  activity_id: string;
  kind: string;
  status: TaskStatus;
  attempts: number;
  wake_at: Date | null;
  started_at: Date | null;
  finished_at: Date | null;
  duration_ms: number | null;
  outputs: Record<string, Worktable | null>;
  state: Record<string, unknown>;
  logs: TaskLogLine[];
  error: string | null;
}

/** A pool or a client: reads need no transaction. */
export type Queryable = pg.Pool | pg.ClientBase;

export interface RunKey {
  sandboxId: string;
  runId: string;
}

const RUN_COLUMNS = `sandbox_id, id, campaign_id, run_no, mode, trigger, status, definition, variables,
  one_shot, error, created_by, started_at, finished_at, purged_at`;
const TASK_COLUMNS = `activity_id, kind, status, attempts, wake_at, started_at, finished_at,
  duration_ms, outputs, state, logs, error`;

export async function readRun(
  client: Queryable,
  key: RunKey,
  lock: 'update' | 'share' | 'none' = 'none',
): Promise<RunRow | undefined> {
  const suffix = lock === 'update' ? 'FOR UPDATE' : lock === 'share' ? 'FOR SHARE' : '';
  const found = await client.query<RunRow>(
    `SELECT ${RUN_COLUMNS} FROM orchestrated_runs WHERE sandbox_id = $1 AND id = $2 ${suffix}`,
    [key.sandboxId, key.runId],
  );
  return found.rows[0];
}

export async function readTask(
  client: Queryable,
  key: RunKey & { activityId: string },
  lock: 'update' | 'none' = 'none',
): Promise<TaskRow | undefined> {
  const found = await client.query<TaskRow>(
    `SELECT ${TASK_COLUMNS} FROM orchestrated_tasks
      WHERE sandbox_id = $1 AND run_id = $2 AND activity_id = $3 ${lock === 'update' ? 'FOR UPDATE' : ''}`,
    [key.sandboxId, key.runId, key.activityId],
  );
  return found.rows[0];
}

export async function readTasks(client: Queryable, key: RunKey): Promise<TaskRow[]> {
  const found = await client.query<TaskRow>(
    `SELECT ${TASK_COLUMNS} FROM orchestrated_tasks WHERE sandbox_id = $1 AND run_id = $2
      ORDER BY activity_id`,
    [key.sandboxId, key.runId],
  );
  return found.rows;
}

export function taskViews(tasks: TaskRow[]): Map<string, TaskView> {
  return new Map(
    tasks.map((t) => [
      t.activity_id,
      {
        activityId: t.activity_id,
        status: t.status,
        outputs: t.outputs,
        ignoredError: t.status === 'error' && t.state.ignoredError === true,
      },
    ]),
  );
}

export async function setRunStatus(
  client: pg.ClientBase,
  key: RunKey,
  status: RunStatus,
  options: { error?: string | null; finishedAt?: Date | null },
): Promise<void> {
  await client.query(
    `UPDATE orchestrated_runs
        SET status = $3,
            error = CASE WHEN $4::boolean THEN $5 ELSE error END,
            finished_at = CASE WHEN $6::boolean THEN $7::timestamptz ELSE finished_at END
      WHERE sandbox_id = $1 AND id = $2`,
    [
      key.sandboxId,
      key.runId,
      status,
      options.error !== undefined,
      options.error ?? null,
      options.finishedAt !== undefined,
      options.finishedAt ?? null,
    ],
  );
}

export async function markSkipped(
  client: pg.ClientBase,
  key: RunKey,
  activityIds: string[],
  now: Date,
): Promise<void> {
  if (activityIds.length === 0) return;
  await client.query(
    `UPDATE orchestrated_tasks SET status = 'skipped', finished_at = $4
      WHERE sandbox_id = $1 AND run_id = $2 AND activity_id = ANY($3) AND status = 'pending'`,
    [key.sandboxId, key.runId, activityIds, now],
  );
}

/**
 * Adds the job that runs a task, in the caller's transaction (graphile-worker's `add_job`), so a
 * task becomes ready and gets its job atomically. One job key per task: adding again replaces a
 * job not yet started.
 */
export async function enqueueTasks(
  client: pg.ClientBase,
  key: RunKey,
  activityIds: string[],
  runAt?: Date,
): Promise<void> {
  for (const activityId of activityIds)
    await client.query(
      `SELECT graphile_worker.add_job($1, json_build_object('sandboxId', $2::text, 'runId', $3::text,
                'activityId', $4::text), run_at => $5::timestamptz, job_key => $6, max_attempts => 10)`,
      [
        TASK_JOB,
        key.sandboxId,
        key.runId,
        activityId,
        runAt ?? null,
        `orchestrated:${key.runId}:${activityId}`,
      ],
    );
}

/** The task's advisory lock key: held by the process running it, for as long as it runs. */
export function taskLockSql(param: { run: string; activity: string }): string {
  return `hashtextextended(${param.run}::text || ':' || ${param.activity}, 0)`;
}
