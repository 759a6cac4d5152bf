// What the API shows of runs: the run, its tasks (status, counts per output port, duration,
// logs, error) and the population a transition carries.
import { AppError } from '../../platform/errors.ts';
import type { RunStatus, TaskStatus } from '../db.ts';
import type { EngineDeps } from './deps.ts';
import { readRun, readTasks, type RunKey, type RunRow, type TaskLogLine } from './run-store.ts';
import type { Worktable } from './types.ts';

export interface RunSummary {
  id: string;
  campaignId: string;
  runNo: number;
  mode: RunRow['mode'];
  trigger: RunRow['trigger'];
  status: RunStatus;
  oneShot: boolean;
  variables: Record<string, unknown>;
  error: string | null;
  createdBy: string;
  startedAt: Date;
  finishedAt: Date | null;
  purgedAt: Date | null;
}

export interface TaskSummary {
  activityId: string;
  kind: string;
  status: TaskStatus;
  attempts: number;
  wakeAt: Date | null;
  startedAt: Date | null;
  finishedAt: Date | null;
  durationMs: number | null;
  /** Rows per output port taken (`null`: a port that carries no population). */
  counts: Record<string, number | null>;
  outputs: Record<string, Worktable | null>;
  state: Record<string, unknown>;
  logs: TaskLogLine[];
  error: string | null;
}

function toSummary(run: RunRow): RunSummary {
  return {
    id: run.id,
    campaignId: run.campaign_id,
    runNo: run.run_no,
    mode: run.mode,
    trigger: run.trigger,
    status: run.status,
    oneShot: run.one_shot,
    variables: run.variables,
    error: run.error,
    createdBy: run.created_by,
    startedAt: run.started_at,
    finishedAt: run.finished_at,
    purgedAt: run.purged_at,
  };
}

export async function getRun(
  deps: EngineDeps,
  key: RunKey,
): Promise<RunSummary & { definition: RunRow['definition'] }> {
  const run = await readRun(deps.pool, key);
  if (!run) throw new AppError('ORCHESTRATED_RUN_NOT_FOUND');
  return { ...toSummary(run), definition: run.definition };
}

/** A campaign's runs, newest first. */
export async function listRuns(
  deps: EngineDeps,
  request: { sandboxId: string; campaignId: string; limit?: number; beforeRunNo?: number },
): Promise<RunSummary[]> {
  const found = await deps.pool.query<RunRow>(
    `SELECT * FROM orchestrated_runs
      WHERE sandbox_id = $1 AND campaign_id = $2 AND ($3::int IS NULL OR run_no < $3)
      ORDER BY run_no DESC LIMIT $4`,
    [request.sandboxId, request.campaignId, request.beforeRunNo ?? null, request.limit ?? 50],
  );
  return found.rows.map(toSummary);
}

export async function listTasks(deps: EngineDeps, key: RunKey): Promise<TaskSummary[]> {
  const tasks = await readTasks(deps.pool, key);
  return tasks.map((t) => ({
    activityId: t.activity_id,
    kind: t.kind,
    status: t.status,
    attempts: t.attempts,
    wakeAt: t.wake_at,
    startedAt: t.started_at,
    finishedAt: t.finished_at,
    durationMs: t.duration_ms,
    counts: Object.fromEntries(
      Object.entries(t.outputs).map(([port, w]) => [port, w ? w.count : null]),
    ),
    outputs: t.outputs,
    state: t.state,
    logs: t.logs,
    error: t.error,
  }));
}

/** The population a transition carries in a run (its source port's worktable). */
export async function worktableOf(
  deps: EngineDeps,
  request: RunKey & { transitionId: string },
): Promise<Worktable> {
  const run = await readRun(deps.pool, request);
  if (!run) throw new AppError('ORCHESTRATED_RUN_NOT_FOUND');
  const transition = run.definition.transitions.find((t) => t.id === request.transitionId);
  if (!transition || run.purged_at) throw new AppError('WORKTABLE_NOT_FOUND');
  const found = await deps.pool.query<{ worktable: Worktable | null }>(
    `SELECT outputs->$4 AS worktable FROM orchestrated_tasks
      WHERE sandbox_id = $1 AND run_id = $2 AND activity_id = $3 AND status = 'done'`,
    [request.sandboxId, request.runId, transition.from.activity, transition.from.port],
  );
  const worktable = found.rows[0]?.worktable;
  if (!worktable) throw new AppError('WORKTABLE_NOT_FOUND');
  return worktable;
}
