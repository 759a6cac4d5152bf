// Snapshots: a run's frozen member list, taken set-based in one statement, kept until it expires.
import { sql } from 'kysely';
import type pg from 'pg';
import { recordAudit } from '../platform/audit.ts';
import { AppError } from '../platform/errors.ts';
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
    const inserted = await client.query(
      `INSERT INTO audience_snapshot_members (sandbox_id, snapshot_id, profile_id)
       SELECT $1, $${offset + 1}::uuid, members.id FROM (${query.sql}) AS members`,
      [...query.params, snapshot.id],
    );
    const tookMs = Math.round(performance.now() - started);
    const done = await client.query<SnapshotRow>(
      'UPDATE audience_snapshots SET members = $3, took_ms = $4 WHERE sandbox_id = $1 AND id = $2 RETURNING *',
      [call.sandboxId, snapshot.id, inserted.rowCount ?? 0, tookMs],
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

/** Deletes expired snapshots and their members; run by the job queue. */
export async function cleanupExpiredSnapshots(db: AudiencesDb, now: Date): Promise<number> {
  const expired = await sql<{
    sandbox_id: string;
    id: string;
  }>`SELECT sandbox_id, id FROM audience_snapshots WHERE expires_at <= ${now} LIMIT 1000`.execute(
    db,
  );
  for (const row of expired.rows) {
    await db.transaction().execute(async (tx) => {
      await sql`DELETE FROM audience_snapshot_members WHERE sandbox_id = ${row.sandbox_id} AND snapshot_id = ${row.id}`.execute(
        tx,
      );
      await sql`DELETE FROM audience_snapshots WHERE sandbox_id = ${row.sandbox_id} AND id = ${row.id}`.execute(
        tx,
      );
    });
  }
  return expired.rows.length;
}
