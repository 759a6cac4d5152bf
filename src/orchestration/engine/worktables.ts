// Worktables: the populations between activities, real tables in `clarion_work` named after
// their run, activity and port. Unlogged: they are rebuilt by re-running an activity, never
// recovered, so they skip the write-ahead log (about twice as fast to fill).
import { escapeIdentifier } from 'pg';
import type pg from 'pg';
import type { Dimension } from '../model.ts';
import { WORK_SCHEMA, type Worktable, type WorktableColumn } from './types.ts';

/** `"clarion_work"."name"`; the name is checked again so nothing unexpected is ever written. */
export function worktableRef(table: string): string {
  if (!/^[a-z][a-z0-9_]{0,62}$/.test(table)) throw new Error(`invalid worktable name ${table}`);
  return `${escapeIdentifier(WORK_SCHEMA)}.${escapeIdentifier(table)}`;
}

/** A quoted column name. */
export function col(name: string): string {
  return escapeIdentifier(name);
}

/**
 * The table of one output port of one activity in one run: `w_<run>_<activity>_<port>` within
 * PostgreSQL's 63 characters. Activity ids and ports are unique but may differ only by case, so
 * they are written in a case-preserving way (upper-case letters become `_` + lower case), and a
 * short hash keeps the name unique when it has to be cut.
 */
export function worktableName(runId: string, activityId: string, port: string): string {
  const lower = (s: string) => s.replace(/[A-Z]/g, (c) => '_' + c.toLowerCase()).replace(/-/g, '_');
  const full = `w_${runId.replace(/-/g, '').slice(0, 16)}_${lower(activityId)}_${lower(port)}`;
  if (full.length <= 63) return full;
  let hash = 0;
  for (const ch of full) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
  return `${full.slice(0, 54)}_${hash.toString(36).padStart(7, '0').slice(0, 8)}`;
}

/** Creates (or re-creates, after an interrupted attempt) a worktable from a SELECT. */
export async function createWorktableAs(
  client: pg.ClientBase,
  table: string,
  spec: { dimension: Dimension; keys: string[]; select: string; params?: unknown[] },
): Promise<Worktable> {
  const ref = worktableRef(table);
  await client.query(`DROP TABLE IF EXISTS ${ref}`);
  const created = await client.query(
    `CREATE UNLOGGED TABLE ${ref} AS ${spec.select}`,
    spec.params ?? [],
  );
  await client.query(`ANALYZE ${ref}`);
  const columns = await worktableColumns(client, table);
  for (const key of spec.keys)
    if (!columns.some((c) => c.name === key))
      throw new Error(`worktable ${table} lacks its key column ${key}`);
  const keys = new Set(spec.keys);
  return {
    table,
    dimension: spec.dimension,
    keys: spec.keys,
    columns: [
      ...spec.keys.map((k) => columns.find((c) => c.name === k)!),
      ...columns.filter((c) => !keys.has(c.name)),
    ],
    count: created.rowCount ?? 0,
  };
}

export async function worktableColumns(
  client: pg.ClientBase,
  table: string,
): Promise<WorktableColumn[]> {
  const result = await client.query<WorktableColumn>(
    `SELECT a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type
       FROM pg_attribute a
      WHERE a.attrelid = to_regclass($1) AND a.attnum > 0 AND NOT a.attisdropped
      ORDER BY a.attnum`,
    [worktableRef(table)],
  );
  return result.rows;
}

/** The first rows of a worktable, for the console's preview of a transition. */
export async function previewWorktable(
  client: pg.ClientBase,
  worktable: Worktable,
  limit: number,
): Promise<Record<string, unknown>[]> {
  const exists = await client.query<{ t: string | null }>(`SELECT to_regclass($1) AS t`, [
    worktableRef(worktable.table),
  ]);
  if (!exists.rows[0]?.t) return [];
  const order = worktable.keys.map(col).join(', ');
  const rows = await client.query<Record<string, unknown>>(
    `SELECT * FROM ${worktableRef(worktable.table)} ORDER BY ${order} LIMIT $1`,
    [limit],
  );
  return rows.rows;
}

export async function dropWorktables(client: pg.ClientBase, tables: string[]): Promise<void> {
  for (const table of tables) await client.query(`DROP TABLE IF EXISTS ${worktableRef(table)}`);
}
