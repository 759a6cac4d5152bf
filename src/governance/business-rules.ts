// Business rule sets (G2): frequency caps on marketing messages per profile.
import { Value } from '@sinclair/typebox/value';
import { sql, type Selectable } from 'kysely';
import { escapeLike } from '../platform/audit.ts';
import { AppError } from '../platform/errors.ts';
import type { GovernanceCall, GovernanceDb, GovernanceTables } from './db.ts';
import { BusinessRuleSet, type BusinessRuleSetInput } from './model.ts';
import {
  auditChange,
  changeObjectStatus,
  deleteObject,
  pageOf,
  withUniqueName,
  type ObjectListQuery,
  type ObjectPage,
  type ObjectStore,
  type StatusAction,
} from './objects.ts';

type Row = Selectable<GovernanceTables['business_rule_sets']>;

/** The `caps` column's document: the caps, and the description that goes with them. */
function documentOf(stored: unknown): { description?: unknown; caps?: unknown } {
  if (Array.isArray(stored)) return { caps: stored };
  return typeof stored === 'object' && stored !== null ? stored : {};
}

function toRuleSet(row: Row): BusinessRuleSet {
  const document = documentOf(row.caps);
  const value = {
    id: row.id,
    status: row.status,
    name: row.name,
    ...(document.description === undefined ? {} : { description: document.description }),
    caps: document.caps,
    createdBy: row.created_by,
    createdAt: row.created_at.toISOString(),
    updatedBy: row.updated_by,
    updatedAt: row.updated_at.toISOString(),
  };
  if (!Value.Check(BusinessRuleSet, value))
    throw new Error(`business rule set ${row.id} is stored in a shape that is no longer valid`);
  return value;
}

async function findRow(db: GovernanceDb, sandboxId: string, id: string, lock: boolean) {
  let q = db
    .selectFrom('business_rule_sets')
    .selectAll()
    .where('sandbox_id', '=', sandboxId)
    .where('id', '=', id);
  if (lock) q = q.forUpdate();
  const row = await q.executeTakeFirst();
  if (!row) throw new AppError('BUSINESS_RULE_SET_NOT_FOUND');
  return row;
}

export async function getBusinessRuleSet(
  db: GovernanceDb,
  sandboxId: string,
  id: string,
): Promise<BusinessRuleSet> {
  return toRuleSet(await findRow(db, sandboxId, id, false));
}

export async function listBusinessRuleSets(
  db: GovernanceDb,
  sandboxId: string,
  query: ObjectListQuery,
): Promise<ObjectPage<BusinessRuleSet>> {
  let q = db.selectFrom('business_rule_sets').selectAll().where('sandbox_id', '=', sandboxId);
  if (query.status) q = q.where('status', '=', query.status);
  if (query.q) q = q.where('name', 'ilike', `%${escapeLike(query.q)}%`);
  if (query.cursor) q = q.where(sql<string>`lower(name)`, '>', query.cursor);
  const rows = await q
    .orderBy(sql`lower(name)`)
    .limit(query.limit + 1)
    .execute();
  return pageOf(rows, query.limit, toRuleSet);
}

function columnsOf(input: BusinessRuleSetInput) {
  return {
    name: input.name,
    caps: JSON.stringify({
      ...(input.description === undefined ? {} : { description: input.description }),
      caps: input.caps,
    }),
  };
}

/** Creates a draft rule set, or replaces an existing one's definition (its status stays). */
export async function saveBusinessRuleSet(
  call: GovernanceCall,
  input: BusinessRuleSetInput,
  id?: string,
): Promise<BusinessRuleSet> {
  return withUniqueName('business_rule_sets_name_idx', input.name, () =>
    call.db.transaction().execute(async (tx) => {
      const before = id ? toRuleSet(await findRow(tx, call.sandboxId, id, true)) : undefined;
      const at = call.clock.now();
      const by = call.actor.label;
      const row = before
        ? await tx
            .updateTable('business_rule_sets')
            .set({ ...columnsOf(input), updated_by: by, updated_at: at })
            .where('sandbox_id', '=', call.sandboxId)
            .where('id', '=', before.id)
            .returningAll()
            .executeTakeFirstOrThrow()
        : await tx
            .insertInto('business_rule_sets')
            .values({
              ...columnsOf(input),
              sandbox_id: call.sandboxId,
              id: crypto.randomUUID(),
              status: 'draft',
              created_by: by,
              created_at: at,
              updated_by: by,
              updated_at: at,
            })
            .returningAll()
            .executeTakeFirstOrThrow();
      const after = toRuleSet(row);
      await auditChange(tx, call, {
        entityType: 'businessRuleSet',
        action: before ? 'update' : 'create',
        entityId: after.id,
        before,
        after,
        at,
      });
      return after;
    }),
  );
}

/** The stored rule set with some fields changed, then saved whole. */
export async function patchBusinessRuleSet(
  call: GovernanceCall,
  id: string,
  changes: Partial<BusinessRuleSetInput>,
): Promise<BusinessRuleSet> {
  const current = await getBusinessRuleSet(call.db, call.sandboxId, id);
  const { name, description, caps } = { ...current, ...changes };
  return saveBusinessRuleSet(call, { name, description, caps }, id);
}

const ruleSets: ObjectStore<BusinessRuleSet> = {
  entityType: 'businessRuleSet',
  lock: async (tx, sandboxId, id) => toRuleSet(await findRow(tx, sandboxId, id, true)),
  setStatus: async (tx, sandboxId, id, change) =>
    toRuleSet(
      await tx
        .updateTable('business_rule_sets')
        .set({ status: change.status, updated_by: change.by, updated_at: change.at })
        .where('sandbox_id', '=', sandboxId)
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow(),
    ),
  remove: async (tx, sandboxId, id) => {
    await tx
      .deleteFrom('business_rule_sets')
      .where('sandbox_id', '=', sandboxId)
      .where('id', '=', id)
      .execute();
  },
};

export function changeBusinessRuleSetStatus(
  call: GovernanceCall,
  id: string,
  action: StatusAction,
): Promise<BusinessRuleSet> {
  return changeObjectStatus(call, ruleSets, id, action);
}

export function deleteBusinessRuleSet(call: GovernanceCall, id: string): Promise<void> {
  return deleteObject(call, ruleSets, id);
}
