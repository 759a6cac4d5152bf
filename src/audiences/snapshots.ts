// Snapshots: a run's frozen member list, taken set-based in one statement, kept until it expires.
// Each snapshot's members are a partition of audience_snapshot_members of their own
// (clarion_snapshots.members_<id>): loaded without an index, keyed in one sorted build, attached
// in the same transaction; retention detaches and drops it.
import { sql } from 'kysely';
import { escapeIdentifier, escapeLiteral } from 'pg';
import type pg from 'pg';
import { recordAudit } from '../platform/audit.ts';
import { AppError } from '../platform/errors.ts';
import { applyEvaluationSettings } from './evaluate.ts';
import { planJoins, restoreJoins } from './planning.ts';
import { compileAudience, getAudience, type AudiencesCall, type AudiencesDb } from './store.ts';

export const SNAPSHOT_RETENTION_DAYS = 30;

export interface Snapshot {
  id: string;
  audienceId: string;
  members: number;
  tookMs: number;
  createdBy: string;
  createdAt: string;
  expiresAt: string;
}

type SnapshotRow = {
  id: string;
  audience_id: string;
  members: number;
  took_ms: number;
  created_by: string;
  created_at: Date;
  expires_at: Date;
};

function toSnapshot(row: SnapshotRow): Snapshot {
  return {
    id: row.id,
    audienceId: row.audience_id,
    members: Number(row.members),
    tookMs: row.took_ms,
    createdBy: row.created_by,
    createdAt: row.created_at.toISOString(),
    expiresAt: row.expires_at.toISOString(),
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const PARTITION = /^members_[0-9a-f]{32}$/;

/** The partition of one snapshot's members, e.g. `clarion_snapshots.members_0f3c…`. */
export function membersPartition(snapshotId: string): { name: string; table: string } {
  const id = snapshotId.toLowerCase();
  if (!UUID.test(id)) throw new Error(`not a snapshot id: ${snapshotId}`);
  const name = `members_${id.replace(/-/g, '')}`;
  return { name, table: `clarion_snapshots.${escapeIdentifier(name)}` };
}

/**
 * Writes a snapshot's members, the rows of `select` (`sandbox_id, snapshot_id, profile_id`, and
 * `attributes` with `withAttributes`), inside the caller's transaction: a fresh table, loaded
 * without an index, keyed afterwards in one sorted build, attached. Returns the number of members.
 */
export async function writeSnapshotMembers(
  client: pg.ClientBase,
  snapshotId: string,
  select: string,
  params: unknown[],
  options: { withAttributes?: boolean } = {},
): Promise<number> {
  const { table } = membersPartition(snapshotId);
  const id = escapeLiteral(snapshotId);
  await client.query(
    `CREATE TABLE ${table} (LIKE audience_snapshot_members, CHECK (snapshot_id = ${id}::uuid))`,
  );
  const inserted = await client.query(
    `INSERT INTO ${table} (sandbox_id, snapshot_id, profile_id${options.withAttributes ? ', attributes' : ''}) ${select}`,
    params,
  );
  await client.query(`ALTER TABLE ${table} ADD PRIMARY KEY (sandbox_id, snapshot_id, profile_id)`);
  // The CHECK above proves the partition bound, so attaching does not scan the rows again.
  await client.query(
    `ALTER TABLE audience_snapshot_members ATTACH PARTITION ${table} FOR VALUES IN (${id})`,
  );
  return inserted.rowCount ?? 0;
}

/** Freezes the audience's members now; one transaction, so a snapshot is whole or absent. */
export async function takeSnapshot(
  call: AudiencesCall & { pool: pg.Pool },
  audienceId: string,
  retentionDays = SNAPSHOT_RETENTION_DAYS,
): Promise<Snapshot> {
  const audience = await getAudience(call.db, call.sandboxId, audienceId);
  const now = call.clock.now();
  const query = await compileAudience(call.db, call.sandboxId, audience, now);
  const client = await call.pool.connect();
  try {
    await client.query('BEGIN');
    await applyEvaluationSettings(client);
    const joins = await planJoins(client, query.attributeFilter);
    const started = performance.now();
    const created = await client.query<SnapshotRow>(
      `INSERT INTO audience_snapshots (sandbox_id, audience_id, created_by, created_at, expires_at)
       VALUES ($1, $2, $3, $4, $5) RETURNING *`,
      [
        call.sandboxId,
        audience.id,
        call.actor.label,
        now,
        new Date(now.getTime() + retentionDays * 86_400_000),
      ],
    );
    const snapshot = created.rows[0];
    if (!snapshot) throw new Error('snapshot row missing');
    const offset = query.params.length;
    const upload = audience.kind === 'upload' ? audience.upload.importId : null;
    // No ORDER BY: the key is sorted when it is built, and with one the planner may walk the
    // profiles' primary key to skip a sort, reading a million rows in random order.
    const members = upload
      ? // An uploaded audience's members keep their upload columns (`audience.<column>`).
        await writeSnapshotMembers(
          client,
          snapshot.id,
          `SELECT m.sandbox_id, $2::uuid, m.profile_id, m.attributes FROM audience_members m
            WHERE m.sandbox_id = $1 AND m.audience_id = $3 AND m.import_id = $4`,
          [call.sandboxId, snapshot.id, audience.id, upload],
          { withAttributes: true },
        )
      : await writeSnapshotMembers(
          client,
          snapshot.id,
          `SELECT $1::uuid, $${offset + 1}::uuid, members.id FROM (${query.sql}) AS members`,
          [...query.params, snapshot.id],
        );
    const tookMs = Math.round(performance.now() - started);
    await restoreJoins(client, joins);
    const done = await client.query<SnapshotRow>(
      'UPDATE audience_snapshots SET members = $3, took_ms = $4 WHERE sandbox_id = $1 AND id = $2 RETURNING *',
      [call.sandboxId, snapshot.id, members, tookMs],
    );
    await client.query('COMMIT');
    const result = toSnapshot(done.rows[0] ?? snapshot);
    await recordAudit(call.db, {
      sandboxId: call.sandboxId,
      actor: call.actor,
      action: 'audience.snapshot',
      entityType: 'audience',
      entityId: audience.id,
      after: { snapshotId: result.id, members: result.members },
      requestId: call.requestId,
      at: now,
    });
    return result;
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
}

export async function getSnapshot(
  db: AudiencesDb,
  sandboxId: string,
  id: string,
): Promise<Snapshot> {
  const result =
    await sql<SnapshotRow>`SELECT * FROM audience_snapshots WHERE sandbox_id = ${sandboxId} AND id = ${id}`.execute(
      db,
    );
  const row = result.rows[0];
  if (!row) throw new AppError('SNAPSHOT_NOT_FOUND');
  return toSnapshot(row);
}

export async function listSnapshots(
  db: AudiencesDb,
  sandboxId: string,
  audienceId: string,
): Promise<Snapshot[]> {
  const result =
    await sql<SnapshotRow>`SELECT * FROM audience_snapshots WHERE sandbox_id = ${sandboxId} AND audience_id = ${audienceId} ORDER BY created_at DESC LIMIT 100`.execute(
      db,
    );
  return result.rows.map(toSnapshot);
}

/** Member profile ids in id order, paged by the last id. */
export async function snapshotMembers(
  db: AudiencesDb,
  sandboxId: string,
  snapshotId: string,
  limit: number,
  after?: string,
): Promise<{ items: string[]; nextCursor: string | null }> {
  await getSnapshot(db, sandboxId, snapshotId);
  const result = await sql<{ profile_id: string }>`
    SELECT profile_id FROM audience_snapshot_members
     WHERE sandbox_id = ${sandboxId} AND snapshot_id = ${snapshotId} ${after ? sql`AND profile_id > ${after}::uuid` : sql``}
     ORDER BY profile_id LIMIT ${limit + 1}`.execute(db);
  const page = result.rows.slice(0, limit).map((r) => r.profile_id);
  return { items: page, nextCursor: result.rows.length > limit ? (page.at(-1) ?? null) : null };
}

/**
 * Deletes expired snapshots and their members; run by the job queue. Takes the database, not a
 * transaction: partitions are detached concurrently, which PostgreSQL runs only on its own.
 */
export async function cleanupExpiredSnapshots(db: AudiencesDb, now: Date): Promise<number> {
  const expired = await sql<{ id: string }>`
    DELETE FROM audience_snapshots
     WHERE (sandbox_id, id) IN (SELECT sandbox_id, id FROM audience_snapshots WHERE expires_at <= ${now} LIMIT 1000)
    RETURNING id`.execute(db);
  await dropOrphanedMembers(db);
  return expired.rows.length;
}

/**
 * Detaches and drops the member partitions whose snapshot is gone: expired ones just deleted,
 * and any left by a sandbox deletion or by a cleanup that stopped half-way. Detaching
 * CONCURRENTLY lets campaigns keep reading other snapshots meanwhile.
 */
async function dropOrphanedMembers(db: AudiencesDb): Promise<void> {
  const orphans = await sql<{ name: string; attached: boolean; pending: boolean }>`
    SELECT c.relname AS name, i.inhrelid IS NOT NULL AS attached, coalesce(i.inhdetachpending, false) AS pending
      FROM pg_class c
      JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'clarion_snapshots'
      LEFT JOIN pg_inherits i ON i.inhrelid = c.oid
     WHERE c.relkind = 'r' AND c.relname ~ '^members_[0-9a-f]{32}$'
       AND NOT EXISTS (SELECT 1 FROM audience_snapshots s WHERE s.id = substr(c.relname, 9)::uuid)
     LIMIT 1000`.execute(db);
  const failures: unknown[] = [];
  for (const orphan of orphans.rows) {
    if (!PARTITION.test(orphan.name)) continue;
    const table = sql.id('clarion_snapshots', orphan.name);
    try {
      if (orphan.pending)
        await sql`ALTER TABLE audience_snapshot_members DETACH PARTITION ${table} FINALIZE`.execute(
          db,
        );
      else if (orphan.attached)
        await sql`ALTER TABLE audience_snapshot_members DETACH PARTITION ${table} CONCURRENTLY`.execute(
          db,
        );
      await sql`DROP TABLE IF EXISTS ${table}`.execute(db);
    } catch (error) {
      // Another cleanup may be detaching the same partition; what is left is retried next time.
      failures.push(error);
    }
  }
  if (failures.length)
    throw new AggregateError(failures, `${failures.length} snapshot partitions were not dropped`);
}
