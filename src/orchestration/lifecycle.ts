// The orchestrated campaign lifecycle (SPEC O5) as data: which action moves which statuses
// where, and who may take it. `transitionOrchestrated` is the only writer of a campaign's status
// and paused flag; it checks the table and writes the audit row in the caller's transaction.
import { assertNever } from '../platform/assert.ts';
import { recordAudit } from '../platform/audit.ts';
import type { Actor } from '../platform/context.ts';
import { AppError } from '../platform/errors.ts';
import type { Permission } from '../platform/permissions.ts';
import type { OrchestratedStatus } from './api-model.ts';
import type { OrchestrationDb } from './db.ts';
import type { CampaignRow } from './store.ts';

export type OrchestratedAction =
  | 'publish'
  | 'goLive'
  | 'schedule'
  | 'publishFailed'
  | 'pause'
  | 'resume'
  | 'suspend'
  | 'stop'
  | 'complete'
  | 'close'
  | 'replace'
  | 'archive';

export interface TransitionRule {
  from: readonly OrchestratedStatus[];
  /** `same`: the status stays (pause and resume change the paused flag). */
  to: OrchestratedStatus | 'same';
  paused?: { requires: boolean; sets: boolean };
  /** `system`: taken by the service or the engine's tick, never through the API. */
  permission: Permission | 'system';
}

const RUNNING = ['live', 'scheduled'] as const;

export const TRANSITIONS: Record<OrchestratedAction, TransitionRule> = {
  publish: { from: ['draft'], to: 'publishing', permission: 'orchestrated.publish' },
  goLive: { from: ['publishing'], to: 'live', permission: 'system' },
  schedule: { from: ['publishing'], to: 'scheduled', permission: 'system' },
  publishFailed: { from: ['publishing'], to: 'draft', permission: 'system' },
  pause: {
    from: RUNNING,
    to: 'same',
    paused: { requires: false, sets: true },
    permission: 'orchestrated.publish',
  },
  resume: {
    from: RUNNING,
    to: 'same',
    paused: { requires: true, sets: false },
    permission: 'orchestrated.publish',
  },
  /** Too many failed runs in a row (error policy `ignore`). */
  suspend: {
    from: RUNNING,
    to: 'same',
    paused: { requires: false, sets: true },
    permission: 'system',
  },
  stop: { from: RUNNING, to: 'stopped', permission: 'orchestrated.publish' },
  complete: { from: RUNNING, to: 'completed', permission: 'system' },
  close: {
    from: ['live', 'scheduled', 'completed', 'stopped'],
    to: 'closed',
    permission: 'orchestrated.publish',
  },
  /** A new version was published in its place. */
  replace: {
    from: ['live', 'scheduled', 'completed', 'stopped'],
    to: 'closed',
    permission: 'system',
  },
  archive: {
    from: ['completed', 'closed', 'stopped'],
    to: 'archived',
    permission: 'orchestrated.write',
  },
};

export type TransitionCheck =
  | { ok: true; to: OrchestratedStatus; paused: boolean }
  | { ok: false; code: 'FORBIDDEN' | 'ORCHESTRATED_TRANSITION_INVALID'; message: string };

/** Whether `action` may move a campaign in `status`, for someone holding `permissions`. */
export function checkTransition(
  campaign: { status: OrchestratedStatus; paused: boolean },
  action: OrchestratedAction,
  actor: { system: boolean; permissions: ReadonlySet<Permission> },
): TransitionCheck {
  const rule = TRANSITIONS[action];
  const allowed =
    actor.system || (rule.permission !== 'system' && actor.permissions.has(rule.permission));
  if (!allowed)
    return {
      ok: false,
      code: 'FORBIDDEN',
      message: `Your role may not ${action} orchestrated campaigns.`,
    };
  if (!rule.from.includes(campaign.status))
    return {
      ok: false,
      code: 'ORCHESTRATED_TRANSITION_INVALID',
      message: `The campaign is ${describeStatus(campaign.status)}; "${action}" applies to campaigns that are ${rule.from.map(describeStatus).join(' or ')}.`,
    };
  if (rule.paused && campaign.paused !== rule.paused.requires)
    return {
      ok: false,
      code: 'ORCHESTRATED_TRANSITION_INVALID',
      message: campaign.paused ? 'The campaign is already paused.' : 'The campaign is not paused.',
    };
  return {
    ok: true,
    to: rule.to === 'same' ? campaign.status : rule.to,
    paused: rule.paused ? rule.paused.sets : rule.to === 'same' ? campaign.paused : false,
  };
}

export function describeStatus(status: OrchestratedStatus): string {
  switch (status) {
    case 'draft':
      return 'a draft';
    case 'publishing':
      return 'being published';
    case 'live':
    case 'scheduled':
    case 'completed':
    case 'closed':
    case 'stopped':
    case 'archived':
      return status;
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
 * Moves the (locked) campaign by `action`, or throws 403 / 409; `changes` are written with the
 * status (publisher, next launch …) and `details` go into the audit row.
 */
export async function transitionOrchestrated(
  tx: OrchestrationDb,
  call: TransitionCall,
  campaign: CampaignRow,
  action: OrchestratedAction,
  options: { changes?: { next_launch_at?: Date | null }; details?: Record<string, unknown> } = {},
): Promise<CampaignRow> {
  const check = checkTransition(campaign, action, {
    system: call.actor.type === 'system',
    permissions: call.permissions,
  });
  if (!check.ok) throw new AppError(check.code, check.message);
  const publishing = action === 'publish';
  const ended = check.to !== 'live' && check.to !== 'scheduled' && check.to !== 'publishing';
  const row = await tx
    .updateTable('orchestrated_campaigns')
    .set({
      status: check.to,
      paused: check.paused,
      updated_at: call.now,
      updated_by: call.actor.label,
      ...(publishing ? { published_at: call.now, published_by: call.actor.label } : {}),
      ...(ended ? { next_launch_at: null } : {}),
      ...options.changes,
    })
    .where('sandbox_id', '=', call.sandboxId)
    .where('id', '=', campaign.id)
    .where('status', '=', campaign.status)
    .returningAll()
    .executeTakeFirst();
  if (!row)
    throw new AppError(
      'ORCHESTRATED_TRANSITION_INVALID',
      'The campaign changed meanwhile; try again.',
    );
  await recordAudit(tx, {
    sandboxId: call.sandboxId,
    actor: call.actor,
    action: `orchestrated.${action}`,
    entityType: 'orchestratedCampaign',
    entityId: campaign.id,
    before: { status: campaign.status, paused: campaign.paused },
    after: { status: check.to, paused: check.paused, ...options.details },
    requestId: call.requestId,
    at: call.now,
  });
  return row;
}
