// Lifecycle actions on campaigns (SPEC S3, G1): activation (refused with blocking problems or
// when an approval policy applies), approval requests and decisions, stop and archive. Each
// status change goes through `transitionCampaign` inside the transaction that does the rest.
import type pg from 'pg';
import { activePoliciesFor } from '../governance/policies.ts';
import { governanceDb } from '../governance/db.ts';
import type { ApprovalPolicy } from '../governance/model.ts';
import { SYSTEM_ACTOR } from '../platform/context.ts';
import { AppError } from '../platform/errors.ts';
import type { Permission, Role } from '../platform/permissions.ts';
import type { CampaignsCall, CampaignsDb } from './db.ts';
import { transitionCampaign, type TransitionCall } from './lifecycle.ts';
import type { Campaign, CampaignReview } from './model.ts';
import { refuseBlocking, reviewProblems } from './review.ts';
import { cancelRuns, scheduleFirstRun, wakeAt, type RunDeps } from './runs.ts';
import { getCampaign, getCampaignRow, toCampaign, type CampaignRow } from './store.ts';

export interface ActingCall extends CampaignsCall {
  permissions: ReadonlySet<Permission>;
  roles: ReadonlySet<Role>;
  pool: pg.Pool;
  runs: RunDeps;
}

function transitionCall(call: ActingCall, now: Date): TransitionCall {
  return {
    sandboxId: call.sandboxId,
    actor: call.actor,
    permissions: call.permissions,
    requestId: call.requestId,
    now,
  };
}

async function policiesFor(call: ActingCall, campaign: Campaign): Promise<ApprovalPolicy[]> {
  return activePoliciesFor(governanceDb(call.base), call.sandboxId, {
    type: campaign.type,
    channel: campaign.action?.channel ?? null,
    tags: campaign.tags,
    name: campaign.name,
    requesterId: call.actor.id,
  });
}

export async function reviewCampaign(call: ActingCall, id: string): Promise<CampaignReview> {
  const campaign = toCampaign(await getCampaignRow(call.db, call.sandboxId, id));
  const problems = await reviewProblems(call.base, call.sandboxId, campaign, call.clock.now());
  const policies = await policiesFor(call, campaign);
  return {
    ready: !problems.some((p) => p.severity === 'error'),
    approvalRequired: policies.length > 0,
    policies: policies.map((p) => ({ id: p.id, name: p.name })),
    problems,
  };
}

/** Checks the draft can go live: no blocking problem. */
async function assertReady(call: ActingCall, row: CampaignRow): Promise<Campaign> {
  const campaign = toCampaign(row);
  refuseBlocking(await reviewProblems(call.base, call.sandboxId, campaign, call.clock.now()));
  return campaign;
}

/**
 * Puts an approved campaign on its schedule: its first run is written, and a new version of a
 * live recurring campaign replaces it (the old one stops; its sending run finishes).
 */
async function goLive(
  tx: CampaignsDb,
  call: ActingCall,
  row: CampaignRow,
  now: Date,
): Promise<Date | undefined> {
  const campaign = toCampaign(row);
  // An API-triggered campaign has no runs: it is live, and calls send.
  if (campaign.type === 'api') {
    await transitionCampaign(
      tx,
      { ...transitionCall(call, now), actor: SYSTEM_ACTOR },
      row,
      'start',
    );
    return undefined;
  }
  if (!campaign.schedule) throw new AppError('CAMPAIGN_NOT_READY', 'The campaign has no schedule.');
  const due = await scheduleFirstRun(tx, row, campaign.schedule, now);
  if (row.replaces_id) {
    const old = await getCampaignRow(tx, call.sandboxId, row.replaces_id, { forUpdate: true });
    if (['scheduled', 'live'].includes(old.status)) {
      await tx
        .updateTable('campaign_runs')
        .set({ status: 'cancelled', finished_at: now })
        .where('sandbox_id', '=', call.sandboxId)
        .where('campaign_id', '=', old.id)
        .where('status', '=', 'scheduled')
        .execute();
      await transitionCampaign(
        tx,
        { ...transitionCall(call, now), permissions: new Set(['campaigns.activate']) },
        old,
        'stop',
        { replacedBy: row.id, version: row.version },
      );
    }
  }
  return due;
}

