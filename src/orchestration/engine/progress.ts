// What follows when tasks settle, in the same transaction (the run row locked): downstream tasks
// become ready (their jobs are added) or are skipped; a run with nothing left to do completes; a
// failed task is handled by the campaign's error policy. Effects outside the database (hooks)
// are returned, to run after the commit.
import type pg from 'pg';
import { assertNever } from '../../platform/assert.ts';
import { advance, ACTIVE_STATUSES } from './graph.ts';
import { parseErrorPolicy, type EngineDeps } from './deps.ts';
import {
  enqueueTasks,
  markSkipped,
  readTasks,
  setRunStatus,
  taskViews,
  type RunRow,
} from './run-store.ts';

export type AfterCommit = (deps: EngineDeps) => Promise<void>;

function keyOf(run: RunRow) {
  return { sandboxId: run.sandbox_id, runId: run.id };
}

/** Skips and enqueues downstream of `settled`, then completes the run if nothing is left. */
export async function advanceRun(
  client: pg.ClientBase,
  run: RunRow,
  settled: string[],
  now: Date,
): Promise<AfterCommit[]> {
  const tasks = taskViews(await readTasks(client, keyOf(run)));
  const next = advance(run.definition, tasks, settled);
  await markSkipped(client, keyOf(run), next.skipped, now);
  if (run.status !== 'running') return [];
  await enqueueTasks(client, keyOf(run), next.ready);
  const active = [...tasks.values()].some((t) => ACTIVE_STATUSES.includes(t.status));
  if (active) return [];
  return completeRun(
    client,
    run,
    [...tasks.values()].filter((t) => t.status === 'error').length,
    now,
  );
}

async function completeRun(
  client: pg.ClientBase,
  run: RunRow,
  errors: number,
  now: Date,
): Promise<AfterCommit[]> {
  const error = errors > 0 ? `${errors} ${errors === 1 ? 'activity' : 'activities'} failed` : null;
  await setRunStatus(client, keyOf(run), 'completed', { error, finishedAt: now });
  if (run.mode === 'live') await saveWatermarks(client, run, now);
  const effects: AfterCommit[] = [finished(run, 'completed')];
  if (errors > 0) {
    const suspend = await tooManyFailingRuns(client, run);
    if (suspend)
      effects.push(async (deps) => {
        await deps.hooks?.suspendCampaign?.(deps, {
          sandboxId: run.sandbox_id,
          campaignId: run.campaign_id,
          reason: suspend,
        });
      });
  }
  return effects;
}

function finished(run: RunRow, status: string): AfterCommit {
  return async (deps) => {
    await deps.hooks?.runFinished?.(deps, {
      sandboxId: run.sandbox_id,
      campaignId: run.campaign_id,
      runId: run.id,
      mode: run.mode,
      status,
    });
  };
}

/**
 * "After the last successful run": the high-water marks incremental queries reached in a live
 * run become the campaign's only when the run completes.
 */
async function saveWatermarks(client: pg.ClientBase, run: RunRow, now: Date): Promise<void> {
  await client.query(
    `INSERT INTO orchestrated_watermarks (sandbox_id, campaign_id, activity_id, high_water, run_id, updated_at)
     SELECT t.sandbox_id, $3, t.activity_id, (t.state->>'highWater')::timestamptz, t.run_id, $4
       FROM orchestrated_tasks t
      WHERE t.sandbox_id = $1 AND t.run_id = $2 AND t.kind = 'incrementalQuery' AND t.status = 'done'
        AND t.state->>'highWater' IS NOT NULL
     ON CONFLICT (sandbox_id, campaign_id, activity_id) DO UPDATE
        SET high_water = GREATEST(orchestrated_watermarks.high_water, EXCLUDED.high_water),
            run_id = EXCLUDED.run_id, updated_at = EXCLUDED.updated_at`,
    [run.sandbox_id, run.id, run.campaign_id, now],
  );
}

/** Under `ignore` with a limit: the reason to suspend when the latest runs all had errors. */
async function tooManyFailingRuns(client: pg.ClientBase, run: RunRow): Promise<string | null> {
  const policy = parseErrorPolicy(await campaignErrorPolicy(client, run));
  if (policy.mode !== 'ignore' || policy.maxConsecutiveErrors === undefined) return null;
  const limit = policy.maxConsecutiveErrors;
  const recent = await client.query<{ had_errors: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM orchestrated_tasks t
                     WHERE t.sandbox_id = r.sandbox_id AND t.run_id = r.id AND t.status = 'error') AS had_errors
       FROM orchestrated_runs r
      WHERE r.sandbox_id = $1 AND r.campaign_id = $2 AND r.mode = $3 AND r.finished_at IS NOT NULL
      ORDER BY r.run_no DESC LIMIT $4`,
    [run.sandbox_id, run.campaign_id, run.mode, limit + 1],
  );
  const streak = recent.rows.findIndex((r) => !r.had_errors);
  const consecutive = streak === -1 ? recent.rows.length : streak;
  return consecutive > limit ? `${consecutive} consecutive runs with errors` : null;
}

export async function campaignErrorPolicy(client: pg.ClientBase, run: RunRow): Promise<unknown> {
  const found = await client.query<{ error_policy: unknown }>(
    'SELECT error_policy FROM orchestrated_campaigns WHERE sandbox_id = $1 AND id = $2',
    [run.sandbox_id, run.campaign_id],
  );
  return found.rows[0]?.error_policy;
}

/** A task failed (already recorded as `error`): the campaign's error policy decides what follows. */
export async function applyErrorPolicy(
  client: pg.ClientBase,
  run: RunRow,
  activityId: string,
  message: string,
  now: Date,
): Promise<AfterCommit[]> {
  if (run.status !== 'running') return [];
  const policy = parseErrorPolicy(await campaignErrorPolicy(client, run));
  const error = `${activityId}: ${message}`;
  switch (policy.mode) {
    case 'suspend':
      await setRunStatus(client, keyOf(run), 'paused', { error });
      return [];
    case 'abort':
      await setRunStatus(client, keyOf(run), 'failed', { error, finishedAt: now });
      return [finished(run, 'failed')];
    case 'ignore':
      await client.query(
        `UPDATE orchestrated_tasks SET state = state || '{"ignoredError": true}'
          WHERE sandbox_id = $1 AND run_id = $2 AND activity_id = $3`,
        [run.sandbox_id, run.id, activityId],
      );
      return advanceRun(client, run, [activityId], now);
    default:
      return assertNever(policy);
  }
}
