// A throwaway embedded PostgreSQL cluster for benchmarks: fresh data directory, one database per
// measurement, everything removed again by `stop()`.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { withDatabaseName } from '../../src/db/connection.ts';
import { startEmbeddedPostgres } from '../../src/db/embedded.ts';

export interface BenchPostgres {
  /** `SELECT version()` of the server. */
  version: string;
  /** Creates an empty database and returns its connection URL. */
  createDatabase(name: string): Promise<string>;
  stop(): Promise<void>;
}

export async function startBenchPostgres(): Promise<BenchPostgres> {
  const dataDir = mkdtempSync(join(tmpdir(), 'clarion-bench-'));
  const cluster = await startEmbeddedPostgres({ dataDir, log: () => {} });
  const admin = new pg.Client({ connectionString: cluster.url });
  try {
    await admin.connect();
    const { rows } = await admin.query<{ version: string }>('SELECT version()');
    return {
      version: rows[0]?.version ?? 'unknown',
      async createDatabase(name) {
        await admin.query(`CREATE DATABASE ${admin.escapeIdentifier(name)}`);
        return withDatabaseName(cluster.url, name);
      },
      async stop() {
        try {
          await admin.end();
        } finally {
          await cluster.stop();
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
