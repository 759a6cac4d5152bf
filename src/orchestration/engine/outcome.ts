// Writes an activity's outcome into its task, in the activity's transaction, and works out what
// follows: downstream tasks, a durable wake-up job, a parked task, an End activity's signal.
import type pg from 'pg';
import { assertNever } from '../../platform/assert.ts';
import type { Activity } from '../model.ts';
import type { EngineDeps } from './deps.ts';
import { advanceRun, type AfterCommit } from './progress.ts';
import { enqueueTasks, readRun, type RunKey, type TaskLogLine } from './run-store.ts';
import { deliverSignal } from './signals.ts';
import type { ActivityOutcome, Worktable } from './types.ts';

export async function recordOutcome(
  client: pg.ClientBase,
  deps: EngineDeps,
  input: {
    key: RunKey & { activityId: string };
    activity: Activity;
    state: Record<string, unknown>;
    outcome: ActivityOutcome;
    logs: TaskLogLine[];
  },
): Promise<AfterCommit[]> {
  const { key, outcome } = input;
  const now = deps.clock.now();
  const run = await readRun(client, key, 'update');
  if (!run || run.purged_at) throw new Error('The run was purged while this activity ran.');
  const state = { ...input.state, ...(outcome.state ?? {}) };
  const write = (status: string, fields: { outputs?: object; wakeAt?: Date; finished: boolean }) =>
    client.query(
      `UPDATE orchestrated_tasks
          SET status = $4, outputs = coalesce($5::jsonb, outputs), state = $6::jsonb,
              logs = logs || $7::jsonb, wake_at = $8,
              finished_at = CASE WHEN $9::boolean THEN $10::timestamptz ELSE NULL END,
              duration_ms = CASE WHEN $9::boolean
                THEN GREATEST(0, (extract(epoch FROM $10::timestamptz - started_at) * 1000)::int) END
        WHERE sandbox_id = $1 AND run_id = $2 AND activity_id = $3`,
      [
        key.sandboxId,
        key.runId,
        key.activityId,
        status,
        fields.outputs ? JSON.stringify(fields.outputs) : null,
        JSON.stringify(state),
        JSON.stringify(input.logs),
        fields.wakeAt ?? null,
        fields.finished,
        now,
      ],
    );
  switch (outcome.kind) {
    case 'done':
    case 'branch': {
      const skipped = new Set(outcome.kind === 'branch' ? outcome.skipped : []);
      const outputs: Record<string, Worktable | null> = {};
      for (const [port, worktable] of Object.entries(outcome.outputs))
        if (!skipped.has(port)) outputs[port] = worktable;
      await write('done', { outputs, finished: true });
      const effects = await advanceRun(client, run, [key.activityId], now);
      return input.activity.kind === 'end' ? [...effects, signalEffect(key)] : effects;
    }
    case 'wait':
      await write('waiting', { wakeAt: outcome.until, finished: false });
      if (run.status === 'running')
        await enqueueTasks(client, key, [key.activityId], outcome.until);
      return [];
    case 'needsAttention':
      input.logs.push({ at: now.toISOString(), level: 'info', message: outcome.reason });
      await write('needsAttention', { finished: false });
      return [];
    default:
      return assertNever(outcome);
  }
}

/** An End activity that signals another campaign keeps the request in `state.signal`. */
function signalEffect(key: RunKey & { activityId: string }): AfterCommit {
  return async (deps) => {
    await deliverSignal(deps, key);
  };
}
