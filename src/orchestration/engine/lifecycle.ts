// Starting a run and acting on one: pause, resume, stop, purge, confirm a parked task, retry a
// failed one. Each is one transaction that locks the run first; jobs are added in it.
import type pg from 'pg';
import { AppError } from '../../platform/errors.ts';
import type { WorkflowDefinition } from '../model.ts';
import type { RunTrigger } from '../db.ts';
import type { EngineDeps } from './deps.ts';
import { readyActivities, startActivities } from './graph.ts';
import {
  enqueueTasks,
  readRun,
  readTask,
  readTasks,
  setRunStatus,
  taskViews,
  type RunKey,
  type RunRow,
} from './run-store.ts';
import { WORK_SCHEMA, type RunMode } from './types.ts';
import { worktableRef } from './worktables.ts';

export interface StartRunRequest {
  sandboxId: string;
  campaignId: string;
  mode: RunMode;
  trigger: RunTrigger;
  definition: WorkflowDefinition;
  variables: Record<string, unknown>;
  actorLabel: string;
  oneShot: boolean;
}

export async function inTransaction<T>(
  deps: EngineDeps,
  work: (client: pg.PoolClient) => Promise<T>,
): Promise<T> {
  const client = await deps.pool.connect();
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
}

/** Inserts the run and its tasks and adds the jobs of its start activities. */
export async function startRun(
  deps: EngineDeps,
  request: StartRunRequest,
): Promise<{ runId: string; runNo: number }> {
  const now = deps.clock.now();
  const started = await inTransaction(deps, async (client) => {
    const campaign = await client.query(
      'SELECT id FROM orchestrated_campaigns WHERE sandbox_id = $1 AND id = $2 FOR UPDATE',
      [request.sandboxId, request.campaignId],
    );
    if (campaign.rowCount === 0) throw new AppError('ORCHESTRATED_CAMPAIGN_NOT_FOUND');
    const purged = request.mode === 'test' ? await markTestRunsPurged(client, request, now) : [];
    if (request.mode === 'live') {
      const busy = await client.query(
        `SELECT 1 FROM orchestrated_runs WHERE sandbox_id = $1 AND campaign_id = $2
            AND mode = 'live' AND status IN ('running', 'paused')`,
        [request.sandboxId, request.campaignId],
      );
      if (busy.rowCount) throw new AppError('ORCHESTRATED_RUN_BUSY');
    }
    const inserted = await client.query<{ id: string; run_no: number }>(
      `INSERT INTO orchestrated_runs (sandbox_id, campaign_id, run_no, mode, trigger, status,
                                      definition, variables, one_shot, created_by, started_at)
       SELECT $1, $2, coalesce(max(run_no), 0) + 1, $3, $4, 'running', $5, $6, $7, $8, $9
         FROM orchestrated_runs WHERE sandbox_id = $1 AND campaign_id = $2
       RETURNING id, run_no`,
      [
        request.sandboxId,
        request.campaignId,
        request.mode,
        request.trigger,
        JSON.stringify(request.definition),
        JSON.stringify(request.variables),
        request.oneShot,
        request.actorLabel,
        now,
      ],
    );
    const run = inserted.rows[0]!;
    const activities = request.definition.activities;
    await client.query(
      `INSERT INTO orchestrated_tasks (sandbox_id, run_id, activity_id, kind, status)
       SELECT $1, $2, a.id, a.kind, 'pending' FROM unnest($3::text[], $4::text[]) AS a(id, kind)`,
      [request.sandboxId, run.id, activities.map((a) => a.id), activities.map((a) => a.kind)],
    );
    const key = { sandboxId: request.sandboxId, runId: run.id };
    await enqueueTasks(
      client,
      key,
      startActivities(request.definition).map((a) => a.id),
    );
    if (activities.length === 0) await setRunStatus(client, key, 'completed', { finishedAt: now });
    return { runId: run.id, runNo: run.run_no, purged };
  });
  await dropPurgedWorktables(deps, started.purged);
  return { runId: started.runId, runNo: started.runNo };
}

