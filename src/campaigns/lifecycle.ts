// The campaign lifecycle (SPEC S3) as data: which action moves which statuses where, and who may
// take it. `transitionCampaign` is the only writer of a campaign's status; it checks the table
// and writes the audit row in the caller's transaction.
import { assertNever } from '../platform/assert.ts';
import { recordAudit } from '../platform/audit.ts';
import type { Actor } from '../platform/context.ts';
import { AppError } from '../platform/errors.ts';
import type { Permission } from '../platform/permissions.ts';
import type { CampaignsDb } from './db.ts';
import type { CampaignAction, CampaignStatus } from './model.ts';
import type { CampaignRow } from './store.ts';

export interface TransitionRule {
  from: readonly CampaignStatus[];
  to: CampaignStatus;
  /** `system`: taken by the scheduler, never through the API. */
  permission: Permission | 'system';
}

export const TRANSITIONS: Record<CampaignAction, TransitionRule> = {
  activate: { from: ['draft'], to: 'scheduled', permission: 'campaigns.activate' },
  start: { from: ['scheduled'], to: 'live', permission: 'system' },
  requestApproval: { from: ['draft'], to: 'inReview', permission: 'campaigns.write' },
  cancelApproval: { from: ['inReview'], to: 'draft', permission: 'campaigns.write' },
  approve: { from: ['inReview'], to: 'scheduled', permission: 'campaigns.approve' },
  requestChanges: { from: ['inReview'], to: 'draft', permission: 'campaigns.approve' },
  stop: { from: ['scheduled', 'live'], to: 'stopped', permission: 'campaigns.activate' },
  archive: {
    from: ['stopped', 'completed', 'failed'],
    to: 'archived',
    permission: 'campaigns.write',
  },
  complete: { from: ['scheduled', 'live'], to: 'completed', permission: 'system' },
  fail: { from: ['scheduled', 'live'], to: 'failed', permission: 'system' },
};

export type TransitionCheck =
  | { ok: true; to: CampaignStatus }
  | { ok: false; code: 'FORBIDDEN' | 'CAMPAIGN_TRANSITION_INVALID' };

/** Whether `action` may move a campaign in `status`, for someone holding `permissions`. */
export function checkTransition(
  status: CampaignStatus,
  action: CampaignAction,
  actor: { system: boolean; permissions: ReadonlySet<Permission> },
): TransitionCheck {
  const rule = TRANSITIONS[action];
  const allowed =
    rule.permission === 'system' ? actor.system : actor.permissions.has(rule.permission);
  if (!allowed) return { ok: false, code: 'FORBIDDEN' };
  if (!rule.from.includes(status)) return { ok: false, code: 'CAMPAIGN_TRANSITION_INVALID' };
  return { ok: true, to: rule.to };
}

export function describeStatus(status: CampaignStatus): string {
  switch (status) {
    case 'draft':
      return 'a draft';
    case 'inReview':
      return 'in review';
    case 'scheduled':
      return 'scheduled';
    case 'live':
      return 'live';
    case 'stopped':
      return 'stopped';
    case 'completed':
      return 'completed';
    case 'failed':
      return 'failed';
    case 'archived':
      return 'archived';
    default:
      return assertNever(status);
  }
}

export interface TransitionCall {
  sandboxId: string;
  actor: Actor;
  permissions: ReadonlySet<Permission>;
  requestId?: string | undefined;
  now: Date;
}

/**
 * Moves the (locked) campaign by `action`, or throws 403 / 409. `details` go into the audit row.
 */
export async function transitionCampaign(
  tx: CampaignsDb,
  call: TransitionCall,
  campaign: CampaignRow,
  action: CampaignAction,
  details: Record<string, unknown> = {},
): Promise<CampaignRow> {
  const check = checkTransition(campaign.status, action, {
    system: call.actor.type === 'system',
    permissions: call.permissions,
  });
  if (!check.ok)
    throw check.code === 'FORBIDDEN'
      ? new AppError('FORBIDDEN', `Your role may not ${action} campaigns.`)
      : new AppError(
          'CAMPAIGN_TRANSITION_INVALID',
          `The campaign is ${describeStatus(campaign.status)}; "${action}" applies to campaigns that are ${TRANSITIONS[
            action
          ].from
            .map(describeStatus)
            .join(' or ')}.`,
        );
  const activating = check.to === 'scheduled';
  const row = await tx
    .updateTable('campaigns')
    .set({
      status: check.to,
      updated_at: call.now,
      updated_by: call.actor.label,
      ...(activating ? { activated_at: call.now, activated_by: call.actor.label } : {}),
    })
    .where('sandbox_id', '=', call.sandboxId)
    .where('id', '=', campaign.id)
    .where('status', '=', campaign.status)
    .returningAll()
    .executeTakeFirst();
  if (!row)
    throw new AppError('CAMPAIGN_TRANSITION_INVALID', 'The campaign changed meanwhile; try again.');
  await recordAudit(tx, {
    sandboxId: call.sandboxId,
    actor: call.actor,
    action: `campaign.${action}`,
    entityType: 'campaign',
    entityId: campaign.id,
    before: { status: campaign.status },
    after: { status: check.to, ...details },
    requestId: call.requestId,
    at: call.now,
  });
  return row;
}
