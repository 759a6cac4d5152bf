// A database of its own for one test file, cloned from the migrated template.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { openDatabase, withDatabaseName, type Database } from '../connection.ts';

export async function createTestDatabase(): Promise<Database & { drop(): Promise<void> }> {
  const serverUrl = inject('pgUrl');
  const name = `test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name} TEMPLATE clarion_template`);
  } finally {
    await admin.end();
  }
  const database = openDatabase(withDatabaseName(serverUrl, name), { max: 10 });
  return {
    ...database,
    async drop() {
      await database.close();
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}
