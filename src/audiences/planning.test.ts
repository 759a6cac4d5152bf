// Join planning for rules over many profiles: the attribute conditions' share is measured on a
// sample, and a large share turns nested loops off for the evaluating transaction only.
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/connection.ts';
import type { StoredDataset } from '../profiles/datasets/store.ts';
import { createTestDatabase } from '../db/testing/database.ts';
import { compileAttributeFilter, compileRule, type Catalog } from './compiler.ts';
import type { RuleNode } from './model.ts';
import { planJoins, restoreJoins } from './planning.ts';

let database: Database & { drop(): Promise<void> };
let large = '';
let small = '';
const catalog: Catalog = { datasets: new Map(), audiences: new Map() };
const now = new Date('2026-11-27T12:00:00Z');

const tier = (value: string): RuleNode => ({
  kind: 'attribute',
  path: 'loyalty.tier',
  type: 'string',
  operator: 'equals',
  value,
});

async function sandboxWith(profiles: number, name: string): Promise<string> {
  const pool = database.pool;
  const id = (
    await pool.query<{ id: string }>(
      'INSERT INTO sandboxes (name, title) VALUES ($1, $1) RETURNING id',
      [name],
    )
  ).rows[0]!.id;
  // Half gold; one profile in 20,000 "rare".
  await pool.query(
    `INSERT INTO profiles (sandbox_id, id, attributes)
     SELECT $1, gen_random_uuid(),
            jsonb_build_object('loyalty', jsonb_build_object('tier',
              CASE WHEN i % 20000 = 0 THEN 'rare' WHEN i % 2 = 0 THEN 'gold' ELSE 'bronze' END))
       FROM generate_series(1, $2) AS i`,
    [id, profiles],
  );
  return id;
}

/** Plans in a transaction and reports the plan with the setting before and after restoring. */
async function planned(sandboxId: string, root: RuleNode) {
  const client: pg.PoolClient = await database.pool.connect();
  try {
    await client.query('BEGIN');
    const plan = await planJoins(
      client,
      compileAttributeFilter({ version: 1, root }, { sandboxId, now, catalog }),
    );
    const setting = async () =>
      (await client.query<{ v: string }>(`SELECT current_setting('enable_nestloop') AS v`)).rows[0]!
        .v;
    const during = await setting();
    await restoreJoins(client, plan);
    const after = await setting();
    await client.query('COMMIT');
    return { plan, during, after };
  } finally {
    client.release();
  }
}

beforeAll(async () => {
  database = await createTestDatabase();
  large = await sandboxWith(150_000, 'planning-large');
  small = await sandboxWith(4_000, 'planning-small');
}, 120_000);
afterAll(async () => {
  await database?.drop();
});

describe('join planning', () => {
  it('joins by hash while a sampled large share of profiles meets the attribute conditions', async () => {
    const { plan, during, after } = await planned(large, tier('gold'));
    expect(plan.strategy).toBe('hash');
    expect(plan.share).toBeGreaterThan(0.35);
    expect(plan.share).toBeLessThan(0.65);
    expect(plan.sandboxProfiles).toBeGreaterThan(75_000);
    expect(plan.plannerRows).toBeLessThan(10_000);
    expect(during).toBe('off');
    expect(after).toBe('on');
  });

  it('leaves the planner alone for a rare value, a small sandbox, or no attribute condition', async () => {
    const rare = await planned(large, tier('rare'));
    expect(rare.plan.strategy).toBe('planner');
    expect(rare.plan.share).toBeLessThan(0.05);
    expect(rare.during).toBe('on');

    const few = await planned(small, tier('gold'));
    expect(few.plan.strategy).toBe('planner');
    expect(few.plan.sandboxProfiles).toBeLessThan(50_000);
    expect(few.during).toBe('on');

    const consentOnly = await planned(large, {
      kind: 'consent',
      channel: 'email',
      status: 'y',
    });
    expect(consentOnly.plan).toEqual({ strategy: 'planner', sandboxProfiles: null, share: null });
  });

  it('trusts the planner once an expression index gives it the path’s statistics', async () => {
    await database.pool.query(
      `CREATE INDEX profiles_planning_tier_idx ON profiles (sandbox_id, (attributes #>> '{loyalty,tier}'::text[]))`,
    );
    await database.pool.query('ANALYZE profiles');
    try {
      const { plan, during } = await planned(large, tier('gold'));
      expect(plan.strategy).toBe('planner');
      expect(plan.plannerRows).toBeGreaterThan(50_000);
      expect(during).toBe('on');
    } finally {
      await database.pool.query('DROP INDEX profiles_planning_tier_idx');
      await database.pool.query('ANALYZE profiles');
    }
  });

  it('samples only the top-level attribute conditions of an AND, with their own parameters', () => {
    const filter = compileAttributeFilter(
      {
        version: 1,
        root: {
          kind: 'group',
          op: 'and',
          children: [
            tier('gold'),
            { kind: 'consent', channel: 'email', status: 'y' },
            { kind: 'group', op: 'or', children: [tier('silver')] },
          ],
        },
      },
      { sandboxId: large, now, catalog },
    );
    expect(filter?.params).toEqual([large, 'gold']);
    expect(filter?.sql).not.toMatch(/consent|silver|\$3/);
    const alternatives = compileAttributeFilter(
      { version: 1, root: { kind: 'group', op: 'or', children: [tier('gold'), tier('silver')] } },
      { sandboxId: large, now, catalog },
    );
    expect(alternatives).toBeUndefined();
  });

  it('keeps a plain "has a row" beside the filters, and stages counts and sums', () => {
    const purchases = {
      id: 'd1',
      name: 'purchases',
      title: 'Purchases',
      tableName: 'ds_purchases',
      version: 1,
      columns: [
        { name: 'customer_email', type: 'string' },
        { name: 'amount', type: 'decimal' },
      ],
      primaryKey: ['customer_email'],
      link: { kind: 'profile', column: 'customer_email', by: 'email', cardinality: 'N-1' },
      createdAt: now,
      updatedAt: now,
    } as unknown as StoredDataset;
    const compile = (condition: RuleNode) =>
      compileRule(
        { version: 1, root: { kind: 'group', op: 'and', children: [tier('gold'), condition] } },
        {
          sandboxId: large,
          now,
          catalog: { datasets: new Map([['purchases', purchases]]), audiences: new Map() },
        },
      ).sql;
    const staged = /^WITH candidates AS MATERIALIZED/;
    expect(compile({ kind: 'dataset', dataset: 'purchases', exists: true })).not.toMatch(staged);
    expect(compile({ kind: 'event', type: 'purchase' })).not.toMatch(staged);
    expect(
      compile({
        kind: 'dataset',
        dataset: 'purchases',
        exists: true,
        aggregate: { fn: 'sum', field: 'amount', comparison: 'gt', value: 500 },
      }),
    ).toMatch(staged);
    expect(
      compile({
        kind: 'event',
        type: 'purchase',
        count: { comparison: 'gte', value: 3 },
      }),
    ).toMatch(staged);
  });
});
