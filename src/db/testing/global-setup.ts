// Test run setup: one embedded PostgreSQL for the whole run and a migrated template database;
// each test file clones the template into a database of its own.
import type { TestProject } from 'vitest/node';
import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
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

async function prepareTemplate(serverUrl: string): Promise<void> {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    const stale = await admin.query<{ datname: string }>(
      "SELECT datname FROM pg_database WHERE datname LIKE 'clarion_t%' OR datname LIKE 'test_%'",
    );
    for (const row of stale.rows) await admin.query(`DROP DATABASE IF EXISTS ${admin.escapeIdentifier(row.datname)} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${TEMPLATE_DATABASE}`);
  } finally {
    await admin.end();
  }
  const pool = new pg.Pool({ connectionString: withDatabaseName(serverUrl, TEMPLATE_DATABASE), max: 2 });
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
    const dataDir = resolve('.clarion-test');
    // A fresh cluster per run: nothing from an earlier run can leak into this one.
    rmSync(dataDir, { recursive: true, force: true });
    cluster = await startEmbeddedPostgres({ dataDir, log: () => undefined });
    serverUrl = cluster.url;
  }
  await prepareTemplate(serverUrl);
  project.provide('pgUrl', serverUrl);
  return async () => {
    await cluster?.stop();
  };
}
