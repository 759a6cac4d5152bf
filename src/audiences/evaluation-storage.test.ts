// Storage that audience evaluation relies on. Snapshot members live in one partition per
// snapshot: the migration that introduced them moves earlier members over, and retention drops
// partitions whatever state a cleanup left them in. Datasets linked by an identity index the
// form that audience conditions join on.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { withDatabaseName, type Database } from '../db/connection.ts';
import { listMigrationFiles, migrate } from '../db/migrate.ts';
import { createTestDatabase } from '../db/testing/database.ts';
import { SYSTEM_ACTOR, systemClock } from '../platform/context.ts';
import { createDataset } from '../profiles/datasets/store.ts';
import { profilesDb } from '../profiles/db.ts';
import { cleanupExpiredSnapshots, membersPartition, writeSnapshotMembers } from './snapshots.ts';
import { audiencesDb } from './store.ts';

const PARTITIONS_MIGRATION = '20261127-015-snapshot-member-partitions';
const LINK_INDEX_MIGRATION = '20261127-016-dataset-identity-link-indexes';
const DAY = 86_400_000;

async function partitions(pool: pg.Pool): Promise<{ name: string; attached: boolean }[]> {
  const result = await pool.query<{ name: string; attached: boolean }>(
    `SELECT c.relname AS name, i.inhrelid IS NOT NULL AS attached
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'clarion_snapshots'
       LEFT JOIN pg_inherits i ON i.inhrelid = c.oid
      WHERE c.relkind = 'r' ORDER BY c.relname`,
  );
  return result.rows;
}

async function newSandbox(pool: pg.Pool, name: string): Promise<string> {
  const created = await pool.query<{ id: string }>(
    'INSERT INTO sandboxes (name, title) VALUES ($1, $1) RETURNING id',
    [name],
  );
  return created.rows[0]?.id ?? '';
}

async function newSnapshot(pool: pg.Pool, sandboxId: string, expiresAt: Date): Promise<string> {
  const created = await pool.query<{ id: string }>(
    `INSERT INTO audience_snapshots (sandbox_id, audience_id, created_by, expires_at)
     VALUES ($1, gen_random_uuid(), 'test', $2) RETURNING id`,
    [sandboxId, expiresAt],
  );
  return created.rows[0]?.id ?? '';
}

async function indexDefinitions(pool: pg.Pool, table: string): Promise<string[]> {
  const result = await pool.query<{ definition: string }>(
    `SELECT pg_get_indexdef(x.indexrelid) AS definition FROM pg_index x
      WHERE x.indrelid = $1::regclass AND NOT x.indisprimary ORDER BY 1`,
    [table],
  );
  return result.rows.map((r) => r.definition.replace(/^.* USING btree /, ''));
}

