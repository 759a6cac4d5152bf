// Forward-only, dated SQL migrations, applied in name order under an advisory lock so that two
// processes starting together do not race. graphile-worker's own schema is migrated here too.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type pg from 'pg';
import { Logger, runMigrations as runJobQueueMigrations } from 'graphile-worker';

const MIGRATIONS_DIR = join(dirname(fileURLToPath(import.meta.url)), 'migrations');
// Any constant works; it only has to be the same in every Clarion process.
const MIGRATION_LOCK_KEY = 4_206_001;

export interface MigrationFile {
  name: string;
  sql: string;
}

export function listMigrationFiles(dir = MIGRATIONS_DIR): MigrationFile[] {
  return readdirSync(dir)
    .filter((file) => file.endsWith('.sql'))
    .sort()
    .map((file) => ({
      name: file.replace(/\.sql$/, ''),
      sql: readFileSync(join(dir, file), 'utf8'),
    }));
}

export class MigrationOrderError extends Error {
  override name = 'MigrationOrderError';
}

/** Applies pending migrations; returns the names applied. */
export async function migrate(pool: pg.Pool, files = listMigrationFiles()): Promise<string[]> {
  const client = await pool.connect();
  const applied: string[] = [];
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    await client.query(`CREATE TABLE IF NOT EXISTS clarion_migrations (
      name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`);
    const done = new Set(
      (await client.query<{ name: string }>('SELECT name FROM clarion_migrations')).rows.map(
        (row) => row.name,
      ),
    );
    const known = new Set(files.map((file) => file.name));
    const unknown = [...done].filter((name) => !known.has(name));
    if (unknown.length > 0) {
      throw new MigrationOrderError(
        `Database has migrations this version does not know: ${unknown.join(', ')}`,
      );
    }
    const latestDone = [...done].sort().at(-1);
    for (const file of files) {
      if (done.has(file.name)) continue;
      if (latestDone !== undefined && file.name < latestDone) {
        throw new MigrationOrderError(
          `Migration ${file.name} is older than the applied ${latestDone}; refusing to run out of order`,
        );
      }
      await client.query('BEGIN');
      try {
        await client.query(file.sql);
        await client.query('INSERT INTO clarion_migrations (name) VALUES ($1)', [file.name]);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        throw new Error(`Migration ${file.name} failed: ${(error as Error).message}`);
      }
      applied.push(file.name);
    }
    await runJobQueueMigrations({ pgPool: pool, logger: silentJobLogger() });
  } finally {
    await client
      .query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY])
      .catch(() => undefined);
    client.release();
  }
  return applied;
}

/** True when every migration file has been applied. */
export async function isMigrated(pool: pg.Pool, files = listMigrationFiles()): Promise<boolean> {
  const exists = await pool.query<{ present: boolean }>(
    "SELECT to_regclass('clarion_migrations') IS NOT NULL AS present",
  );
  if (!exists.rows[0]?.present) return false;
  const done = await pool.query<{ count: number }>(
    'SELECT count(*)::int AS count FROM clarion_migrations WHERE name = ANY($1)',
    [files.map((file) => file.name)],
  );
  return done.rows[0]?.count === files.length;
}

function silentJobLogger(): Logger {
  return new Logger(() => () => undefined);
}
