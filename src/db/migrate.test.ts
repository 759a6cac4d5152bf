import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { withDatabaseName } from './connection.ts';
import { listMigrationFiles, migrate, isMigrated } from './migrate.ts';

const serverUrl = inject('pgUrl');
const name = `test_migrate_${process.pid}`;
let pools: pg.Pool[] = [];

function pool(): pg.Pool {
  const p = new pg.Pool({ connectionString: withDatabaseName(serverUrl, name), max: 3 });
  p.on('error', () => undefined);
  p.on('connect', (client) => client.on('error', () => undefined));
  pools.push(p);
  return p;
}

beforeAll(async () => {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name}`);
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
});
afterAll(async () => {
  await Promise.all(pools.map((p) => p.end()));
  pools = [];
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.end();
});

describe('migrations', () => {
  it('two processes migrating at once apply each migration exactly once', async () => {
    const [a, b, c] = [pool(), pool(), pool()];
    expect(await isMigrated(a)).toBe(false);
    const results = await Promise.all([migrate(a), migrate(b), migrate(c)]);
    const applied = results.flat();
    expect(applied.sort()).toEqual(
      listMigrationFiles()
        .map((f) => f.name)
        .sort(),
    );
    const rows = await a.query('SELECT name FROM clarion_migrations');
    expect(rows.rowCount).toBe(listMigrationFiles().length);
    expect(await isMigrated(a)).toBe(true);
    expect(await migrate(a)).toEqual([]);
  });

  it('refuses a migration older than the newest applied one, and unknown applied ones', async () => {
    const p = pool();
    const files = [...listMigrationFiles(), { name: '20000101-001-too-old', sql: 'SELECT 1' }];
    await expect(migrate(p, files)).rejects.toThrow(/older than the applied/);
    await p.query("INSERT INTO clarion_migrations (name) VALUES ('29991231-001-from-the-future')");
    await expect(migrate(p)).rejects.toThrow(/does not know: 29991231-001-from-the-future/);
    await p.query("DELETE FROM clarion_migrations WHERE name = '29991231-001-from-the-future'");
  });

  it('a failing migration leaves nothing behind', async () => {
    const p = pool();
    const files = [
      ...listMigrationFiles(),
      {
        name: '29991231-002-broken',
        sql: 'CREATE TABLE half_made (id int); SELECT * FROM no_such_table;',
      },
    ];
    await expect(migrate(p, files)).rejects.toThrow(/29991231-002-broken failed/);
    const table = await p.query<{ t: string | null }>("SELECT to_regclass('half_made') AS t");
    expect(table.rows[0]?.t).toBeNull();
    const recorded = await p.query(
      "SELECT 1 FROM clarion_migrations WHERE name = '29991231-002-broken'",
    );
    expect(recorded.rowCount).toBe(0);
  });
});