describe('the migrations', () => {
  const serverUrl = inject('pgUrl');
  const name = `test_snapshot_partitions_${process.pid}`;
  let pool: pg.Pool;

  beforeAll(async () => {
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${name}`);
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    pool = new pg.Pool({ connectionString: withDatabaseName(serverUrl, name), max: 2 });
  });
  afterAll(async () => {
    await pool.end();
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  });

  it('move snapshot members into keyed partitions and rebuild identity link indexes', async () => {
    const files = listMigrationFiles();
    const before = Math.min(
      ...[PARTITIONS_MIGRATION, LINK_INDEX_MIGRATION].map((n) =>
        files.findIndex((f) => f.name === n),
      ),
    );
    await migrate(pool, files.slice(0, before));
    const sandboxId = await newSandbox(pool, 'prod');
    // Datasets as created before: a plain index on the link column.
    for (const [table, by] of [
      ['ds_test_orders', 'email'],
      ['ds_test_visits', 'crmId'],
      ['ds_test_notes', 'profileId'],
    ] as const) {
      await pool.query(
        `INSERT INTO datasets (sandbox_id, name, title, table_name, columns, primary_key, link)
         VALUES ($1, $2, $2, $3, '[]', '{id}', $4)`,
        [
          sandboxId,
          table.slice(8),
          table,
          JSON.stringify({ kind: 'profile', column: 'who', by, cardinality: 'N-1' }),
        ],
      );
      await pool.query(`CREATE TABLE clarion_datasets.${table} (id text PRIMARY KEY, who text)`);
      await pool.query(`CREATE INDEX ${table}_link_idx ON clarion_datasets.${table} (who)`);
    }
    const kept = await newSnapshot(pool, sandboxId, new Date(Date.now() + DAY));
    // A snapshot without members gets no partition; reading it finds none.
    await newSnapshot(pool, sandboxId, new Date(Date.now() + DAY));
    await pool.query(
      `INSERT INTO audience_snapshot_members (sandbox_id, snapshot_id, profile_id, attributes)
       SELECT $1::uuid, $2::uuid, gen_random_uuid(), jsonb_build_object('line', i) FROM generate_series(1, 3) i
       UNION ALL SELECT $1::uuid, gen_random_uuid(), gen_random_uuid(), NULL`,
      [sandboxId, kept],
    );

    await migrate(pool, files);

    expect(await indexDefinitions(pool, 'clarion_datasets.ds_test_orders')).toEqual([
      '(lower(who) COLLATE "C")',
    ]);
    expect(await indexDefinitions(pool, 'clarion_datasets.ds_test_visits')).toEqual([
      '(who COLLATE "C")',
    ]);
    expect(await indexDefinitions(pool, 'clarion_datasets.ds_test_notes')).toEqual(['(who)']);

    const members = await pool.query<{ snapshot_id: string; line: number }>(
      `SELECT snapshot_id, (attributes->>'line')::int AS line FROM audience_snapshot_members ORDER BY line`,
    );
    expect(members.rows).toEqual([1, 2, 3].map((line) => ({ snapshot_id: kept, line })));
    expect(await partitions(pool)).toEqual([{ name: membersPartition(kept).name, attached: true }]);
    const key = await pool.query<{ definition: string }>(
      `SELECT pg_get_indexdef(x.indexrelid) AS definition FROM pg_index x
        WHERE x.indrelid = $1::regclass AND x.indisprimary`,
      [membersPartition(kept).table],
    );
    expect(key.rows[0]?.definition).toMatch(
      /UNIQUE INDEX .* \(sandbox_id, snapshot_id, profile_id\)/,
    );
    await expect(
      pool.query(
        'INSERT INTO audience_snapshot_members (sandbox_id, snapshot_id, profile_id) SELECT sandbox_id, snapshot_id, profile_id FROM audience_snapshot_members LIMIT 1',
      ),
    ).rejects.toThrow(/duplicate key/);
  });
});

describe('snapshot partitions and dataset link indexes', () => {
  let database: Database & { drop(): Promise<void> };
  let sandboxId: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    sandboxId = await newSandbox(database.pool, 'storage');
  });
  afterAll(async () => database.drop());

  async function snapshotOf(count: number, expiresAt: Date): Promise<string> {
    const client = await database.pool.connect();
    try {
      await client.query('BEGIN');
      const id = await newSnapshot(database.pool, sandboxId, expiresAt);
      const written = await writeSnapshotMembers(
        client,
        id,
        'SELECT $1::uuid, $2::uuid, gen_random_uuid() FROM generate_series(1, $3) ORDER BY 3',
        [sandboxId, id, count],
      );
      expect(written).toBe(count);
      await client.query('COMMIT');
      return id;
    } finally {
      client.release();
    }
  }

  it('leaves nothing behind when the snapshot transaction rolls back', async () => {
    const client = await database.pool.connect();
    try {
      await client.query('BEGIN');
      const id = crypto.randomUUID();
      await writeSnapshotMembers(
        client,
        id,
        'SELECT $1::uuid, $2::uuid, gen_random_uuid() FROM generate_series(1, 10)',
        [sandboxId, id],
      );
      await client.query('ROLLBACK');
    } finally {
      client.release();
    }
    expect(await partitions(database.pool)).toEqual([]);
  });

  it('refuses a partition name that is not made of a snapshot id', () => {
    expect(() => membersPartition('x"; DROP TABLE profiles; --')).toThrow(/not a snapshot id/);
    expect(membersPartition('0F3C0000-0000-4000-8000-000000000001').table).toBe(
      'clarion_snapshots."members_0f3c0000000040008000000000000001"',
    );
  });

  it('drops the partitions of expired and vanished snapshots, attached or already detached', async () => {
    const now = new Date();
    const live = await snapshotOf(5, new Date(now.getTime() + 10 * DAY));
    const expired = await snapshotOf(4, new Date(now.getTime() - DAY));
    // A sandbox deletion takes snapshot rows with it; a cleanup may stop after detaching.
    const vanished = await snapshotOf(3, new Date(now.getTime() + 10 * DAY));
    const detached = await snapshotOf(2, new Date(now.getTime() + 10 * DAY));
    await database.pool.query('DELETE FROM audience_snapshots WHERE id = ANY($1)', [
      [vanished, detached],
    ]);
    await database.pool.query(
      `ALTER TABLE audience_snapshot_members DETACH PARTITION ${membersPartition(detached).table}`,
    );

    expect(await cleanupExpiredSnapshots(audiencesDb(database.db), now)).toBe(1);

    const snapshots = await database.pool.query<{ id: string }>(
      'SELECT id FROM audience_snapshots',
    );
    expect(snapshots.rows.map((r) => r.id)).not.toContain(expired);
    expect(snapshots.rows.map((r) => r.id)).toContain(live);

    expect(await partitions(database.pool)).toEqual([
      { name: membersPartition(live).name, attached: true },
    ]);
    const left = await database.pool.query<{ snapshot_id: string; n: number }>(
      'SELECT snapshot_id, count(*)::int AS n FROM audience_snapshot_members GROUP BY 1',
    );
    expect(left.rows).toEqual([{ snapshot_id: live, n: 5 }]);
    expect(await cleanupExpiredSnapshots(audiencesDb(database.db), now)).toBe(0);
  });

  it('index the link of a new dataset the way audience conditions join it', async () => {
    await database.pool.query(
      "INSERT INTO identity_namespaces (sandbox_id, code, title) VALUES ($1, 'email', 'Email')",
      [sandboxId],
    );
    const call = {
      db: profilesDb(database.db),
      sandboxId,
      actor: SYSTEM_ACTOR,
      clock: systemClock,
    };
    await createDataset(call, {
      name: 'orders',
      title: 'Orders',
      columns: [
        { name: 'id', type: 'string' },
        { name: 'customer', type: 'string' },
      ],
      primaryKey: ['id'],
      link: { kind: 'profile', column: 'customer', by: 'email', cardinality: 'N-1' },
    });
    const table = await database.pool.query<{ table_name: string }>(
      "SELECT table_name FROM datasets WHERE name = 'orders'",
    );
    expect(
      await indexDefinitions(database.pool, `clarion_datasets.${table.rows[0]?.table_name ?? ''}`),
    ).toEqual(['(lower(customer) COLLATE "C")']);
  });
});
