// One attempt of one task, as the `orchestratedTask` job runs it.
//
// The process running a task holds a session advisory lock on it for the whole attempt: another
// process that can take the lock knows the task's process died (PostgreSQL ends a dead client's
// session and its locks), which is how the tick finds tasks to take over. The attempt is
//   1. a short claim transaction: pending / running-but-abandoned / woken → running, so that the
//      run shows what runs;
//   2. the activity's transaction: the task row locked, the activity's SQL and worktables, the
//      outcome, and what follows from it (downstream jobs, skips, completion) commit together. A
//      process killed mid-activity leaves nothing of it behind; the task is run again from start.
import type pg from 'pg';
import { runActivity } from '../activities/index.ts';
import type { Activity } from '../model.ts';
import { errorMessage, type EngineDeps } from './deps.ts';
import { incomingTransitions, readiness, transitionState } from './graph.ts';
import { applyErrorPolicy, type AfterCommit } from './progress.ts';
import {
  readRun,
  readTask,
  readTasks,
  taskLockSql,
  taskViews,
  type RunKey,
  type RunRow,
  type TaskLogLine,
} from './run-store.ts';
import { recordOutcome } from './outcome.ts';
import type { ActivityContext, ActivityInput, ActivityOutcome } from './types.ts';
import { createWorktableAs, worktableName } from './worktables.ts';

export type TaskKey = RunKey & { activityId: string };
export type Executor = (context: ActivityContext) => Promise<ActivityOutcome>;

export type AttemptResult = 'ran' | 'busy' | 'notRunnable';

/** Runs the task if it can run now; `busy`: another process holds it. */
export async function runTask(
  deps: EngineDeps,
  key: TaskKey,
  execute: Executor = runActivity,
): Promise<AttemptResult> {
  const client = await deps.pool.connect();
  let healthy = false;
  try {
    // A backend whose client died mid-query stops within a second instead of finishing the query.
    await client.query(`SET client_connection_check_interval = '1s'`);
    const locked = await client.query<{ ok: boolean }>(
      `SELECT pg_try_advisory_lock(${taskLockSql({ run: '$1', activity: '$2' })}) AS ok`,
      [key.runId, key.activityId],
    );
    if (!locked.rows[0]?.ok) {
      healthy = true;
      return 'busy';
    }
    const result = await attempt(deps, client, key, execute);
    await client.query(`SELECT pg_advisory_unlock(${taskLockSql({ run: '$1', activity: '$2' })})`, [
      key.runId,
      key.activityId,
    ]);
    healthy = true;
    return result;
  } finally {
    // A connection in an unknown state (and its session lock) is closed, not reused.
    client.release(!healthy);
  }
}

async function attempt(
  deps: EngineDeps,
  client: pg.PoolClient,
  key: TaskKey,
  execute: Executor,
): Promise<AttemptResult> {
  const claimed = await claim(deps, client, key);
  if (!claimed) return 'notRunnable';
  const { run, activity, inputs, state } = claimed;
  const logs: TaskLogLine[] = [];
  const startedAt = deps.clock.now();
  const log = (level: TaskLogLine['level'], message: string, sql?: string) =>
    logs.push({ at: deps.clock.now().toISOString(), level, message, ...(sql ? { sql } : {}) });
  let effects: AfterCommit[] = [];
  try {
    await client.query('BEGIN');
    const task = await readTask(client, key, 'update');
    if (task?.status !== 'running' || task.attempts !== claimed.attempts) {
      await client.query('ROLLBACK');
      return 'notRunnable';
    }
    const context: ActivityContext = {
      client,
      sandboxId: run.sandbox_id,
      campaignId: run.campaign_id,
      runId: run.id,
      runNo: run.run_no,
      mode: run.mode,
      oneShot: run.one_shot,
      activity,
      inputs,
      variables: run.variables,
      now: startedAt,
      actorLabel: run.created_by,
      state,
      log: (message, sql) => log('info', message, sql),
      createWorktable: (port, spec) =>
        createWorktableAs(client, worktableName(run.id, activity.id, port), spec),
    };
    const outcome = await execute(context);
    effects = await recordOutcome(client, deps, { key, activity, state, outcome, logs });
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    log('error', errorMessage(error));
    effects = await recordFailure(deps, client, key, errorMessage(error), logs);
  }
  for (const effect of effects) await runEffect(deps, effect, key);
  return 'ran';
}

