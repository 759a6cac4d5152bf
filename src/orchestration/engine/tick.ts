// The engine's every-minute pass (and one when a worker starts): takes over tasks whose process
// died, makes sure every runnable task of a running run has its job, purges finished runs past
// their retention, sends the End signals a stopped process left pending, and lets the campaign
// service launch the scheduled campaigns that are due.
import type { EngineDeps } from './deps.ts';
import { enqueueRunnable, inTransaction } from './lifecycle.ts';
import { enqueueTasks, readRun, taskLockSql } from './run-store.ts';
import { deliverPendingSignals } from './signals.ts';
import { WORK_SCHEMA } from './types.ts';
import { worktableRef } from './worktables.ts';

export interface TickResult {
  takenOver: number;
  launched: number;
  /** Worktables of purged runs left by a process that stopped before dropping them. */
  dropped: number;
  /** End activities' signals left pending by a process that stopped before sending them. */
  signalled: number;
  /** Finished runs past their retention, purged (their worktables dropped). */
  expired: number;
}

/**
 * A finished run's worktables hold the populations it computed — personal data, and as many rows
 * as the sandbox has profiles — so they are kept for inspection this long after the run ends,
 * then dropped. Tasks, counts and logs stay.
 */
export const WORKTABLE_RETENTION_DAYS = 7;

export async function orchestratedTick(deps: EngineDeps): Promise<TickResult> {
  const takenOver = await takeOverAbandonedTasks(deps);
  await inTransaction(deps, async (client) => {
    const runs = await client.query<{ sandbox_id: string; id: string }>(
      `SELECT sandbox_id, id FROM orchestrated_runs WHERE status = 'running'
        ORDER BY started_at FOR UPDATE SKIP LOCKED`,
    );
    for (const row of runs.rows) {
      const run = await readRun(client, { sandboxId: row.sandbox_id, runId: row.id });
      if (run) await enqueueRunnable(client, run, deps.clock.now());
    }
  });
  const expired = await expireFinishedRuns(deps);
  const dropped = await dropLeftoverWorktables(deps);
  const signalled = await deliverPendingSignals(deps);
  const launched = (await deps.hooks?.launchDueCampaigns?.(deps)) ?? 0;
  return { takenOver, launched, dropped, signalled, expired };
}

/** Marks finished runs past the retention purged; `dropLeftoverWorktables` then drops their tables. */
async function expireFinishedRuns(deps: EngineDeps): Promise<number> {
  const expired = await deps.pool.query(
    `UPDATE orchestrated_runs SET purged_at = $1
      WHERE purged_at IS NULL AND status IN ('completed', 'failed', 'stopped')
        AND finished_at < $1::timestamptz - make_interval(days => $2)`,
    [deps.clock.now(), WORKTABLE_RETENTION_DAYS],
  );
  return expired.rowCount ?? 0;
}

async function dropLeftoverWorktables(deps: EngineDeps): Promise<number> {
  const leftovers = await deps.pool.query<{ tablename: string }>(
    `SELECT t.tablename FROM pg_tables t
       JOIN orchestrated_runs r
         ON r.purged_at IS NOT NULL
        AND starts_with(t.tablename, 'w_' || left(replace(r.id::text, '-', ''), 16) || '_')
      WHERE t.schemaname = $1`,
    [WORK_SCHEMA],
  );
  for (const { tablename } of leftovers.rows)
    await deps.pool.query(`DROP TABLE IF EXISTS ${worktableRef(tablename)}`);
  return leftovers.rowCount ?? 0;
}

/**
 * A task is `running` but neither its row nor its advisory lock is held: the process that ran
 * it is gone (its transaction was rolled back). Its job is added again; the claim re-runs it.
 */
export async function takeOverAbandonedTasks(deps: EngineDeps): Promise<number> {
  return inTransaction(deps, async (client) => {
    const candidates = await client.query<{
      sandbox_id: string;
      run_id: string;
      activity_id: string;
    }>(
      `SELECT t.sandbox_id, t.run_id, t.activity_id
         FROM orchestrated_tasks t
         JOIN orchestrated_runs r ON r.sandbox_id = t.sandbox_id AND r.id = t.run_id
        WHERE t.status = 'running' AND r.status = 'running'
        FOR UPDATE OF t SKIP LOCKED`,
    );
    let count = 0;
    for (const task of candidates.rows) {
      // A transaction-level probe: released at commit, when the new job becomes visible.
      const free = await client.query<{ ok: boolean }>(
        `SELECT pg_try_advisory_xact_lock(${taskLockSql({ run: '$1', activity: '$2' })}) AS ok`,
        [task.run_id, task.activity_id],
      );
      if (!free.rows[0]?.ok) continue;
      await enqueueTasks(client, { sandboxId: task.sandbox_id, runId: task.run_id }, [
        task.activity_id,
      ]);
      deps.log?.warn({ ...task }, 'taking over an orchestrated task whose process stopped');
      count += 1;
    }
    return count;
  });
}
