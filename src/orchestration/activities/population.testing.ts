// Test support for the population activities: a database of its own with the platform's
// sandboxes, populations built from literal rows, and activities from a kind and a configuration.
import type pg from 'pg';
import { createTestDatabase } from '../../db/testing/database.ts';
import { ADMIN_EMAIL, ADMIN_PASSWORD, TestClock } from '../../http/testing.ts';
import { bootstrapPlatform } from '../../platform/bootstrap.ts';
import { platformDb } from '../../platform/context.ts';
import { findSandboxByName } from '../../platform/sandboxes.ts';
import type { Worktable } from '../engine/types.ts';
import type { Activity, ActivityConfig, ActivityKind, Dimension } from '../model.ts';
import { inputWorktable } from '../testing/context.ts';

export interface PopulationTest {
  pool: pg.Pool;
  clock: TestClock;
  sandboxId: string;
  close(): Promise<void>;
}

export async function openPopulationTest(): Promise<PopulationTest> {
  const database = await createTestDatabase();
  const clock = new TestClock();
  const db = platformDb(database.db);
  await bootstrapPlatform(db, clock, { email: ADMIN_EMAIL, password: ADMIN_PASSWORD });
  const sandbox = await findSandboxByName(db, 'prod');
  if (!sandbox) throw new Error('no prod sandbox');
  return { pool: database.pool, clock, sandboxId: sandbox.id, close: () => database.drop() };
}

export function activityOf<K extends ActivityKind>(
  kind: K,
  config: ActivityConfig<K>,
  id = 'act',
): Activity {
  return { id, kind, label: kind, position: { x: 0, y: 0 }, config } as Activity;
}

/** A population from literal rows: `columns` name → PostgreSQL type, `rows` in that order. */
export async function populationOf(
  pool: pg.Pool,
  name: string,
  spec: {
    dimension?: Dimension;
    keys?: string[];
    columns: Record<string, string>;
    rows: unknown[][];
  },
): Promise<Worktable> {
  const names = Object.keys(spec.columns);
  const arrays = names.map((_, i) => spec.rows.map((row) => row[i] ?? null));
  const unnest = names.map((n, i) => `$${i + 1}::${spec.columns[n]}[]`).join(', ');
  const aliases = names.map((n) => `"${n}"`).join(', ');
  return inputWorktable(pool, name, {
    dimension: spec.dimension ?? { kind: 'dataset', dataset: 'items' },
    keys: spec.keys ?? ['id'],
    select: `SELECT * FROM unnest(${unnest}) AS v(${aliases})`,
    params: arrays,
  });
}
