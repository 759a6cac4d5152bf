// SQL helpers shared by the activities that reshape populations (Combine, Deduplication, Split,
// Load file, Reconciliation): checked column lookups, key joins, a reproducible random order and
// session-scoped scratch tables.
import type pg from 'pg';
import { AppError } from '../../platform/errors.ts';
import type { ActivityContext, Worktable, WorktableColumn } from '../engine/types.ts';
import { col, worktableRef } from '../engine/worktables.ts';
import type { Dimension } from '../model.ts';

export function activityFailed(message: string): never {
  throw new AppError('ACTIVITY_FAILED', message);
}

/** The one population an activity works on. */
export function onlyInput(context: Pick<ActivityContext, 'inputs'>): Worktable {
  const worktable = context.inputs[0]?.worktable;
  if (context.inputs.length !== 1 || !worktable)
    activityFailed('This activity needs exactly one incoming population.');
  return worktable;
}

export function sameDimension(a: Dimension, b: Dimension): boolean {
  if (a.kind === 'dataset' && b.kind === 'dataset') return a.dataset === b.dataset;
  return a.kind === b.kind;
}

export function dimensionLabel(dimension: Dimension): string {
  return dimension.kind === 'dataset' ? `dataset ${dimension.dataset}` : dimension.kind;
}

export function findColumn(worktable: Worktable, name: string): WorktableColumn | undefined {
  return worktable.columns.find((c) => c.name === name);
}

export function requireColumn(worktable: Worktable, name: string): WorktableColumn {
  return (
    findColumn(worktable, name) ??
    activityFailed(`The population has no column ${name} (it has ${columnList(worktable)}).`)
  );
}

function columnList(worktable: Worktable): string {
  return worktable.columns.map((c) => c.name).join(', ');
}

/** `a."k1", a."k2"` — a list of columns of one alias. */
export function qualified(alias: string, columns: string[]): string {
  return columns.map((c) => `${alias}.${col(c)}`).join(', ');
}

/** `a."k1" = b."k1" AND …` — the join of two populations on their keys. */
export function keysMatch(keys: string[], left: string, right: string): string {
  return keys.map((k) => `${left}.${col(k)} = ${right}.${col(k)}`).join(' AND ');
}

/** The run's seed for random choices: the same run draws the same rows again after a retry. */
export function randomSeed(context: Pick<ActivityContext, 'campaignId' | 'runNo'>): string {
  return `${context.campaignId}:${context.runNo}`;
}

/**
 * A random but reproducible order of rows: the md5 of the seed and the row's keys (as text,
 * joined by `|`), compared byte-wise. `seedParam` is the bound seed (e.g. `$1`).
 */
export function randomOrder(seedParam: string, alias: string, keys: string[]): string {
  const keyText = keys.map((k) => `${alias}.${col(k)}::text`).join(`, `);
  return `md5(${seedParam}::text || ':' || concat_ws('|', ${keyText})) COLLATE "C"`;
}

const SAFE_TYPE = /^[a-z][a-z0-9 ]*(\([0-9, ]+\))?(\[\])?$/;

/** A column type as PostgreSQL printed it, checked before it is written into a cast. */
export function safeType(column: WorktableColumn): string {
  if (!SAFE_TYPE.test(column.type)) activityFailed(`Column ${column.name} has an unusual type.`);
  return column.type;
}

export function isTextType(type: string): boolean {
  return type === 'text' || type.startsWith('character');
}

/**
 * A scratch table for the task's session, dropped by `dropScratch`. Not `ON COMMIT DROP`, so
 * that it also lives between statements outside a transaction.
 */
export async function createScratch(
  client: pg.ClientBase,
  name: string,
  select: string,
  params: unknown[],
): Promise<string> {
  if (!/^[a-z_]{1,40}$/.test(name)) throw new Error(`invalid scratch table ${name}`);
  await client.query(`DROP TABLE IF EXISTS pg_temp.${name}`);
  await client.query(`CREATE TEMP TABLE ${name} AS ${select}`, params);
  return `pg_temp.${name}`;
}

export async function dropScratch(client: pg.ClientBase, ref: string): Promise<void> {
  await client.query(`DROP TABLE IF EXISTS ${ref}`);
}

export { col, worktableRef };
