// An End activity's signal to another campaign, delivered after the task is recorded. The request
// is written into the task's state in the activity's own transaction, so it survives a crash
// between that commit and the call: the engine's tick delivers every signal still pending. A
// delivery first claims the signal (for five minutes), so the tick and the finishing process do
// not both send it, and records its result, after which it is never sent again.
import { errorMessage, type EngineDeps } from './deps.ts';
import type { RunKey } from './run-store.ts';

type TaskRef = RunKey & { activityId: string };

/** A signal claimed by a delivery that has not recorded its result is retried after this. */
const CLAIM_MINUTES = 5;

const PENDING = `t.state ? 'signal' AND NOT t.state ? 'signalResult'
  AND (NOT t.state ? 'signalClaimedAt'
       OR (t.state->>'signalClaimedAt')::timestamptz < $NOW::timestamptz - interval '${CLAIM_MINUTES} minutes')`;

/** Delivers the task's signal if it is still pending; true when this call delivered it. */
export async function deliverSignal(deps: EngineDeps, task: TaskRef): Promise<boolean> {
  const now = deps.clock.now();
  const claimed = await deps.pool.query<{ signal: Record<string, unknown> }>(
    `UPDATE orchestrated_tasks t
        SET state = t.state || jsonb_build_object('signalClaimedAt', $4::timestamptz)
      WHERE t.sandbox_id = $1 AND t.run_id = $2 AND t.activity_id = $3 AND t.status = 'done'
        AND ${PENDING.replaceAll('$NOW', '$4')}
      RETURNING t.state->'signal' AS signal`,
    [task.sandboxId, task.runId, task.activityId, now],
  );
  const signal = claimed.rows[0]?.signal;
  if (!signal) return false;
  const { campaignId, variables, actor } = signal;
  const target = typeof campaignId === 'string' ? campaignId : '?';
  let message = `Signalling campaigns is not available here: campaign ${target} was not signalled`;
  const hooks = deps.hooks;
  if (hooks?.signalCampaign && typeof campaignId === 'string')
    try {
      await hooks.signalCampaign(deps, {
        sandboxId: task.sandboxId,
        campaignId,
        variables: typeof variables === 'object' && variables !== null ? { ...variables } : {},
        actor: typeof actor === 'string' ? actor : 'orchestrated campaign',
      });
      message = `Signalled campaign ${campaignId}`;
    } catch (error) {
      message = `Signalling campaign ${campaignId} failed: ${errorMessage(error)}`;
    }
  await deps.pool.query(
    `UPDATE orchestrated_tasks
        SET state = state || jsonb_build_object('signalResult', $4::text), logs = logs || $5::jsonb
      WHERE sandbox_id = $1 AND run_id = $2 AND activity_id = $3`,
    [
      task.sandboxId,
      task.runId,
      task.activityId,
      message,
      JSON.stringify([{ at: deps.clock.now().toISOString(), level: 'info', message }]),
    ],
  );
  return true;
}

/** Delivers the signals left pending by a process that stopped; returns how many were sent. */
export async function deliverPendingSignals(deps: EngineDeps): Promise<number> {
  const pending = await deps.pool.query<{
    sandbox_id: string;
    run_id: string;
    activity_id: string;
  }>(
    `SELECT t.sandbox_id, t.run_id, t.activity_id FROM orchestrated_tasks t
      WHERE t.kind = 'end' AND t.status = 'done' AND ${PENDING.replaceAll('$NOW', '$1')}`,
    [deps.clock.now()],
  );
  let delivered = 0;
  for (const row of pending.rows)
    if (
      await deliverSignal(deps, {
        sandboxId: row.sandbox_id,
        runId: row.run_id,
        activityId: row.activity_id,
      })
    )
      delivered++;
  return delivered;
}
