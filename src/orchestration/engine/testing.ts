// Runs orchestrated tasks inline for tests, in place of the job queue's workers: every task a
// job would run now (ready pending tasks, due waiting ones, abandoned running ones), in
// parallel, until none is left. Time only moves when the test moves its clock.
import type { EngineDeps } from './deps.ts';
import { readyActivities } from './graph.ts';
import { readRun, readTasks, taskViews } from './run-store.ts';
import { runTask, type Executor, type TaskKey } from './task-runner.ts';
import { runActivity } from '../activities/index.ts';

export async function runnableTasks(deps: EngineDeps, sandboxId?: string): Promise<TaskKey[]> {
  const runs = await deps.pool.query<{ sandbox_id: string; id: string }>(
    `SELECT sandbox_id, id FROM orchestrated_runs
      WHERE status = 'running' AND ($1::uuid IS NULL OR sandbox_id = $1) ORDER BY started_at`,
    [sandboxId ?? null],
  );
  const now = deps.clock.now();
  const keys: TaskKey[] = [];
  for (const row of runs.rows) {
    const key = { sandboxId: row.sandbox_id, runId: row.id };
    const run = await readRun(deps.pool, key);
    if (!run) continue;
    const tasks = await readTasks(deps.pool, key);
    const ready = new Set(readyActivities(run.definition, taskViews(tasks)));
    for (const task of tasks)
      if (
        ready.has(task.activity_id) ||
        task.status === 'running' ||
        (task.status === 'waiting' && task.wake_at && task.wake_at <= now)
      )
        keys.push({ ...key, activityId: task.activity_id });
  }
  return keys;
}

/** Returns how many task attempts ran. */
export async function drainOrchestratedJobs(
  deps: EngineDeps,
  options: { sandboxId?: string; execute?: Executor; maxRounds?: number } = {},
): Promise<number> {
  let attempts = 0;
  for (let round = 0; round < (options.maxRounds ?? 100); round++) {
    const keys = await runnableTasks(deps, options.sandboxId);
    const results = await Promise.all(
      keys.map((key) => runTask(deps, key, options.execute ?? runActivity)),
    );
    const ran = results.filter((r) => r === 'ran').length;
    attempts += ran;
    if (ran === 0) return attempts;
  }
  throw new Error('orchestrated tasks still runnable after the maximum number of rounds');
}
