// Campaigns as stored: reading, listing with filters, creating and editing drafts, duplicating.
import { Value } from '@sinclair/typebox/value';
import { sql, type Selectable, type Updateable } from 'kysely';
import { recordAudit } from '../platform/audit.ts';
import { escapeLike } from '../platform/audit.ts';
import { AppError } from '../platform/errors.ts';
import type { CampaignsCall, CampaignsDb, CampaignsTables } from './db.ts';
import {
  Campaign,
  CampaignControls,
  type CampaignCreate,
  type CampaignPatch,
  type CampaignQuery,
} from './model.ts';

export type CampaignRow = Selectable<CampaignsTables['campaigns']>;

const json = (value: unknown): string | null =>
  value === null || value === undefined ? null : JSON.stringify(value);

export function toCampaign(row: CampaignRow, nextRunAt: Date | null = null): Campaign {
  const value = {
    id: row.id,
    type: row.type,
    category: row.category,
    status: row.status,
    version: row.version,
    replacesId: row.replaces_id,
    name: row.name,
    description: row.description,
    tags: row.tags,
    action: row.action ?? null,
    content: row.content ?? null,
    audience: row.audience ?? null,
    schedule: row.schedule ?? null,
    controls: row.controls ?? {},
    trigger: row.trigger ?? null,
    createdBy: row.created_by,
    createdAt: row.created_at.toISOString(),
    updatedBy: row.updated_by,
    updatedAt: row.updated_at.toISOString(),
    activatedBy: row.activated_by,
    activatedAt: row.activated_at?.toISOString() ?? null,
    nextRunAt: nextRunAt?.toISOString() ?? null,
  };
  if (!Value.Check(Campaign, value)) throw new Error(`campaign ${row.id} has broken parts`);
  return value;
}

