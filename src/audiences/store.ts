// Audiences: saved rule trees, their references (cycles refused at save time), and evaluation.
import { Value } from '@sinclair/typebox/value';
import { sql, type Kysely, type Selectable } from 'kysely';
import type { Db } from '../db/connection.ts';
import { recordAudit } from '../platform/audit.ts';
import type { Actor, Clock } from '../platform/context.ts';
import { AppError } from '../platform/errors.ts';
import type { PlatformTables } from '../platform/tables.ts';
import { findDataset, type StoredDataset } from '../profiles/datasets/store.ts';
import type { ProfilesTables } from '../profiles/tables.ts';
import { compileRule, type Catalog, type CompiledQuery } from './compiler.ts';
import { RuleTree, type AudienceInput, type RuleTree as RuleTreeType } from './model.ts';
import { referencedAudiences, referencedDatasets, ruleViolations } from './validate.ts';

export type AudiencesTables = {
  audiences: {
    sandbox_id: string;
    id: string;
    name: string;
    description: string;
    kind: 'rule';
    definition: unknown;
    version: number;
    created_by: string;
    created_at: Date;
    updated_at: Date;
  };
  audience_references: { sandbox_id: string; audience_id: string; refers_to: string };
};
type Tables = PlatformTables & ProfilesTables & AudiencesTables;
export type AudiencesDb = Kysely<Tables>;

export function audiencesDb(db: Db): AudiencesDb {
  return db.withTables<Tables>();
}

export interface AudiencesCall {
  db: AudiencesDb;
  sandboxId: string;
  actor: Actor;
  clock: Clock;
  requestId?: string | undefined;
}

export function asRuleTree(value: unknown): RuleTreeType {
  if (!Value.Check(RuleTree, value)) {
    const first = [...Value.Errors(RuleTree, value)][0];
    throw new AppError(
      'AUDIENCE_RULE_INVALID',
      `/rule${first?.path ?? ''} ${first?.message ?? 'is not a rule'}`,
      [{ path: `/rule${first?.path ?? ''}`, message: first?.message ?? 'is not a rule' }],
    );
  }
  return value as RuleTreeType;
}

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

async function loadRules(
  db: AudiencesDb,
  sandboxId: string,
  ids: string[],
): Promise<Map<string, RuleTreeType>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('audiences')
    .select(['id', 'definition'])
    .where('sandbox_id', '=', sandboxId)
    .where('id', 'in', ids)
    .execute();
  return new Map(rows.map((row) => [row.id, asRuleTree(row.definition)]));
}

/** Everything a rule needs to compile: the audiences it reaches and the datasets they use. */
export async function loadCatalog(
  db: AudiencesDb,
  sandboxId: string,
  rule: RuleTreeType,
): Promise<Catalog> {
  const audiences = new Map<string, RuleTreeType>();
  let frontier = referencedAudiences(rule.root);
  while (frontier.length) {
    const fresh = [...new Set(frontier)].filter((id) => !audiences.has(id));
    const loaded = await loadRules(db, sandboxId, fresh);
    for (const [id, tree] of loaded) audiences.set(id, tree);
    frontier = [...loaded.values()].flatMap((tree) => referencedAudiences(tree.root));
  }
  const datasets = new Map<string, StoredDataset>();
  const names = new Set(
    [rule, ...audiences.values()].flatMap((tree) => referencedDatasets(tree.root)),
  );
  for (const name of names) {
    const dataset = await findDataset(db, sandboxId, name);
    if (dataset) datasets.set(name, dataset);
  }
  return { datasets, audiences };
}

/** The path of references from `rule` back to `selfId`, if saving it would close a cycle. */
export function findCycle(
  selfId: string,
  rule: RuleTreeType,
  catalog: Catalog,
): string[] | undefined {
  const visit = (id: string, trail: string[]): string[] | undefined => {
    if (id === selfId) return trail;
    if (trail.includes(id)) return undefined;
    const tree = catalog.audiences.get(id);
    if (!tree) return undefined;
    for (const next of referencedAudiences(tree.root)) {
      const found = visit(next, [...trail, id]);
      if (found) return found;
    }
    return undefined;
  };
  for (const first of referencedAudiences(rule.root)) {
    const found = visit(first, []);
    if (found) return [...found, selfId];
  }
  return undefined;
}

/** The path of the node that refers to `target` (for the error message). */
function pathOfReference(
  node: RuleTreeType['root'],
  target: string,
  path = '/rule/root',
): string | undefined {
  if (node.kind === 'audience')
    return node.audienceId === target ? `${path}/audienceId` : undefined;
  if (node.kind !== 'group') return undefined;
  for (let i = 0; i < node.children.length; i++) {
    const child = node.children[i];
    const found = child ? pathOfReference(child, target, `${path}/children/${i}`) : undefined;
    if (found) return found;
  }
  return undefined;
}

export async function prepareRule(
  db: AudiencesDb,
  sandboxId: string,
  rule: RuleTreeType,
  selfId?: string,
): Promise<Catalog> {
  const catalog = await loadCatalog(db, sandboxId, rule);
  const lists = await db
    .selectFrom('subscription_lists')
    .select('id')
    .where('sandbox_id', '=', sandboxId)
    .execute();
  const problems = ruleViolations(rule.root, {
    datasets: catalog.datasets,
    audiences: new Set(catalog.audiences.keys()),
    lists: new Set(lists.map((l) => l.id)),
  });
  if (problems.length)
    throw new AppError(
      'AUDIENCE_RULE_INVALID',
      `${problems[0]?.path} ${problems[0]?.message}`,
      problems,
    );
  if (selfId) {
    const cycle = findCycle(selfId, rule, catalog);
    if (cycle) {
      const path = pathOfReference(rule.root, cycle[0] ?? '') ?? '/rule/root';
      throw new AppError(
        'AUDIENCE_CYCLE',
        `${path} closes a cycle: ${[selfId, ...cycle].join(' → ')}`,
        [{ path, message: `refers back to this audience through ${cycle.join(' → ')}` }],
      );
    }
  }
  return catalog;
}

export async function compileAudienceRule(
  db: AudiencesDb,
  sandboxId: string,
  rule: RuleTreeType,
  now: Date,
  selfId?: string,
): Promise<CompiledQuery> {
  const catalog = await prepareRule(db, sandboxId, rule, selfId);
  return compileRule(rule, { sandboxId, now, catalog, ...(selfId ? { selfId } : {}) });
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
