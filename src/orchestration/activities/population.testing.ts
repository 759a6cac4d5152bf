// Test support for the population activities: a test app, populations built from literal rows,
// and activities built from a kind and a configuration.
import type pg from 'pg';
import { createTestApp, type TestApp } from '../../http/testing.ts';
import { findSandboxByName } from '../../platform/sandboxes.ts';
import type { Worktable } from '../engine/types.ts';
import type { Activity, ActivityConfig, ActivityKind, Dimension } from '../model.ts';
import { inputWorktable } from '../testing/context.ts';

export interface PopulationTest {
  app: TestApp;
  pool: pg.Pool;
  sandboxId: string;
}

export async function openPopulationTest(): Promise<PopulationTest> {
  const app = await createTestApp();
  const sandbox = await findSandboxByName(app.db, 'prod');
  if (!sandbox) throw new Error('no prod sandbox');
  return { app, pool: app.database.pool, sandboxId: sandbox.id };
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
