// Quiet hours (G3): wall-clock windows in which marketing messages are dropped or held.
import { Value } from '@sinclair/typebox/value';
import { sql, type Selectable } from 'kysely';
import { escapeLike } from '../platform/audit.ts';
import { AppError, type FieldError } from '../platform/errors.ts';
import type { GovernanceCall, GovernanceDb, GovernanceTables } from './db.ts';
import { QuietHours, type QuietHoursInput } from './model.ts';
import {
  auditChange,
  changeObjectStatus,
  deleteObject,
  pageOf,
  refuseProblems,
  withUniqueName,
  type ObjectListQuery,
  type ObjectPage,
  type ObjectStore,
  type StatusAction,
} from './objects.ts';

type Row = Selectable<GovernanceTables['quiet_hours']>;

const zones = new Map<string, boolean>();

/** Whether a name is an IANA time zone this runtime knows (answers are cached). */
export function isIanaZone(zone: string): boolean {
  let known = zones.get(zone);
  if (known === undefined) {
    try {
      new Intl.DateTimeFormat('en', { timeZone: zone });
      known = true;
    } catch {
      known = false;
    }
    zones.set(zone, known);
  }
  return known;
}

/** Problems the schema cannot see: an unknown zone, a window that starts where it ends. */
export function quietHoursProblems(input: QuietHoursInput): FieldError[] {
  const problems: FieldError[] = [];
  if (input.timeZone.mode === 'fixed' && !isIanaZone(input.timeZone.zone))
    problems.push({ path: '/timeZone/zone', message: 'is not an IANA time zone' });
  input.windows.forEach((window, i) => {
    if (window.from === window.to)
      problems.push({ path: `/windows/${i}/to`, message: 'must differ from the start time' });
  });
  return problems;
}

function toQuietHours(row: Row): QuietHours {
  const definition =
    typeof row.definition === 'object' && row.definition !== null ? row.definition : {};
  const value = {
    ...definition,
    id: row.id,
    status: row.status,
    name: row.name,
    createdBy: row.created_by,
    createdAt: row.created_at.toISOString(),
    updatedBy: row.updated_by,
    updatedAt: row.updated_at.toISOString(),
  };
  if (!Value.Check(QuietHours, value))
    throw new Error(`quiet hours ${row.id} are stored in a shape that is no longer valid`);
  return value;
}

async function findRow(db: GovernanceDb, sandboxId: string, id: string, lock: boolean) {
  let q = db
    .selectFrom('quiet_hours')
    .selectAll()
    .where('sandbox_id', '=', sandboxId)
    .where('id', '=', id);
  if (lock) q = q.forUpdate();
  const row = await q.executeTakeFirst();
  if (!row) throw new AppError('QUIET_HOURS_NOT_FOUND');
  return row;
}

export async function getQuietHours(
  db: GovernanceDb,
  sandboxId: string,
  id: string,
): Promise<QuietHours> {
  return toQuietHours(await findRow(db, sandboxId, id, false));
}

export async function listQuietHours(
  db: GovernanceDb,
  sandboxId: string,
  query: ObjectListQuery,
): Promise<ObjectPage<QuietHours>> {
  let q = db.selectFrom('quiet_hours').selectAll().where('sandbox_id', '=', sandboxId);
  if (query.status) q = q.where('status', '=', query.status);
  if (query.q) q = q.where('name', 'ilike', `%${escapeLike(query.q)}%`);
  if (query.cursor) q = q.where(sql<string>`lower(name)`, '>', query.cursor);
  const rows = await q
    .orderBy(sql`lower(name)`)
    .limit(query.limit + 1)
    .execute();
  return pageOf(rows, query.limit, toQuietHours);
}

function columnsOf(input: QuietHoursInput) {
  const { name, ...definition } = input;
  return { name, definition: JSON.stringify(definition) };
}

/** Creates draft quiet hours, or replaces an existing definition (its status stays). */
export async function saveQuietHours(
  call: GovernanceCall,
  input: QuietHoursInput,
  id?: string,
): Promise<QuietHours> {
  refuseProblems(quietHoursProblems(input));
  return withUniqueName('quiet_hours_name_idx', input.name, () =>
    call.db.transaction().execute(async (tx) => {
      const before = id ? toQuietHours(await findRow(tx, call.sandboxId, id, true)) : undefined;
      const at = call.clock.now();
      const by = call.actor.label;
      const row = before
        ? await tx
            .updateTable('quiet_hours')
            .set({ ...columnsOf(input), updated_by: by, updated_at: at })
            .where('sandbox_id', '=', call.sandboxId)
            .where('id', '=', before.id)
            .returningAll()
            .executeTakeFirstOrThrow()
        : await tx
            .insertInto('quiet_hours')
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
      const after = toQuietHours(row);
      await auditChange(tx, call, {
        entityType: 'quietHours',
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

/** The stored quiet hours with some fields changed, then saved whole. */
export async function patchQuietHours(
  call: GovernanceCall,
  id: string,
  changes: Partial<QuietHoursInput>,
): Promise<QuietHours> {
  const current = await getQuietHours(call.db, call.sandboxId, id);
  const { name, description, timeZone, windows, behaviour } = { ...current, ...changes };
  return saveQuietHours(call, { name, description, timeZone, windows, behaviour }, id);
}

const quietHours: ObjectStore<QuietHours> = {
  entityType: 'quietHours',
  lock: async (tx, sandboxId, id) => toQuietHours(await findRow(tx, sandboxId, id, true)),
  setStatus: async (tx, sandboxId, id, change) =>
    toQuietHours(
      await tx
        .updateTable('quiet_hours')
        .set({ status: change.status, updated_by: change.by, updated_at: change.at })
        .where('sandbox_id', '=', sandboxId)
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow(),
    ),
  remove: async (tx, sandboxId, id) => {
    await tx
      .deleteFrom('quiet_hours')
      .where('sandbox_id', '=', sandboxId)
      .where('id', '=', id)
      .execute();
  },
};

export function changeQuietHoursStatus(
  call: GovernanceCall,
  id: string,
  action: StatusAction,
): Promise<QuietHours> {
  return changeObjectStatus(call, quietHours, id, action);
}

export function deleteQuietHours(call: GovernanceCall, id: string): Promise<void> {
  return deleteObject(call, quietHours, id);
}
