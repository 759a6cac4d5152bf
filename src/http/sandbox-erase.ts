// What deleting a sandbox's row does not reach by itself. Most tables reference `sandboxes` with
// ON DELETE CASCADE; the groups below do not, so a deleted sandbox would leave them (personal data
// among them) behind. Everything runs in the caller's transaction: a sandbox is gone or whole.
// It lives with the composition of the areas (the platform knows nothing of the areas above it).
import { sql, type RawBuilder } from 'kysely';
import { membersPartition } from '../audiences/snapshots.ts';
import { WORK_SCHEMA } from '../orchestration/engine/types.ts';
import { worktableRef } from '../orchestration/engine/worktables.ts';
import { tableRef } from '../profiles/datasets/store.ts';
import type { PlatformTx } from '../platform/context.ts';
import type { SandboxEraser } from '../platform/sandboxes.ts';

/**
 * Tables written by the million that skip a foreign key to keep inserts cheap (identities and
 * consent by imports, messages, tracking and webhook progress by sends): their rows go by name.
 * `audit_log` has no foreign key either, on purpose: it outlives the sandbox.
 */
export const UNREFERENCED_TABLES = [
  'profile_identities',
  'profile_consent',
  'consent_history',
  'messages',
  'tracking_events',
  'webhook_progress',
] as const;

/**
 * Deletes the sandbox's rows of the unreferenced tables and drops its dataset tables and
 * orchestration worktables (populations and uploaded files). Returns what is left to drop once
 * the sandbox row is gone: its snapshot member partitions (see `dropSnapshotPartitions`).
 */
async function eraseUnreferencedData(
  tx: PlatformTx,
  sandboxId: string,
): Promise<{ snapshotIds: string[] }> {
  for (const table of UNREFERENCED_TABLES)
    await sql`DELETE FROM ${sql.table(table)} WHERE sandbox_id = ${sandboxId}`.execute(tx);

  // A dataset's rows live in a real table of its own, which no foreign key can reach.
  const datasets = await sql<{ table_name: string }>`
    SELECT table_name FROM datasets WHERE sandbox_id = ${sandboxId}`.execute(tx);
  await dropTables(
    tx,
    datasets.rows.map((d) => tableRef({ tableName: d.table_name })),
  );

  // Worktables are named after their run (`w_<16 hex digits of the run id>_…`) or, for an
  // uploaded file, recorded with it; the checks of worktableRef apply to every name.
  const worktables = await sql<{ name: string }>`
    SELECT t.tablename AS name FROM pg_tables t
     WHERE t.schemaname = ${WORK_SCHEMA}
       AND (EXISTS (SELECT 1 FROM orchestrated_runs r
                     WHERE r.sandbox_id = ${sandboxId}
                       AND starts_with(t.tablename, 'w_' || left(replace(r.id::text, '-', ''), 16) || '_'))
            OR t.tablename IN (SELECT f.table_name FROM orchestrated_files f WHERE f.sandbox_id = ${sandboxId}))`.execute(
    tx,
  );
  await dropTables(
    tx,
    worktables.rows.map((w) => sql.raw(worktableRef(w.name))),
  );

  const snapshots = await sql<{ id: string }>`
    SELECT id FROM audience_snapshots WHERE sandbox_id = ${sandboxId}`.execute(tx);
  return { snapshotIds: snapshots.rows.map((s) => s.id) };
}

/**
 * Drops the member partitions of the sandbox's snapshots (`audience_snapshot_members` has no
 * foreign key: a partition per snapshot). Dropping a partition locks the whole partitioned table
 * until the commit, which holds up every sandbox's sends, so it comes last in the transaction.
 */
async function dropSnapshotPartitions(tx: PlatformTx, snapshotIds: string[]): Promise<void> {
  // membersPartition checks the id and quotes the name; snapshots taken before partitioning
  // without members have no partition, hence IF EXISTS.
  await dropTables(
    tx,
    snapshotIds.map((id) => sql.raw(membersPartition(id).table)),
  );
}

/** One DROP per group: a single round trip, and tables that depend on one another go together. */
async function dropTables(tx: PlatformTx, tables: RawBuilder<unknown>[]): Promise<void> {
  if (tables.length === 0) return;
  await sql`DROP TABLE IF EXISTS ${sql.join(tables)}`.execute(tx);
}

/** The sandbox deletion's part outside the platform: rows and tables first, partitions last. */
export const sandboxEraser: SandboxEraser = {
  async beforeDelete(tx, sandboxId) {
    const { snapshotIds } = await eraseUnreferencedData(tx, sandboxId);
    return (after) => dropSnapshotPartitions(after, snapshotIds);
  },
};