export async function getCampaignRow(
  db: CampaignsDb,
  sandboxId: string,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<CampaignRow> {
  let query = db
    .selectFrom('campaigns')
    .selectAll()
    .where('sandbox_id', '=', sandboxId)
    .where('id', '=', id);
  if (options.forUpdate) query = query.forUpdate();
  const row = await query.executeTakeFirst();
  if (!row) throw new AppError('CAMPAIGN_NOT_FOUND');
  return row;
}

async function nextRuns(db: CampaignsDb, sandboxId: string, ids: string[]) {
  if (ids.length === 0) return new Map<string, Date>();
  const rows = await db
    .selectFrom('campaign_runs')
    .select(['campaign_id', (eb) => eb.fn.min('slot_at').as('next')])
    .where('sandbox_id', '=', sandboxId)
    .where('campaign_id', 'in', ids)
    .where('status', '=', 'scheduled')
    .groupBy('campaign_id')
    .execute();
  return new Map(rows.map((r) => [r.campaign_id, r.next]));
}

export async function getCampaign(db: CampaignsDb, sandboxId: string, id: string) {
  const row = await getCampaignRow(db, sandboxId, id);
  return toCampaign(row, (await nextRuns(db, sandboxId, [id])).get(id) ?? null);
}

/** Newest first; the cursor is the last item's creation time and id. */
export async function listCampaigns(db: CampaignsDb, sandboxId: string, query: CampaignQuery) {
  const limit = query.limit ?? 50;
  let q = db.selectFrom('campaigns').selectAll().where('sandbox_id', '=', sandboxId);
  if (query.status) q = q.where('status', '=', query.status);
  if (query.type) q = q.where('type', '=', query.type);
  if (query.channel) q = q.where('channel', '=', query.channel);
  const tags = query.tag === undefined ? [] : [query.tag].flat();
  if (tags.length) q = q.where(sql<boolean>`tags && ${sql.val(tags)}::text[]`);
  if (query.q) {
    const pattern = `%${escapeLike(query.q)}%`;
    q = q.where((eb) => eb.or([eb('name', 'ilike', pattern), eb('description', 'ilike', pattern)]));
  }
  if (query.createdFrom) q = q.where('created_at', '>=', new Date(query.createdFrom));
  if (query.createdTo) q = q.where('created_at', '<', new Date(query.createdTo));
  if (query.cursor) {
    const [at, id] = query.cursor.split('|');
    if (!at || !id || Number.isNaN(Date.parse(at)))
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
  const next = await nextRuns(
    db,
    sandboxId,
    page.map((r) => r.id),
  );
  const last = page.at(-1);
  return {
    items: page.map((r) => toCampaign(r, next.get(r.id) ?? null)),
    nextCursor: rows.length > limit && last ? `${last.created_at.toISOString()}|${last.id}` : null,
  };
}

export async function createCampaign(call: CampaignsCall, input: CampaignCreate) {
  const now = call.clock.now();
  return call.db.transaction().execute(async (tx) => {
    const row = await tx
      .insertInto('campaigns')
      .values({
        sandbox_id: call.sandboxId,
        type: input.type,
        category: input.category,
        name: input.name,
        description: input.description ?? '',
        tags: input.tags ?? [],
        status: 'draft',
        channel: input.action?.channel ?? null,
        action: json(input.action),
        content: json(input.content),
        audience: json(input.audience),
        schedule: json(input.schedule),
        controls: json(input.controls ?? {}),
        trigger: json(input.trigger),
        created_by: call.actor.label,
        created_at: now,
        updated_by: call.actor.label,
        updated_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    const campaign = toCampaign(row);
    await recordAudit(tx, {
      sandboxId: call.sandboxId,
      actor: call.actor,
      action: 'campaign.create',
      entityType: 'campaign',
      entityId: row.id,
      after: { name: campaign.name, type: campaign.type, category: campaign.category },
      requestId: call.requestId,
      at: now,
    });
    return campaign;
  });
}

/** Changes parts of a draft; In review and later are locked. */
export async function patchCampaign(call: CampaignsCall, id: string, patch: CampaignPatch) {
  const now = call.clock.now();
  return call.db.transaction().execute(async (tx) => {
    const before = await getCampaignRow(tx, call.sandboxId, id, { forUpdate: true });
    if (before.status !== 'draft')
      throw new AppError(
        'CAMPAIGN_NOT_DRAFT',
        before.status === 'inReview'
          ? 'The campaign is in review and locked; cancel the approval request to edit it.'
          : `The campaign is ${before.status}; only drafts can be edited (use modify for a live recurring campaign).`,
      );
    const changes: Updateable<CampaignsTables['campaigns']> = {};
    if (patch.name !== undefined) changes.name = patch.name;
    if (patch.description !== undefined) changes.description = patch.description;
    if (patch.tags !== undefined) changes.tags = patch.tags;
    if (patch.action !== undefined) {
      changes.action = json(patch.action);
      changes.channel = patch.action?.channel ?? null;
    }
    if (patch.content !== undefined) changes.content = json(patch.content);
    if (patch.audience !== undefined) changes.audience = json(patch.audience);
    if (patch.schedule !== undefined) changes.schedule = json(patch.schedule);
    if (patch.trigger !== undefined) changes.trigger = json(patch.trigger);
    if (patch.controls !== undefined)
      changes.controls = json(Value.Parse(CampaignControls, patch.controls));
    const row = await tx
      .updateTable('campaigns')
      .set({ ...changes, updated_by: call.actor.label, updated_at: now })
      .where('sandbox_id', '=', call.sandboxId)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(tx, {
      sandboxId: call.sandboxId,
      actor: call.actor,
      action: 'campaign.update',
      entityType: 'campaign',
      entityId: id,
      after: { fields: Object.keys(patch) },
      requestId: call.requestId,
      at: now,
    });
    return toCampaign(row);
  });
}

export async function deleteCampaign(call: CampaignsCall, id: string): Promise<void> {
  const now = call.clock.now();
  await call.db.transaction().execute(async (tx) => {
    const before = await getCampaignRow(tx, call.sandboxId, id, { forUpdate: true });
    if (before.status !== 'draft')
      throw new AppError(
        'CAMPAIGN_NOT_DRAFT',
        `Only drafts can be deleted; this campaign is ${before.status} (archive it instead).`,
      );
    await tx
      .deleteFrom('campaigns')
      .where('sandbox_id', '=', call.sandboxId)
      .where('id', '=', id)
      .execute();
    await recordAudit(tx, {
      sandboxId: call.sandboxId,
      actor: call.actor,
      action: 'campaign.delete',
      entityType: 'campaign',
      entityId: id,
      before: { name: before.name },
      requestId: call.requestId,
      at: now,
    });
  });
}

/**
 * A new draft with the same parts. `modify` makes the next version of a live recurring campaign,
 * which replaces it when activated; `duplicate` an independent copy.
 */
export async function copyCampaign(call: CampaignsCall, id: string, mode: 'duplicate' | 'modify') {
  const now = call.clock.now();
  return call.db.transaction().execute(async (tx) => {
    const source = await getCampaignRow(tx, call.sandboxId, id, { forUpdate: true });
    if (mode === 'modify') {
      const recurring =
        (source.schedule as { recurrence?: { frequency?: string } } | null)?.recurrence
          ?.frequency !== 'once';
      if (!['live', 'scheduled'].includes(source.status) || !recurring || !source.schedule)
        throw new AppError(
          'CAMPAIGN_TRANSITION_INVALID',
          'Only a live or scheduled recurring campaign can be modified as a new version.',
        );
      const pending = await tx
        .selectFrom('campaigns')
        .select('id')
        .where('sandbox_id', '=', call.sandboxId)
        .where('replaces_id', '=', id)
        .where('status', 'in', ['draft', 'inReview'])
        .executeTakeFirst();
      if (pending)
        throw new AppError(
          'CAMPAIGN_TRANSITION_INVALID',
          `A new version of this campaign is already being prepared (${pending.id}).`,
        );
    }
    const row = await tx
      .insertInto('campaigns')
      .values({
        sandbox_id: call.sandboxId,
        type: source.type,
        category: source.category,
        name: mode === 'duplicate' ? `${source.name} (copy)`.slice(0, 200) : source.name,
        description: source.description,
        tags: source.tags,
        status: 'draft',
        version: mode === 'modify' ? source.version + 1 : 1,
        replaces_id: mode === 'modify' ? source.id : null,
        channel: source.channel,
        action: json(source.action),
        content: json(source.content),
        audience: json(source.audience),
        schedule: json(source.schedule),
        controls: json(source.controls ?? {}),
        trigger: json(source.trigger),
        created_by: call.actor.label,
        created_at: now,
        updated_by: call.actor.label,
        updated_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(tx, {
      sandboxId: call.sandboxId,
      actor: call.actor,
      action: `campaign.${mode}`,
      entityType: 'campaign',
      entityId: row.id,
      after: { from: source.id, version: row.version },
      requestId: call.requestId,
      at: now,
    });
    return toCampaign(row);
  });
}