async function runEffect(deps: EngineDeps, effect: AfterCommit, key: TaskKey): Promise<void> {
  try {
    await effect(deps);
  } catch (error) {
    deps.log?.error({ ...key, err: error }, 'orchestrated run follow-up failed');
  }
}

interface Claimed {
  run: RunRow;
  activity: Activity;
  attempts: number;
  inputs: ActivityInput[];
  state: Record<string, unknown>;
}

/** pending, abandoned running (we hold its lock, so its process is gone) or woken waiting → running. */
async function claim(
  deps: EngineDeps,
  client: pg.PoolClient,
  key: TaskKey,
): Promise<Claimed | undefined> {
  const now = deps.clock.now();
  await client.query('BEGIN');
  try {
    const run = await readRun(client, key, 'share');
    const task = await readTask(client, key, 'update');
    const activity = run?.definition.activities.find((a) => a.id === key.activityId);
    const tasks = await readTasks(client, key);
    const views = taskViews(tasks);
    const woken = task?.status === 'waiting' && task.wake_at !== null && task.wake_at <= now;
    // A job never runs a task before its inputs are ready, whoever added it.
    const ready =
      task?.status === 'pending' &&
      !!run &&
      !!activity &&
      readiness(run.definition, activity, views) === 'ready';
    const runnable = ready || task?.status === 'running' || woken;
    if (!run || run.status !== 'running' || run.purged_at || !task || !activity || !runnable) {
      await client.query('COMMIT');
      return undefined;
    }
    const updated = await client.query<{ attempts: number }>(
      `UPDATE orchestrated_tasks
          SET status = 'running', attempts = attempts + 1, wake_at = NULL, error = NULL,
              started_at = CASE WHEN status = 'waiting' THEN coalesce(started_at, $4) ELSE $4 END
        WHERE sandbox_id = $1 AND run_id = $2 AND activity_id = $3 RETURNING attempts`,
      [key.sandboxId, key.runId, key.activityId, now],
    );
    await client.query('COMMIT');
    const inputs: ActivityInput[] = incomingTransitions(run.definition, activity.id)
      .filter((t) => transitionState(t, views) === 'live')
      .map((t) => ({
        from: t.from.activity,
        port: t.from.port,
        transitionId: t.id,
        worktable: views.get(t.from.activity)?.outputs[t.from.port] ?? null,
      }));
    return { run, activity, attempts: updated.rows[0]!.attempts, inputs, state: task.state };
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  }
}

/** The activity failed (its transaction is rolled back): the task is `error`, the policy applies. */
async function recordFailure(
  deps: EngineDeps,
  client: pg.PoolClient,
  key: TaskKey,
  message: string,
  logs: TaskLogLine[],
): Promise<AfterCommit[]> {
  const now = deps.clock.now();
  await client.query('BEGIN');
  try {
    const run = await readRun(client, key, 'update');
    await client.query(
      `UPDATE orchestrated_tasks
          SET status = 'error', error = $4, logs = logs || $5::jsonb, finished_at = $6,
              duration_ms = GREATEST(0, (extract(epoch FROM $6::timestamptz - started_at) * 1000)::int)
        WHERE sandbox_id = $1 AND run_id = $2 AND activity_id = $3 AND status = 'running'`,
      [key.sandboxId, key.runId, key.activityId, message, JSON.stringify(logs), now],
    );
    const effects = run ? await applyErrorPolicy(client, run, key.activityId, message, now) : [];
    await client.query('COMMIT');
    return effects;
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  }
}