export async function activateCampaign(call: ActingCall, id: string): Promise<Campaign> {
  const now = call.clock.now();
  const before = await getCampaignRow(call.db, call.sandboxId, id);
  if (before.status === 'draft' && call.permissions.has('campaigns.activate')) {
    const campaign = await assertReady(call, before);
    const policies = await policiesFor(call, campaign);
    if (policies.length)
      throw new AppError(
        'APPROVAL_REQUIRED',
        `Approval policy "${policies[0]?.name}" applies: request approval instead.`,
      );
  }
  const { row, due } = await call.db.transaction().execute(async (tx) => {
    const locked = await getCampaignRow(tx, call.sandboxId, id, { forUpdate: true });
    const moved = await transitionCampaign(tx, transitionCall(call, now), locked, 'activate');
    return { row: moved, due: await goLive(tx, call, moved, now) };
  });
  if (due) await wakeAt(call.runs, id, due);
  return getCampaign(call.db, call.sandboxId, row.id);
}

async function pendingRequest(tx: CampaignsDb, sandboxId: string, campaignId: string) {
  const request = await tx
    .selectFrom('approval_requests')
    .selectAll()
    .where('sandbox_id', '=', sandboxId)
    .where('campaign_id', '=', campaignId)
    .where('status', '=', 'pending')
    .forUpdate()
    .executeTakeFirst();
  if (!request)
    throw new AppError('CAMPAIGN_TRANSITION_INVALID', 'The campaign has no pending request.');
  return request;
}

/**
 * Activation through approval: with matching active policies the campaign goes In review; when
 * policies exist but none matches, it is approved at once; with no active policy at all there
 * is nobody to route to, and an approver activates it.
 */
export async function requestApproval(call: ActingCall, id: string): Promise<Campaign> {
  const now = call.clock.now();
  const before = await getCampaignRow(call.db, call.sandboxId, id);
  if (before.status !== 'draft' || !call.permissions.has('campaigns.write'))
    return toCampaign(
      await call.db
        .transaction()
        .execute((tx) =>
          transitionCampaign(tx, transitionCall(call, now), before, 'requestApproval'),
        ),
    );
  const campaign = await assertReady(call, before);
  const policies = await policiesFor(call, campaign);
  const anyActive = await governanceDb(call.base)
    .selectFrom('approval_policies')
    .select('id')
    .where('sandbox_id', '=', call.sandboxId)
    .where('status', '=', 'active')
    .executeTakeFirst();
  if (!anyActive)
    throw new AppError(
      'CAMPAIGN_TRANSITION_INVALID',
      'No approval policy is active in this sandbox: a Campaign Approver activates this campaign.',
    );
  const { row, due } = await call.db.transaction().execute(async (tx) => {
    const locked = await getCampaignRow(tx, call.sandboxId, id, { forUpdate: true });
    const inReview = await transitionCampaign(
      tx,
      transitionCall(call, now),
      locked,
      'requestApproval',
      { policies: policies.map((p) => p.name) },
    );
    const auto = policies.length === 0;
    await tx
      .insertInto('approval_requests')
      .values({
        sandbox_id: call.sandboxId,
        campaign_id: id,
        policy_ids: policies.map((p) => p.id),
        approver_users: [...new Set(policies.flatMap((p) => p.approvers.users))],
        approver_roles: [...new Set(policies.flatMap((p) => p.approvers.roles))],
        block_self: policies.some((p) => p.blockSelfApproval),
        status: auto ? 'approved' : 'pending',
        requested_by: call.actor.type === 'user' ? call.actor.id : null,
        requested_label: call.actor.label,
        requested_at: now,
        decided_label: auto ? 'no matching policy (auto-approved)' : null,
        decided_at: auto ? now : null,
      })
      .execute();
    if (!auto) return { row: inReview, due: undefined };
    const approved = await transitionCampaign(
      tx,
      { ...transitionCall(call, now), permissions: new Set(['campaigns.approve']) },
      inReview,
      'approve',
      { auto: true },
    );
    return { row: approved, due: await goLive(tx, call, approved, now) };
  });
  if (due) await wakeAt(call.runs, id, due);
  return getCampaign(call.db, call.sandboxId, row.id);
}

