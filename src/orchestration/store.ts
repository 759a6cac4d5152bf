// Orchestrated campaigns as stored: reading, listing with filters, creating and editing drafts,
// copies (duplicate, new version). Status changes go through lifecycle.ts.
import { Value } from '@sinclair/typebox/value';
import { sql, type Selectable, type Updateable } from 'kysely';
import type { Actor, Clock } from '../platform/context.ts';
import { escapeLike, recordAudit } from '../platform/audit.ts';
import { AppError } from '../platform/errors.ts';
import {
  EMPTY_DEFINITION,
  ErrorPolicy,
  OrchestratedCampaign,
  type OrchestratedCreate,
  type OrchestratedPatch,
  type OrchestratedQuery,
} from './api-model.ts';
import type { OrchestrationDb, OrchestrationTables } from './db.ts';
import { WorkflowDefinition } from './model.ts';

export type CampaignRow = Selectable<OrchestrationTables['orchestrated_campaigns']>;

/** Who edits, where: the part of a service call the store needs. */
export interface StoreCall {
  db: OrchestrationDb;
  sandboxId: string;
  actor: Actor;
  clock: Clock;
  requestId?: string | undefined;
}

export function definitionOf(row: CampaignRow): WorkflowDefinition {
  if (!Value.Check(WorkflowDefinition, row.definition))
    throw new Error(`orchestrated campaign ${row.id} has a broken definition`);
  return row.definition;
}

export function toCampaign(row: CampaignRow): OrchestratedCampaign {
  const value = {
    id: row.id,
    name: row.name,
    description: row.description,
    tags: row.tags,
    status: row.status,
    paused: row.paused,
    version: row.version,
    replacesId: row.replaces_id,
    definition: row.definition,
    errorPolicy: row.error_policy,
    nextLaunchAt: row.next_launch_at?.toISOString() ?? null,
    lastSignalAt: row.last_signal_at?.toISOString() ?? null,
    createdBy: row.created_by,
    createdAt: row.created_at.toISOString(),
    updatedBy: row.updated_by,
    updatedAt: row.updated_at.toISOString(),
    publishedBy: row.published_by,
    publishedAt: row.published_at?.toISOString() ?? null,
  };
  if (!Value.Check(OrchestratedCampaign, value))
    throw new Error(`orchestrated campaign ${row.id} has broken parts`);
  return value;
}

export async function getCampaignRow(
  db: OrchestrationDb,
  sandboxId: string,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<CampaignRow> {
  let query = db
    .selectFrom('orchestrated_campaigns')
    .selectAll()
    .where('sandbox_id', '=', sandboxId)
    .where('id', '=', id);
  if (options.forUpdate) query = query.forUpdate();
  const row = await query.executeTakeFirst();
  if (!row) throw new AppError('ORCHESTRATED_CAMPAIGN_NOT_FOUND');
  return row;
}

/** Newest first; the cursor is the last item's creation time and id. */
export async function listCampaigns(
  db: OrchestrationDb,
  sandboxId: string,
  query: OrchestratedQuery,
) {
  const limit = query.limit ?? 50;
  let q = db.selectFrom('orchestrated_campaigns').selectAll().where('sandbox_id', '=', sandboxId);
  if (query.status) q = q.where('status', '=', query.status);
  if (query.tag) q = q.where(sql<boolean>`${query.tag} = ANY(tags)`);
  if (query.q) {
    const pattern = `%${escapeLike(query.q)}%`;
    q = q.where((eb) => eb.or([eb('name', 'ilike', pattern), eb('description', 'ilike', pattern)]));
  }
  if (query.cursor) {
    const [at, id] = query.cursor.split('|');
    if (!at || !id || Number.isNaN(Date.parse(at)) || !/^[0-9a-f-]{36}$/.test(id))
      throw new AppError('VALIDATION_FAILED', 'The cursor is not one this list returned.', [
        { path: '/cursor', message: 'is not valid' },
      ]);
    q = q.where(sql<boolean>`(created_at, id) < (${new Date(at)}, ${id}::uuid)`);
  }
  const rows = await q
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit + 1)
    .execute();
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    items: page.map(toCampaign),
    nextCursor: rows.length > limit && last ? `${last.created_at.toISOString()}|${last.id}` : null,
  };
}

