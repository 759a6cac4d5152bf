// Lifecycle actions on orchestrated campaigns (SPEC O5): validation, publish, pause, resume,
// stop, close, archive, the launch preview. Each status change goes through
// `transitionOrchestrated` inside the transaction that does the rest; runs are the engine's.
import type { Db } from '../db/connection.ts';
import { AppError } from '../platform/errors.ts';
import type { ValidationReport } from './api-model.ts';
import { transitionCall, type OrchestratedCall } from './call.ts';
import { listRuns, pauseRun, resumeRun, stopRun } from './engine/index.ts';
import { finishPublishing } from './launch.ts';
import { checkTransition, transitionOrchestrated, type OrchestratedAction } from './lifecycle.ts';
import type { WorkflowDefinition } from './model.ts';
import { launchAfter, nextLaunches, schedulerOf } from './schedule.ts';
import { semanticProblems } from './semantic.ts';
import { definitionOf, getCampaignRow, toCampaign } from './store.ts';
import { hasErrors, validateWorkflow, type ValidationStage } from './validate.ts';

export interface ServiceCall extends OrchestratedCall {
  /** The untyped database, for the checks that read other areas. */
  base: Db;
}

/** Graph rules, then (when they pass) the references the activities make. */
export async function validateDefinition(
  call: ServiceCall,
  definition: WorkflowDefinition,
  stage: ValidationStage,
): Promise<ValidationReport> {
  const problems = validateWorkflow(definition, stage);
  problems.push(...(await semanticProblems(call.base, call.sandboxId, definition)));
  return { valid: !hasErrors(problems), problems };
}

export async function validateCampaign(call: ServiceCall, id: string): Promise<ValidationReport> {
  const row = await getCampaignRow(call.db, call.sandboxId, id);
  return validateDefinition(call, definitionOf(row), 'run');
}

/** Refuses with 400 WORKFLOW_INVALID and the problems when any is an error. */
export async function assertRunnable(call: ServiceCall, definition: WorkflowDefinition) {
  const report = await validateDefinition(call, definition, 'run');
  if (!report.valid) {
    const errors = report.problems.filter((p) => p.severity === 'error');
    throw new AppError(
      'WORKFLOW_INVALID',
      `The workflow has ${errors.length} error${errors.length === 1 ? '' : 's'}: ${errors[0]?.message ?? ''}`,
      { problems: report.problems },
    );
  }
}

/** The permission and status checks of an action, before any work. */
function refuse(
  call: ServiceCall,
  row: Parameters<typeof checkTransition>[0],
  action: OrchestratedAction,
) {
  const check = checkTransition(row, action, {
    system: call.actor.type === 'system',
    permissions: call.permissions,
  });
  if (!check.ok) throw new AppError(check.code, check.message);
}

/**
 * Draft → publishing (the definition is now read-only) → live or scheduled, per its Scheduler.
 * Checked first: the permission, the status, then the workflow.
 */
export async function publishCampaign(call: ServiceCall, id: string) {
  const draft = await getCampaignRow(call.db, call.sandboxId, id);
  refuse(call, draft, 'publish');
  await assertRunnable(call, definitionOf(draft));
  const now = call.clock.now();
  await call.db.transaction().execute(async (tx) => {
    const row = await getCampaignRow(tx, call.sandboxId, id, { forUpdate: true });
    await transitionOrchestrated(tx, transitionCall(call, now), row, 'publish', {
      details: { version: row.version, replaces: row.replaces_id },
    });
  });
  await finishPublishing(call.engine, { sandboxId: call.sandboxId, campaignId: id });
  return toCampaign(await getCampaignRow(call.db, call.sandboxId, id));
}

/** Live runs of a campaign that are going on (running or paused). */
async function activeLiveRuns(call: ServiceCall, id: string) {
  const runs = await listRuns(call.engine, {
    sandboxId: call.sandboxId,
    campaignId: id,
    limit: 20,
  });
  return runs.filter((r) => r.mode === 'live' && (r.status === 'running' || r.status === 'paused'));
}

/** Pause, resume, stop, close, archive: the status change, then the engine acts on the runs. */
export async function actOnCampaign(
  call: ServiceCall,
  id: string,
  action: Extract<OrchestratedAction, 'pause' | 'resume' | 'stop' | 'close' | 'archive'>,
) {
  const now = call.clock.now();
  const row = await call.db.transaction().execute(async (tx) => {
    const before = await getCampaignRow(tx, call.sandboxId, id, { forUpdate: true });
    const schedule = schedulerOf(definitionOf(before));
    // A missed launch is not caught up on resume: the next one is computed from now.
    const changes =
      action === 'resume' && before.next_launch_at && before.next_launch_at < now && schedule
        ? { next_launch_at: launchAfter(schedule, now) }
        : {};
    return transitionOrchestrated(tx, transitionCall(call, now), before, action, { changes });
  });
  for (const run of await activeLiveRuns(call, id)) {
    const key = { sandboxId: call.sandboxId, runId: run.id };
    if (action === 'pause' && run.status === 'running') await pauseRun(call.engine, key);
    if (action === 'resume' && run.status === 'paused') await resumeRun(call.engine, key);
    if (action === 'stop') await stopRun(call.engine, key);
  }
  return toCampaign(row);
}

/** The next 10 launches of the campaign's Scheduler (none for a signal or once launched). */
export async function launchesOf(call: ServiceCall, id: string) {
  const row = await getCampaignRow(call.db, call.sandboxId, id);
  const schedule = schedulerOf(definitionOf(row));
  const now = call.clock.now();
  if (!schedule) return { items: [], frequency: null };
  const ended = ['completed', 'closed', 'stopped', 'archived'].includes(row.status);
  const from = row.next_launch_at ? new Date(row.next_launch_at.getTime() - 1) : now;
  const items =
    ended || (row.status !== 'draft' && !row.next_launch_at)
      ? []
      : nextLaunches(schedule, from, 10).map((d) => d.toISOString());
  return { items, frequency: schedule.frequency };
}
