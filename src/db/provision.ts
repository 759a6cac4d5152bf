// Where the database comes from: DATABASE_URL, or the embedded cluster in the data dir. A second
// process on the same data dir (e.g. `clarion worker` beside `clarion start`) attaches to the
// cluster the first one runs instead of starting another.
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres } from './embedded.ts';
import { withDatabaseName } from './connection.ts';

export const EMBEDDED_DATABASE = 'clarion';

export interface ProvisionedDatabase {
  url: string;
  embedded: boolean;
  /** Stops the embedded cluster if this process started it. */
  release(): Promise<void>;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The port of a cluster run by another live Clarion process, if any. */
function runningClusterPort(dataDir: string): number | undefined {
  const ownerFile = join(dataDir, 'pg-owner.pid');
  const pidFile = join(dataDir, 'pg', 'postmaster.pid');
  if (!existsSync(ownerFile) || !existsSync(pidFile)) return undefined;
  const owner = Number(readFileSync(ownerFile, 'utf8').trim());
  const lines = readFileSync(pidFile, 'utf8').split('\n');
  const postmaster = Number(lines[0]);
  const port = Number(lines[3]);
  if (!Number.isInteger(owner) || owner === process.pid || !alive(owner) || !alive(postmaster))
    return undefined;
  return Number.isInteger(port) && port > 0 ? port : undefined;
}

export async function ensureDatabaseExists(maintenanceUrl: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: maintenanceUrl });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount === 0) {
      await client
        .query(`CREATE DATABASE ${client.escapeIdentifier(name)}`)
        .catch((error: { code?: string }) => {
          if (error.code !== '42P04' && error.code !== '23505') throw error; // created meanwhile by another process
        });
    }
  } finally {
    await client.end();
  }
}

export async function provisionDatabase(options: {
  databaseUrl: string | undefined;
  dataDir: string;
  log: (message: string) => void;
}): Promise<ProvisionedDatabase> {
  if (options.databaseUrl) {
    return { url: options.databaseUrl, embedded: false, release: async () => undefined };
  }
  const passwordFile = join(options.dataDir, 'pg-password');
  const port = runningClusterPort(options.dataDir);
  if (port !== undefined && existsSync(passwordFile)) {
    const password = encodeURIComponent(readFileSync(passwordFile, 'utf8').trim());
    return {
      url: `postgres://postgres:${password}@127.0.0.1:${port}/${EMBEDDED_DATABASE}`,
      embedded: true,
      release: async () => undefined,
    };
  }
  const cluster = await startEmbeddedPostgres({ dataDir: options.dataDir, log: options.log });
  const ownerFile = join(options.dataDir, 'pg-owner.pid');
  writeFileSync(ownerFile, String(process.pid));
  await ensureDatabaseExists(cluster.url, EMBEDDED_DATABASE);
  return {
    url: withDatabaseName(cluster.url, EMBEDDED_DATABASE),
    embedded: true,
    async release() {
      await cluster.stop();
      rmSync(ownerFile, { force: true });
    },
  };
}
