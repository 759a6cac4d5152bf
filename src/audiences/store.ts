// Audiences: saved rule trees and their references (cycles refused at save time).
import { sql, type Selectable } from 'kysely';
import { recordAudit } from '../platform/audit.ts';
import { AppError } from '../platform/errors.ts';
import { prepareRule } from './catalog.ts';
import {
  asRuleTree,
  asUploadState,
  type AudiencesCall,
  type AudiencesDb,
  type AudiencesTables,
} from './db.ts';
import type { Audience, AudienceInput, AudienceRename } from './model.ts';
import { referencedAudiences } from './validate.ts';

export {
  asRuleTree,
  audiencesDb,
  type AudiencesCall,
  type AudiencesDb,
  type AudiencesTables,
} from './db.ts';
export {
  compileAudience,
  compileAudienceRule,
  findCycle,
  loadCatalog,
  prepareRule,
} from './catalog.ts';

export function toAudience(row: Selectable<AudiencesTables['audiences']>): Audience {
  const common = {
    id: row.id,
    name: row.name,
    description: row.description,
    version: row.version,
    createdBy: row.created_by,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
  switch (row.kind) {
    case 'rule':
      return { ...common, kind: 'rule', rule: asRuleTree(row.definition) };
    case 'upload':
      return { ...common, kind: 'upload', upload: asUploadState(row.definition) };
  }
}

/** A name other than `id`'s, or a 409 naming the field. */
export async function assertNameFree(
  db: AudiencesDb,
  sandboxId: string,
  name: string,
  id: string,
): Promise<void> {
  const clash = await db
    .selectFrom('audiences')
    .select('id')
    .where('sandbox_id', '=', sandboxId)
    .where('name', '=', name)
    .where('id', '!=', id)
    .executeTakeFirst();
  if (clash)
    throw new AppError('AUDIENCE_EXISTS', undefined, [{ path: '/name', message: 'is taken' }]);
}

/** Serialises audience saves of a sandbox, so two saves cannot close a cycle or take one name. */
export async function lockAudiences(db: AudiencesDb, sandboxId: string): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(hashtextextended(${'audiences:' + sandboxId}, 0))`.execute(
    db,
  );
}

export async function getAudienceRow(db: AudiencesDb, sandboxId: string, id: string) {
  const row = await db
    .selectFrom('audiences')
    .selectAll()
    .where('sandbox_id', '=', sandboxId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw new AppError('AUDIENCE_NOT_FOUND');
  return row;
}

export async function getAudience(db: AudiencesDb, sandboxId: string, id: string) {
  return toAudience(await getAudienceRow(db, sandboxId, id));
}

export async function listAudiences(
  db: AudiencesDb,
  sandboxId: string,
  query: { q?: string | undefined; limit: number; cursor?: string | undefined },
) {
  let q = db.selectFrom('audiences').selectAll().where('sandbox_id', '=', sandboxId);
  if (query.q) q = q.where('name', 'ilike', `%${query.q.replace(/[\\%_]/g, (c) => '\\' + c)}%`);
  if (query.cursor) q = q.where('name', '>', query.cursor);
  const rows = await q
    .orderBy('name')
    .limit(query.limit + 1)
    .execute();
  const page = rows.slice(0, query.limit);
  return {
    items: page.map(toAudience),
    nextCursor: rows.length > query.limit ? (page.at(-1)?.name ?? null) : null,
  };
}

export async function saveAudience(call: AudiencesCall, input: AudienceInput, id?: string) {
  const rule = asRuleTree(input.rule);
  const audienceId = id ?? crypto.randomUUID();
  return call.db.transaction().execute(async (tx) => {
    await lockAudiences(tx, call.sandboxId);
    const before = id ? await getAudienceRow(tx, call.sandboxId, id) : undefined;
    if (before && before.kind !== 'rule')
      throw new AppError(
        'AUDIENCE_KIND_MISMATCH',
        'An uploaded audience changes by uploading a new file; rename it with PATCH.',
      );
    await prepareRule(tx, call.sandboxId, rule, audienceId);
    const now = call.clock.now();
    await assertNameFree(tx, call.sandboxId, input.name, audienceId);
    const values = {
      name: input.name,
      description: input.description ?? '',
      definition: JSON.stringify(rule),
      updated_at: now,
    };
    const row = before
      ? await tx
          .updateTable('audiences')
          .set({ ...values, version: sql`version + 1` })
          .where('sandbox_id', '=', call.sandboxId)
          .where('id', '=', audienceId)
          .returningAll()
          .executeTakeFirstOrThrow()
      : await tx
          .insertInto('audiences')
          .values({
            ...values,
            sandbox_id: call.sandboxId,
            id: audienceId,
            kind: 'rule',
            version: 1,
            created_by: call.actor.label,
            created_at: now,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
    await tx
      .deleteFrom('audience_references')
      .where('sandbox_id', '=', call.sandboxId)
      .where('audience_id', '=', audienceId)
      .execute();
    const refs = [...new Set(referencedAudiences(rule.root))];
    if (refs.length)
      await tx
        .insertInto('audience_references')
        .values(
          refs.map((r) => ({ sandbox_id: call.sandboxId, audience_id: audienceId, refers_to: r })),
        )
        .execute();
    const audience = toAudience(row);
    await recordAudit(tx, {
      sandboxId: call.sandboxId,
      actor: call.actor,
      action: before ? 'audience.update' : 'audience.create',
      entityType: 'audience',
      entityId: audienceId,
      before: before ? toAudience(before) : undefined,
      after: audience,
      requestId: call.requestId,
      at: now,
    });
    return audience;
  });
}

/** Changes the name or description of an audience of any kind. */
export async function renameAudience(call: AudiencesCall, id: string, input: AudienceRename) {
  return call.db.transaction().execute(async (tx) => {
    await lockAudiences(tx, call.sandboxId);
    const before = await getAudienceRow(tx, call.sandboxId, id);
    if (input.name !== undefined) await assertNameFree(tx, call.sandboxId, input.name, id);
    const now = call.clock.now();
    const row = await tx
      .updateTable('audiences')
      .set({
        name: input.name ?? before.name,
        description: input.description ?? before.description,
        updated_at: now,
      })
      .where('sandbox_id', '=', call.sandboxId)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    const audience = toAudience(row);
    await recordAudit(tx, {
      sandboxId: call.sandboxId,
      actor: call.actor,
      action: 'audience.update',
      entityType: 'audience',
      entityId: id,
      before: toAudience(before),
      after: audience,
      requestId: call.requestId,
      at: now,
    });
    return audience;
  });
}

export async function deleteAudience(call: AudiencesCall, id: string): Promise<void> {
  await call.db.transaction().execute(async (tx) => {
    const row = await getAudienceRow(tx, call.sandboxId, id);
    const users = await tx
      .selectFrom('audience_references as r')
      .innerJoin('audiences as a', (j) =>
        j.onRef('a.sandbox_id', '=', 'r.sandbox_id').onRef('a.id', '=', 'r.audience_id'),
      )
      .select('a.name')
      .where('r.sandbox_id', '=', call.sandboxId)
      .where('r.refers_to', '=', id)
      .execute();
    if (users.length)
      throw new AppError('AUDIENCE_IN_USE', `Used by: ${users.map((u) => u.name).join(', ')}.`);
    await tx
      .deleteFrom('audiences')
      .where('sandbox_id', '=', call.sandboxId)
      .where('id', '=', id)
      .execute();
    await recordAudit(tx, {
      sandboxId: call.sandboxId,
      actor: call.actor,
      action: 'audience.delete',
      entityType: 'audience',
      entityId: id,
      before: toAudience(row),
      requestId: call.requestId,
      at: call.clock.now(),
    });
  });
}
