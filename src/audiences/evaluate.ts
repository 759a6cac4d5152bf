// Evaluating audiences: counts with their timing, sample members, the readable query, and the
// attribute paths present in a sandbox (for the rule builder's picker).
import type pg from 'pg';
import { planJoins } from './planning.ts';
import { loadProfiles } from '../profiles/profiles.ts';
import { profilesDb } from '../profiles/db.ts';
import type { Db } from '../db/connection.ts';
import { readableSql, type CompiledQuery } from './compiler.ts';
import type { AudiencesDb } from './store.ts';

/**
 * Settings for one evaluation transaction: evaluating an audience hashes and sorts sets of up to
 * every profile of a sandbox, which the 4 MB default `work_mem` would spill to disk; a snapshot's
 * key is built in one pass with `maintenance_work_mem`. Local to the transaction.
 */
export const EVALUATION_SETTINGS = { work_mem: '64MB', maintenance_work_mem: '256MB' } as const;

export async function applyEvaluationSettings(client: pg.ClientBase): Promise<void> {
  const names = Object.keys(EVALUATION_SETTINGS);
  await client.query(
    `SELECT ${names.map((_, i) => `set_config($${2 * i + 1}, $${2 * i + 2}, true)`).join(', ')}`,
    Object.entries(EVALUATION_SETTINGS).flat(),
  );
}

export async function countMembers(
  pool: pg.Pool,
  query: CompiledQuery,
): Promise<{ count: number; tookMs: number }> {
  const client = await pool.connect();
  try {
    const started = performance.now();
    await client.query('BEGIN');
    await applyEvaluationSettings(client);
    await planJoins(client, query.attributeFilter);
    const result = await client.query<{ n: number }>(
      `SELECT count(*)::bigint AS n FROM (${query.sql}) AS members`,
      query.params,
    );
    await client.query('COMMIT');
    return {
      count: Number(result.rows[0]?.n ?? 0),
      tookMs: Math.round((performance.now() - started) * 10) / 10,
    };
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
}

export async function sampleMembers(
  pool: pg.Pool,
  rawDb: Db,
  sandboxId: string,
  query: CompiledQuery,
  limit: number,
) {
  const result = await pool.query<{ id: string }>(
    `${query.sql} ORDER BY p.id LIMIT ${Math.max(1, Math.min(Math.floor(limit), 100))}`,
    query.params,
  );
  return loadProfiles(
    profilesDb(rawDb),
    sandboxId,
    result.rows.map((r) => r.id),
  );
}

export function describeQuery(query: CompiledQuery) {
  return { sql: query.sql, params: query.params, readable: readableSql(query) };
}

export interface AttributePath {
  path: string;
  type: 'string' | 'number' | 'boolean' | 'date' | 'mixed';
  profiles: number;
  samples: string[];
}

const DATE_TEXT = /^\d{4}-\d{2}-\d{2}/;

/** Attribute paths of a sample of recently updated profiles, with their type and sample values. */
export async function attributeCatalog(
  db: AudiencesDb,
  sandboxId: string,
  sampleSize = 1000,
): Promise<AttributePath[]> {
  const rows = await db
    .selectFrom('profiles')
    .select('attributes')
    .where('sandbox_id', '=', sandboxId)
    .orderBy('updated_at', 'desc')
    .limit(sampleSize)
    .execute();
  const found = new Map<
    string,
    { types: Set<AttributePath['type']>; profiles: number; samples: Set<string> }
  >();
  const walk = (value: unknown, path: string[]) => {
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      for (const [key, inner] of Object.entries(value)) walk(inner, [...path, key]);
      return;
    }
    if (value === null || value === undefined || path.length === 0) return;
    const key = path.join('.');
    const entry = found.get(key) ?? { types: new Set(), profiles: 0, samples: new Set<string>() };
    const type: AttributePath['type'] =
      typeof value === 'number'
        ? 'number'
        : typeof value === 'boolean'
          ? 'boolean'
          : typeof value === 'string' && DATE_TEXT.test(value)
            ? 'date'
            : typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value)
              ? 'number'
              : 'string';
    entry.types.add(type);
    entry.profiles++;
    if (entry.samples.size < 5)
      entry.samples.add(typeof value === 'string' ? value : JSON.stringify(value));
    found.set(key, entry);
  };
  for (const row of rows) walk(row.attributes, []);
  return [...found.entries()]
    .map(([path, e]) => ({
      path,
      type: e.types.size === 1 ? [...e.types][0]! : ('mixed' as const),
      profiles: e.profiles,
      samples: [...e.samples],
    }))
    .sort((a, b) => a.path.localeCompare(b.path));
}