/** Restarting a test run resets it: earlier test runs stop and are marked purged. */
async function markTestRunsPurged(
  client: pg.ClientBase,
  request: StartRunRequest,
  now: Date,
): Promise<string[]> {
  const previous = await client.query<{ id: string }>(
    `UPDATE orchestrated_runs
        SET status = CASE WHEN status IN ('running', 'paused') THEN 'stopped' ELSE status END,
            finished_at = coalesce(finished_at, $3), purged_at = $3
      WHERE sandbox_id = $1 AND campaign_id = $2 AND mode = 'test' AND purged_at IS NULL
      RETURNING id`,
    [request.sandboxId, request.campaignId, now],
  );
  return previous.rows.map((r) => r.id);
}

/**
 * After the commit that marked the runs purged: an activity of such a run still reading its
 * input would hold up the DROP while waiting for the run row we held (a deadlock); once the run
 * is marked, that activity gives up instead. What a crash leaves here the tick drops later.
 */
async function dropPurgedWorktables(deps: EngineDeps, runIds: string[]): Promise<number> {
  let dropped = 0;
  for (const runId of runIds) {
    const client = await deps.pool.connect();
    try {
      dropped += await dropRunWorktables(client, runId);
    } finally {
      client.release();
    }
  }
  return dropped;
}

/** Drops every worktable of a run (named `w_<first 16 hex digits of the run id>_…`). */
export async function dropRunWorktables(client: pg.ClientBase, runId: string): Promise<number> {
  const prefix = `w_${runId.replace(/-/g, '').slice(0, 16)}_`;
  const tables = await client.query<{ tablename: string }>(
    `SELECT tablename FROM pg_tables WHERE schemaname = $1 AND starts_with(tablename, $2)`,
    [WORK_SCHEMA, prefix],
  );
  for (const { tablename } of tables.rows)
    await client.query(`DROP TABLE IF EXISTS ${worktableRef(tablename)}`);
  return tables.rowCount ?? 0;
}

async function lockedRun(client: pg.ClientBase, key: RunKey): Promise<RunRow> {
  const run = await readRun(client, key, 'update');
  if (!run) throw new AppError('ORCHESTRATED_RUN_NOT_FOUND');
  return run;
}

function requireStatus(run: RunRow, allowed: RunRow['status'][]): void {
  if (!allowed.includes(run.status)) throw new AppError('ORCHESTRATED_TRANSITION_INVALID');
}

/** No further activity starts; those running finish and record their outcome. */
export async function pauseRun(deps: EngineDeps, key: RunKey): Promise<void> {
  await inTransaction(deps, async (client) => {
    requireStatus(await lockedRun(client, key), ['running']);
    await setRunStatus(client, key, 'paused', {});
  });
}

/** Failed tasks (suspend policy) are tried again; ready and due ones get their jobs. */
export async function resumeRun(deps: EngineDeps, key: RunKey): Promise<void> {
  const now = deps.clock.now();
  await inTransaction(deps, async (client) => {
    const run = await lockedRun(client, key);
    requireStatus(run, ['paused']);
    if (run.purged_at) throw new AppError('ORCHESTRATED_TRANSITION_INVALID');
    await client.query(
      `UPDATE orchestrated_tasks SET status = 'pending', error = NULL, state = state - 'ignoredError'
        WHERE sandbox_id = $1 AND run_id = $2 AND status = 'error'`,
      [key.sandboxId, key.runId],
    );
    await setRunStatus(client, key, 'running', { error: null });
    await enqueueRunnable(client, { ...run, status: 'running' }, now);
  });
}

/** Jobs for every pending task whose inputs are ready and every waiting task that is due. */
export async function enqueueRunnable(client: pg.ClientBase, run: RunRow, now: Date) {
  const key = { sandboxId: run.sandbox_id, runId: run.id };
  const tasks = await readTasks(client, key);
  await enqueueTasks(client, key, readyActivities(run.definition, taskViews(tasks)));
  for (const task of tasks)
    if (task.status === 'waiting' && task.wake_at)
      await enqueueTasks(client, key, [task.activity_id], task.wake_at > now ? task.wake_at : now);
}

