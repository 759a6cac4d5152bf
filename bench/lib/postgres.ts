// A throwaway embedded PostgreSQL cluster for benchmarks: fresh data directory, one database per
// measurement, everything removed again by `stop()`.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { withDatabaseName } from '../../src/db/connection.ts';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../../src/db/embedded.ts';

export interface BenchPostgres {
  /** `SELECT version()` of the server. */
  version: string;
  /** Connection URL of the `postgres` maintenance database. */
  adminUrl: string;
  /** Creates an empty database and returns its connection URL. */
  createDatabase(name: string): Promise<string>;
  /** Process id of the postmaster (its children are the backends and background workers). */
  postmasterPid(): number | undefined;
  stop(): Promise<void>;
}

export interface BenchPostgresOptions {
  /**
   * Server settings applied with ALTER SYSTEM before the measurements; `shared_preload_libraries`
   * among them needs a restart, which is done then.
   */
  settings?: Record<string, string>;
}

export async function startBenchPostgres(
  options: BenchPostgresOptions = {},
): Promise<BenchPostgres> {
  const dataDir = mkdtempSync(join(tmpdir(), 'clarion-bench-'));
  const start = (): Promise<EmbeddedDatabase> => startEmbeddedPostgres({ dataDir, log: () => {} });
  let cluster = await start();
  let admin = new pg.Client({ connectionString: cluster.url });
  try {
    await admin.connect();
    const settings = Object.entries(options.settings ?? {});
    if (settings.length > 0) {
      for (const [name, value] of settings)
        await admin.query(`ALTER SYSTEM SET ${name} = ${admin.escapeLiteral(value)}`);
      await admin.end();
      await cluster.stop();
      cluster = await start();
      admin = new pg.Client({ connectionString: cluster.url });
      await admin.connect();
    }
    const { rows } = await admin.query<{ version: string }>('SELECT version()');
    const client = admin;
    const running = cluster;
    return {
      version: rows[0]?.version ?? 'unknown',
      adminUrl: running.url,
      async createDatabase(name) {
        await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`);
        return withDatabaseName(running.url, name);
      },
      postmasterPid() {
        const file = join(dataDir, 'pg', 'postmaster.pid');
        if (!existsSync(file)) return undefined;
        const pid = Number(readFileSync(file, 'utf8').split('\n')[0]);
        return Number.isInteger(pid) && pid > 0 ? pid : undefined;
      },
      async stop() {
        try {
          await client.end();
        } finally {
          await running.stop();
          rmSync(dataDir, { recursive: true, force: true });
        }
      },
    };
  } catch (error) {
    await admin.end().catch(() => undefined);
    await cluster.stop();
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
}
