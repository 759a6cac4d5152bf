// One pool and one Kysely instance per process. Areas add their table types with `withTables`.
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';

// timestamptz and bigint come back as JS values we can reason about.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));
// A calendar date has no time zone: keep it as YYYY-MM-DD text.
pg.types.setTypeParser(pg.types.builtins.DATE, (value) => value);

export type NoTables = Record<never, never>;
export type Db = Kysely<NoTables>;

export interface Database {
  pool: pg.Pool;
  db: Db;
  url: string;
  close(): Promise<void>;
}

export function openDatabase(url: string, options: { max?: number } = {}): Database {
  const pool = new pg.Pool({ connectionString: url, max: options.max ?? 20 });
  // An idle client losing its server must not crash the process; the pool replaces it.
  pool.on('error', () => undefined);
  pool.on('connect', (client) => client.on('error', () => undefined));
  const db = new Kysely<NoTables>({ dialect: new PostgresDialect({ pool }) });
  return {
    pool,
    db,
    url,
    async close() {
      await db.destroy();
    },
  };
}

/** Same server, another database name. */
export function withDatabaseName(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = '/' + name;
  return parsed.toString();
}