/** The run ends; tasks not started stay as they are (pending, waiting, parked). */
export async function stopRun(deps: EngineDeps, key: RunKey): Promise<void> {
  const now = deps.clock.now();
  await inTransaction(deps, async (client) => {
    requireStatus(await lockedRun(client, key), ['running', 'paused']);
    await setRunStatus(client, key, 'stopped', { finishedAt: now });
  });
}

/** Drops a finished run's worktables; its tasks, counts and logs stay. */
export async function purgeRun(deps: EngineDeps, key: RunKey): Promise<{ dropped: number }> {
  const now = deps.clock.now();
  await inTransaction(deps, async (client) => {
    const run = await lockedRun(client, key);
    if (run.status === 'running' || run.status === 'paused')
      throw new AppError('ORCHESTRATED_RUN_BUSY');
    await client.query(
      `UPDATE orchestrated_runs SET purged_at = coalesce(purged_at, $3)
        WHERE sandbox_id = $1 AND id = $2`,
      [key.sandboxId, key.runId, now],
    );
  });
  return { dropped: await dropPurgedWorktables(deps, [key.runId]) };
}

/** A parked task (confirm sending) runs again with `state.confirmed` set. */
export async function confirmTask(
  deps: EngineDeps,
  request: RunKey & { activityId: string; actor: string },
): Promise<void> {
  await inTransaction(deps, async (client) => {
    const run = await lockedRun(client, request);
    const task = await readTask(client, request, 'update');
    if (!task) throw new AppError('ORCHESTRATED_TASK_NOT_FOUND');
    if (task.status !== 'needsAttention') throw new AppError('ORCHESTRATED_TASK_NOT_WAITING');
    await client.query(
      `UPDATE orchestrated_tasks
          SET status = 'pending',
              state = state || jsonb_build_object('confirmed', true, 'confirmedBy', $4::text),
              logs = logs || jsonb_build_array(jsonb_build_object('at', $5::text, 'level', 'info',
                                                'message', 'Confirmed by ' || $4::text))
        WHERE sandbox_id = $1 AND run_id = $2 AND activity_id = $3`,
      [
        request.sandboxId,
        request.runId,
        request.activityId,
        request.actor,
        deps.clock.now().toISOString(),
      ],
    );
    if (run.status === 'running') await enqueueTasks(client, request, [request.activityId]);
  });
}

/** A failed task runs again; a run suspended by it goes on. */
export async function retryTask(
  deps: EngineDeps,
  request: RunKey & { activityId: string },
): Promise<void> {
  await inTransaction(deps, async (client) => {
    const run = await lockedRun(client, request);
    requireStatus(run, ['running', 'paused']);
    const task = await readTask(client, request, 'update');
    if (!task) throw new AppError('ORCHESTRATED_TASK_NOT_FOUND');
    if (task.status !== 'error') throw new AppError('ORCHESTRATED_TRANSITION_INVALID');
    await client.query(
      `UPDATE orchestrated_tasks SET status = 'pending', error = NULL, state = state - 'ignoredError'
        WHERE sandbox_id = $1 AND run_id = $2 AND activity_id = $3`,
      [request.sandboxId, request.runId, request.activityId],
    );
    const failing = await client.query(
      `SELECT 1 FROM orchestrated_tasks WHERE sandbox_id = $1 AND run_id = $2 AND status = 'error'`,
      [request.sandboxId, request.runId],
    );
    // A run suspended by several failures goes on once none is left, with what became ready
    // meanwhile.
    if (run.status === 'paused' && failing.rowCount === 0) {
      await setRunStatus(client, request, 'running', { error: null });
      await enqueueRunnable(client, { ...run, status: 'running' }, deps.clock.now());
    } else if (run.status === 'running') await enqueueTasks(client, request, [request.activityId]);
  });
}