export async function cancelApproval(call: ActingCall, id: string): Promise<Campaign> {
  const now = call.clock.now();
  const row = await call.db.transaction().execute(async (tx) => {
    const locked = await getCampaignRow(tx, call.sandboxId, id, { forUpdate: true });
    const moved = await transitionCampaign(tx, transitionCall(call, now), locked, 'cancelApproval');
    const request = await pendingRequest(tx, call.sandboxId, id);
    await tx
      .updateTable('approval_requests')
      .set({
        status: 'cancelled',
        decided_by: call.actor.type === 'user' ? call.actor.id : null,
        decided_label: call.actor.label,
        decided_at: now,
      })
      .where('sandbox_id', '=', call.sandboxId)
      .where('id', '=', request.id)
      .execute();
    return moved;
  });
  return toCampaign(row);
}

/** Whether the caller is one of the request's approvers (and not a blocked self-approval). */
export function mayDecide(
  request: {
    approver_users: string[];
    approver_roles: string[];
    block_self: boolean;
    requested_by: string | null;
  },
  call: { actor: { type: string; id: string | null }; roles: ReadonlySet<Role> },
): boolean {
  const userId = call.actor.type === 'user' ? call.actor.id : null;
  if (request.block_self && userId !== null && userId === request.requested_by) return false;
  if (userId !== null && request.approver_users.includes(userId)) return true;
  if (call.roles.has('platformAdministrator')) return true;
  return request.approver_roles.some((role) => call.roles.has(role as Role));
}

export async function decideApproval(
  call: ActingCall,
  id: string,
  decision: 'approve' | 'requestChanges',
  message: string | undefined,
): Promise<Campaign> {
  const now = call.clock.now();
  const { row, due } = await call.db.transaction().execute(async (tx) => {
    const locked = await getCampaignRow(tx, call.sandboxId, id, { forUpdate: true });
    const request =
      locked.status === 'inReview' ? await pendingRequest(tx, call.sandboxId, id) : undefined;
    if (request && call.permissions.has('campaigns.approve') && !mayDecide(request, call))
      throw new AppError('APPROVAL_NOT_ALLOWED');
    const moved = await transitionCampaign(tx, transitionCall(call, now), locked, decision, {
      ...(message ? { message } : {}),
    });
    if (!request) throw new Error('unreachable: transition from inReview without a request');
    await tx
      .updateTable('approval_requests')
      .set({
        status: decision === 'approve' ? 'approved' : 'changesRequested',
        decided_by: call.actor.type === 'user' ? call.actor.id : null,
        decided_label: call.actor.label,
        decided_at: now,
        message: message ?? null,
      })
      .where('sandbox_id', '=', call.sandboxId)
      .where('id', '=', request.id)
      .execute();
    return {
      row: moved,
      due: decision === 'approve' ? await goLive(tx, call, moved, now) : undefined,
    };
  });
  if (due) await wakeAt(call.runs, id, due);
  return getCampaign(call.db, call.sandboxId, row.id);
}

export async function stopCampaign(call: ActingCall, id: string): Promise<Campaign> {
  const now = call.clock.now();
  const row = await call.db.transaction().execute(async (tx) => {
    const locked = await getCampaignRow(tx, call.sandboxId, id, { forUpdate: true });
    const moved = await transitionCampaign(tx, transitionCall(call, now), locked, 'stop');
    const cancelled = await cancelRuns(tx, call.pool, call.sandboxId, id, now);
    return { ...moved, cancelled };
  });
  return toCampaign(row);
}

export async function archiveCampaign(call: ActingCall, id: string): Promise<Campaign> {
  const now = call.clock.now();
  const row = await call.db.transaction().execute(async (tx) => {
    const locked = await getCampaignRow(tx, call.sandboxId, id, { forUpdate: true });
    return transitionCampaign(tx, transitionCall(call, now), locked, 'archive');
  });
  return toCampaign(row);
}
