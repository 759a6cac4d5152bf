// Audiences: saved rule trees and their references (cycles refused at save time).
import { sql, type Selectable } from 'kysely';
import { recordAudit } from '../platform/audit.ts';
import { AppError } from '../platform/errors.ts';
import { prepareRule } from './catalog.ts';
import { asRuleTree, type AudiencesCall, type AudiencesDb, type AudiencesTables } from './db.ts';
import type { AudienceInput } from './model.ts';
import { referencedAudiences } from './validate.ts';

export {
  asRuleTree,
  audiencesDb,
  type AudiencesCall,
  type AudiencesDb,
  type AudiencesTables,
} from './db.ts';
export { compileAudienceRule, findCycle, loadCatalog, prepareRule } from './catalog.ts';

function toAudience(row: Selectable<AudiencesTables['audiences']>) {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    kind: row.kind,
    rule: asRuleTree(row.definition),
    version: row.version,
    createdBy: row.created_by,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
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
    // Saves are serialised per sandbox, so two saves cannot close a cycle together.
    await sql`SELECT pg_advisory_xact_lock(hashtextextended(${'audiences:' + call.sandboxId}, 0))`.execute(
      tx,
    );
    const before = id ? await getAudienceRow(tx, call.sandboxId, id) : undefined;
    await prepareRule(tx, call.sandboxId, rule, audienceId);
    const now = call.clock.now();
    const clash = await tx
      .selectFrom('audiences')
      .select('id')
      .where('sandbox_id', '=', call.sandboxId)
      .where('name', '=', input.name)
      .where('id', '!=', audienceId)
      .executeTakeFirst();
    if (clash)
      throw new AppError('AUDIENCE_EXISTS', undefined, [{ path: '/name', message: 'is taken' }]);
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
