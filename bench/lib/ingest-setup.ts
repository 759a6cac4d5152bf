// What the ingest benchmark measures against: the CSV file of demo people, the Clarion database
// with a waiting import (mapped as `clarion demo` maps the file), and the raw table for COPY.
import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { openDatabase } from '../../src/db/connection.ts';
import { migrate } from '../../src/db/migrate.ts';
import { demoProfilesCsv, PROFILE_CSV_HEADER } from '../../src/demo/people.ts';
import { bootstrapPlatform } from '../../src/platform/bootstrap.ts';
import { platformDb, SYSTEM_ACTOR, systemClock } from '../../src/platform/context.ts';
import { findSandboxByName } from '../../src/platform/sandboxes.ts';
import { profilesDb } from '../../src/profiles/db.ts';
import type { ColumnTarget } from '../../src/profiles/imports/model.ts';
import { createImport } from '../../src/profiles/imports/store.ts';

/** As `clarion demo` maps the file (src/demo/seed.ts): points are numbers, the rest default. */
export const MAPPING: Record<string, ColumnTarget> = {
  'loyalty.points': { to: 'attribute', path: 'loyalty.points', type: 'number' },
};
export const RAW_TABLE = 'raw_profiles';

export async function writeCsv(file: string, count: number, seed: number): Promise<void> {
  await pipeline(Readable.from(demoProfilesCsv(count, seed)), createWriteStream(file));
}

/** A migrated database with the prod sandbox and a waiting import; returns what the child needs. */
export async function prepareClarion(
  url: string,
): Promise<{ sandboxId: string; importId: string }> {
  const database = openDatabase(url, { max: 4 });
  try {
    await migrate(database.pool);
    await bootstrapPlatform(platformDb(database.db), systemClock, {
      email: 'bench@clarion.local',
      password: 'bench-password-not-secret',
    });
    const sandbox = await findSandboxByName(platformDb(database.db), 'prod');
    if (!sandbox) throw new Error('prod sandbox missing after bootstrap');
    const created = await createImport(
      {
        db: profilesDb(database.db),
        sandboxId: sandbox.id,
        actor: { ...SYSTEM_ACTOR, label: 'bench ingest' },
        clock: systemClock,
      },
      { kind: 'profiles', format: 'csv', fileName: 'bench-profiles.csv', mapping: MAPPING },
    );
    return { sandboxId: sandbox.id, importId: created.id };
  } finally {
    await database.close();
  }
}

export async function prepareRaw(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const columns = PROFILE_CSV_HEADER.split(',').map(
      (name) => `${client.escapeIdentifier(name)} text`,
    );
    await client.query(`CREATE TABLE ${RAW_TABLE} (${columns.join(', ')})`);
  } finally {
    await client.end();
  }
}
