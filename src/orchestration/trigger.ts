// Runs started by a person or a signal: the test run of a draft (everything but sends and saved
// audiences; a new one resets the previous), and the signal trigger of a campaign whose
// Scheduler waits for one — at most one per hour for a live campaign (429 with Retry-After).
import { recordAudit } from '../platform/audit.ts';
import { AppError } from '../platform/errors.ts';
import { systemCall, type OrchestratedCall } from './call.ts';
import type { SignalRequest } from './engine/index.ts';
import { getRun, startRun, type EngineDeps } from './engine/index.ts';
import { schedulerOf } from './schedule.ts';
import { assertRunnable, type ServiceCall } from './service.ts';
import { definitionOf, getCampaignRow } from './store.ts';

export const SIGNAL_INTERVAL_MS = 3_600_000;

async function auditRun(
  call: OrchestratedCall,
  id: string,
  action: string,
  run: { runId: string; runNo: number },
) {
  await recordAudit(call.db, {
    sandboxId: call.sandboxId,
    actor: call.actor,
    action: `orchestrated.${action}`,
    entityType: 'orchestratedCampaign',
    entityId: id,
    after: run,
    requestId: call.requestId,
    at: call.clock.now(),
  });
}

/** A test run of a draft with the given variables; the previous test run is purged. */
export async function startTestRun(
  call: ServiceCall,
  id: string,
  variables: Record<string, unknown>,
  trigger: 'manual' | 'signal' = 'manual',
) {
  const row = await getCampaignRow(call.db, call.sandboxId, id);
  if (row.status !== 'draft')
    throw new AppError(
      'ORCHESTRATED_NOT_DRAFT',
      `The campaign is ${row.status}; test runs are for drafts (published campaigns run live).`,
    );
  const definition = definitionOf(row);
  await assertRunnable(call, definition);
  const run = await startRun(call.engine, {
    sandboxId: call.sandboxId,
    campaignId: id,
    mode: 'test',
    trigger,
    definition,
    variables,
    actorLabel: call.actor.label,
    oneShot: true,
  });
  await auditRun(call, id, 'testRun', run);
  return getRun(call.engine, { sandboxId: call.sandboxId, runId: run.runId });
}

/**
 * The signal of a campaign whose Scheduler waits for one: a live run (live or scheduled, not
 * paused; at most one per hour), or a test run of a draft.
 */
export async function triggerCampaign(
  call: ServiceCall | OrchestratedCall,
  id: string,
  variables: Record<string, unknown>,
) {
  const row = await getCampaignRow(call.db, call.sandboxId, id);
  const definition = definitionOf(row);
  if (schedulerOf(definition)?.frequency !== 'signal')
    throw new AppError(
      'ORCHESTRATED_TRANSITION_INVALID',
      'This campaign is not triggered by a signal: its Scheduler must say "on a signal".',
    );
  if (row.status === 'draft' && 'base' in call) return startTestRun(call, id, variables, 'signal');
  if (!['live', 'scheduled'].includes(row.status) || row.paused)
    throw new AppError(
      'ORCHESTRATED_TRANSITION_INVALID',
      `The campaign is ${row.paused ? 'paused' : row.status}; a signal starts a live campaign or tests a draft.`,
    );
  const now = call.clock.now();
  if (row.last_signal_at) {
    const wait = row.last_signal_at.getTime() + SIGNAL_INTERVAL_MS - now.getTime();
    if (wait > 0)
      throw new AppError(
        'ORCHESTRATED_SIGNAL_RATE',
        `This campaign was signalled at ${row.last_signal_at.toISOString()}; the next signal is taken from ${new Date(now.getTime() + wait).toISOString()}.`,
        { retryAfterSeconds: Math.ceil(wait / 1000) },
      );
  }
  const run = await startRun(call.engine, {
    sandboxId: call.sandboxId,
    campaignId: id,
    mode: 'live',
    trigger: 'signal',
    definition,
    variables,
    actorLabel: call.actor.label,
    oneShot: true,
  });
  await call.db
    .updateTable('orchestrated_campaigns')
    .set({ last_signal_at: now })
    .where('sandbox_id', '=', call.sandboxId)
    .where('id', '=', id)
    .execute();
  await auditRun(call, id, 'trigger', run);
  return getRun(call.engine, { sandboxId: call.sandboxId, runId: run.runId });
}

/** The End activity's signal to another orchestrated campaign (the engine's hook). */
export async function signalCampaign(deps: EngineDeps, request: SignalRequest): Promise<void> {
  await triggerCampaign(
    systemCall(deps, request.sandboxId, request.actor),
    request.campaignId,
    request.variables,
  );
}
