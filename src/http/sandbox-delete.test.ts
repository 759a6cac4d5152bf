import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './testing.ts';
import { seedSandbox, type SeededSandbox } from './sandbox-delete.testing.ts';
import { UNREFERENCED_TABLES } from './sandbox-erase.ts';

let t: TestApp;
let doomed: SeededSandbox;
let kept: SeededSandbox;
let keptBefore: Record<string, number>;
let doomedBefore: Record<string, number>;
let deleteStatus: number;

/** Every public table with a sandbox_id column, read from the catalogue so new ones are covered. */
async function sandboxTables(): Promise<string[]> {
  const result = await sql<{ name: string }>`
    SELECT DISTINCT table_name AS name FROM information_schema.columns
     WHERE table_schema = 'public' AND column_name = 'sandbox_id' ORDER BY 1`.execute(t.db);
  return result.rows.map((r) => r.name);
}

async function rowsPerTable(sandboxId: string): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of await sandboxTables()) {
    const result = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM ${sql.table(table)} WHERE sandbox_id = ${sandboxId}`.execute(
      t.db,
    );
    counts[table] = result.rows[0]?.n ?? 0;
  }
  return counts;
}

/** Tables (and partitions) of the schemas where datasets, snapshots and worktables live. */
async function sideRelations(): Promise<string[]> {
  const result = await sql<{ name: string }>`
    SELECT n.nspname || '.' || c.relname AS name FROM pg_class c
      JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname IN ('clarion_datasets', 'clarion_snapshots', 'clarion_work')
       AND c.relkind IN ('r', 'p')`.execute(t.db);
  return result.rows.map((r) => r.name);
}

beforeAll(async () => {
  t = await createTestApp();
  doomed = await seedSandbox(t, 'doomed');
  kept = await seedSandbox(t, 'kept');
  doomedBefore = await rowsPerTable(doomed.id);
  keptBefore = await rowsPerTable(kept.id);
  const response = await t.app.inject({
    method: 'DELETE',
    url: '/sandboxes/doomed',
    headers: await t.adminHeaders(),
  });
  deleteStatus = response.statusCode;
});
afterAll(async () => t.close());

describe('deleting a sandbox', () => {
  it('had data in the tables without a foreign key, datasets, snapshots and worktables', () => {
    for (const table of [
      ...UNREFERENCED_TABLES,
      'audience_snapshot_members',
      'datasets',
      'executions',
      'orchestrated_runs',
      'orchestrated_files',
      'profiles',
    ])
      expect(doomedBefore[table], table).toBeGreaterThan(0);
    expect(doomed.relations.length).toBe(4);
  });

  it('leaves no row of it in any table with a sandbox_id but the audit log', async () => {
    expect(deleteStatus).toBe(204);
    const after = await rowsPerTable(doomed.id);
    const left = Object.entries(after).filter(([table, n]) => table !== 'audit_log' && n > 0);
    expect(left).toEqual([]);
    expect(after.audit_log).toBeGreaterThan(0);
    expect(after.audit_log).toBe(doomedBefore.audit_log);
  });

  it('drops its dataset tables, snapshot member partitions and worktables', async () => {
    const relations = await sideRelations();
    for (const relation of doomed.relations) expect(relations).not.toContain(relation);
  });

  it('leaves another sandbox untouched', async () => {
    expect(await rowsPerTable(kept.id)).toEqual(keptBefore);
    const relations = await sideRelations();
    for (const relation of kept.relations) expect(relations).toContain(relation);
    const dataset = await t.app.inject({
      method: 'GET',
      url: '/datasets/purchases',
      headers: kept.headers,
    });
    expect(dataset.json<{ rowCount: number }>().rowCount).toBe(1);
  });
});