export async function createCampaign(call: StoreCall, input: OrchestratedCreate) {
  const now = call.clock.now();
  return call.db.transaction().execute(async (tx) => {
    const row = await tx
      .insertInto('orchestrated_campaigns')
      .values({
        sandbox_id: call.sandboxId,
        name: input.name,
        description: input.description ?? '',
        tags: input.tags ?? [],
        status: 'draft',
        definition: JSON.stringify(input.definition ?? EMPTY_DEFINITION),
        error_policy: JSON.stringify(input.errorPolicy ?? { mode: 'suspend' }),
        created_by: call.actor.label,
        created_at: now,
        updated_by: call.actor.label,
        updated_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await audit(tx, call, 'create', row.id, now, { name: row.name });
    return toCampaign(row);
  });
}

function refuseUnlessDraft(row: CampaignRow, what: string): void {
  if (row.status !== 'draft')
    throw new AppError(
      'ORCHESTRATED_NOT_DRAFT',
      `The campaign is ${row.status}; only drafts can be ${what} (make a new version to change a published one).`,
    );
}

/** Changes parts of a draft; published campaigns are read-only. */
export async function patchCampaign(call: StoreCall, id: string, patch: OrchestratedPatch) {
  const now = call.clock.now();
  return call.db.transaction().execute(async (tx) => {
    refuseUnlessDraft(await getCampaignRow(tx, call.sandboxId, id, { forUpdate: true }), 'edited');
    const changes: Updateable<OrchestrationTables['orchestrated_campaigns']> = {};
    if (patch.name !== undefined) changes.name = patch.name;
    if (patch.description !== undefined) changes.description = patch.description;
    if (patch.tags !== undefined) changes.tags = patch.tags;
    if (patch.definition !== undefined) changes.definition = JSON.stringify(patch.definition);
    if (patch.errorPolicy !== undefined)
      changes.error_policy = JSON.stringify(Value.Parse(ErrorPolicy, patch.errorPolicy));
    const row = await tx
      .updateTable('orchestrated_campaigns')
      .set({ ...changes, updated_by: call.actor.label, updated_at: now })
      .where('sandbox_id', '=', call.sandboxId)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await audit(tx, call, 'update', id, now, { fields: Object.keys(patch) });
    return toCampaign(row);
  });
}

export async function deleteCampaign(call: StoreCall, id: string): Promise<void> {
  const now = call.clock.now();
  await call.db.transaction().execute(async (tx) => {
    const before = await getCampaignRow(tx, call.sandboxId, id, { forUpdate: true });
    refuseUnlessDraft(before, 'deleted');
    await tx
      .deleteFrom('orchestrated_campaigns')
      .where('sandbox_id', '=', call.sandboxId)
      .where('id', '=', id)
      .execute();
    await audit(tx, call, 'delete', id, now, { name: before.name });
  });
}

/**
 * A new draft with the same workflow. `newVersion` makes the next version of a published
 * campaign, which replaces it when published; `duplicate` an independent copy.
 */
export async function copyCampaign(call: StoreCall, id: string, mode: 'duplicate' | 'newVersion') {
  const now = call.clock.now();
  return call.db.transaction().execute(async (tx) => {
    const source = await getCampaignRow(tx, call.sandboxId, id, { forUpdate: true });
    if (mode === 'newVersion') {
      if (!['live', 'scheduled', 'completed', 'stopped'].includes(source.status))
        throw new AppError(
          'ORCHESTRATED_TRANSITION_INVALID',
          `The campaign is ${source.status}; a new version is made of a live, scheduled, completed or stopped campaign.`,
        );
      const pending = await tx
        .selectFrom('orchestrated_campaigns')
        .select('id')
        .where('sandbox_id', '=', call.sandboxId)
        .where('replaces_id', '=', id)
        .where('status', 'in', ['draft', 'publishing'])
        .executeTakeFirst();
      if (pending)
        throw new AppError(
          'ORCHESTRATED_TRANSITION_INVALID',
          `A new version of this campaign is already being prepared (${pending.id}).`,
        );
    }
    const row = await tx
      .insertInto('orchestrated_campaigns')
      .values({
        sandbox_id: call.sandboxId,
        name: mode === 'duplicate' ? `${source.name} (copy)`.slice(0, 200) : source.name,
        description: source.description,
        tags: source.tags,
        status: 'draft',
        version: mode === 'newVersion' ? source.version + 1 : 1,
        replaces_id: mode === 'newVersion' ? source.id : null,
        definition: JSON.stringify(source.definition),
        error_policy: JSON.stringify(source.error_policy),
        created_by: call.actor.label,
        created_at: now,
        updated_by: call.actor.label,
        updated_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await audit(tx, call, mode, row.id, now, { from: source.id, version: row.version });
    return toCampaign(row);
  });
}

async function audit(
  tx: OrchestrationDb,
  call: StoreCall,
  action: string,
  id: string,
  at: Date,
  after: Record<string, unknown>,
) {
  await recordAudit(tx, {
    sandboxId: call.sandboxId,
    actor: call.actor,
    action: `orchestrated.${action}`,
    entityType: 'orchestratedCampaign',
    entityId: id,
    after,
    requestId: call.requestId,
    at,
  });
}
