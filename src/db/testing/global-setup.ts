// Test run setup: one embedded PostgreSQL for the whole run and a migrated template database;
// each test file clones the template into a database of its own.
import type { TestProject } from 'vitest/node';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../embedded.ts';
import { migrate } from '../migrate.ts';
import { withDatabaseName } from '../connection.ts';

export const TEMPLATE_DATABASE = 'clarion_template';

declare module 'vitest' {
  export interface ProvidedContext {
    pgUrl: string;
  }
}

let cluster: EmbeddedDatabase | undefined;
const RUNS_DIR = '.clarion-test';

/** Clusters of test runs whose process is gone (killed before teardown). */
function removeAbandonedRuns(): void {
  if (!existsSync(RUNS_DIR)) return;
  for (const entry of readdirSync(RUNS_DIR)) {
    const pid = Number(entry);
    let alive = false;
    try {
      process.kill(pid, 0);
      alive = Number.isInteger(pid) && pid > 0;
    } catch {
      alive = false;
    }
    if (alive) continue;
    const postmaster = join(RUNS_DIR, entry, 'pg', 'postmaster.pid');
    if (existsSync(postmaster)) {
      const pgPid = Number(readFileSync(postmaster, 'utf8').split('\n')[0]);
      try {
        process.kill(pgPid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    rmSync(join(RUNS_DIR, entry), { recursive: true, force: true });
  }
}

async function prepareTemplate(serverUrl: string): Promise<void> {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    const stale = await admin.query<{ datname: string }>(
      "SELECT datname FROM pg_database WHERE datname LIKE 'clarion_t%' OR datname LIKE 'test_%'",
    );
    for (const row of stale.rows)
      await admin.query(
        `DROP DATABASE IF EXISTS ${admin.escapeIdentifier(row.datname)} WITH (FORCE)`,
      );
    await admin.query(`CREATE DATABASE ${TEMPLATE_DATABASE}`);
  } finally {
    await admin.end();
  }
  const pool = new pg.Pool({
    connectionString: withDatabaseName(serverUrl, TEMPLATE_DATABASE),
    max: 2,
  });
  pool.on('error', () => undefined);
  pool.on('connect', (client) => client.on('error', () => undefined));
  try {
    await migrate(pool);
  } finally {
    await pool.end();
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  let serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) {
    // A fresh cluster per run (runs may overlap): nothing from another run leaks into this one.
    removeAbandonedRuns();
    const dataDir = resolve(RUNS_DIR, String(process.pid));
    rmSync(dataDir, { recursive: true, force: true });
    const started = await startEmbeddedPostgres({ dataDir, log: () => undefined });
    cluster = {
      ...started,
      stop: async () => {
        await started.stop();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
    serverUrl = started.url;
  }
  await prepareTemplate(serverUrl);
  project.provide('pgUrl', serverUrl);
  return async () => {
    await cluster?.stop();
  };
}
