import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Worktable } from '../engine/types.ts';
import type { ActivityConfig, SplitSubset } from '../model.ts';
import { runActivityForTest, worktableRows } from '../testing/context.ts';
import {
  activityOf,
  openPopulationTest,
  populationOf,
  type PopulationTest,
} from './population.testing.ts';

let t: PopulationTest;
let customers: Worktable;
const campaignId = '00000000-0000-4000-8000-000000000002';

beforeAll(async () => {
  t = await openPopulationTest();
  customers = await populationOf(t.pool, 'customers', {
    columns: { id: 'integer', tier: 'text', spend: 'numeric' },
    rows: [
      [1, 'gold', 100],
      [2, 'gold', 300],
      [3, 'silver', 50],
      [4, 'silver', 70],
      [5, 'bronze', 10],
      [6, 'gold', 200],
      [7, null, 0],
    ],
  });
});
afterAll(() => t.close());

async function split(config: ActivityConfig<'split'>) {
  const run = await runActivityForTest(t.pool, {
    sandboxId: t.sandboxId,
    campaignId,
    activity: activityOf('split', config),
    inputs: [{ from: 'customers', worktable: customers }],
  });
  const { outcome } = run;
  if (outcome.kind !== 'done' && outcome.kind !== 'branch') throw new Error(outcome.kind);
  const ids: Record<string, unknown[]> = {};
  for (const [port, worktable] of Object.entries(outcome.outputs)) {
    ids[port] = (await worktableRows(t.pool, worktable)).map((row) => row.id);
    expect(worktable?.count).toBe(ids[port].length);
  }
  return { ids, skipped: outcome.kind === 'branch' ? outcome.skipped : [], logs: run.logs };
}

const tierIs = (value: string) => ({
  where: [{ field: 'tier', type: 'string' as const, operator: 'equals' as const, value }],
});
const spendAtLeast = (value: number) => ({
  where: [{ field: 'spend', type: 'number' as const, operator: 'gte' as const, value }],
});
const subset = (key: string, rest: Partial<SplitSubset> = {}): SplitSubset => ({
  key,
  label: key,
  ...rest,
});

describe('split', () => {
  it('fills ordered subsets; rows cut by a limit go to the complement', async () => {
    const result = await split({
      subsets: [
        subset('gold', {
          filter: tierIs('gold'),
          limit: { count: 2, orderBy: { column: 'spend', direction: 'desc' } },
        }),
        subset('silver', { filter: tierIs('silver') }),
      ],
      overlap: false,
      complement: true,
    });
    expect(result.ids).toEqual({ gold: [2, 6], silver: [3, 4], complement: [1, 5, 7] });
    expect(result.skipped).toEqual([]);
    const rows = await worktableRows(t.pool, customers);
    expect(rows[1]).toEqual({ id: 2, tier: 'gold', spend: '300' });
  });

  it('with overlap, draws every subset from all rows; percent limits count matched rows', async () => {
    const config: ActivityConfig<'split'> = {
      subsets: [
        subset('a', {
          filter: spendAtLeast(50),
          limit: { percent: 40, orderBy: { column: 'spend', direction: 'asc' } },
        }),
        subset('b', { filter: tierIs('gold'), skipEmpty: true }),
      ],
      overlap: true,
      complement: true,
    };
    const overlapping = await split(config);
    expect(overlapping.ids).toEqual({ a: [3, 4], b: [1, 2, 6], complement: [5, 7] });
    expect(overlapping.skipped).toEqual([]);

    const exclusive = await split({ ...config, overlap: false });
    expect(exclusive.ids).toEqual({ a: [3, 4], b: [], complement: [1, 2, 5, 6, 7] });
    expect(exclusive.skipped).toEqual(['b']);
  });

  it('takes a reproducible random sample without an order, capped by count and percent', async () => {
    const rank = (id: number) => createHash('md5').update(`${campaignId}:1:${id}`).digest('hex');
    const all = [1, 2, 3, 4, 5, 6, 7];
    const expected = [...all].sort((x, y) => (rank(x) < rank(y) ? -1 : 1)).slice(0, 3);
    const result = await split({
      subsets: [subset('sample', { limit: { count: 3, percent: 50 } })],
      overlap: false,
      complement: false,
    });
    expect(result.ids).toEqual({ sample: expected.sort() });
  });

  it("filters profiles by an audience rule and the population's own columns together", async () => {
    const ids: string[] = [];
    for (const tier of ['gold', 'silver', 'gold']) {
      const created = await t.pool.query<{ id: string }>(
        `INSERT INTO profiles (sandbox_id, attributes) VALUES ($1, $2) RETURNING id`,
        [t.sandboxId, { loyalty: { tier } }],
      );
      ids.push(created.rows[0]!.id);
    }
    const profiles = await populationOf(t.pool, 'profiles', {
      dimension: { kind: 'profiles' },
      keys: ['profile_id'],
      columns: { profile_id: 'uuid', spend: 'numeric' },
      rows: ids.map((id, i) => [id, [50, 500, 150][i]]),
    });
    const rule = {
      version: 1 as const,
      root: {
        kind: 'attribute' as const,
        path: 'loyalty.tier',
        type: 'string' as const,
        operator: 'equals' as const,
        value: 'gold',
      },
    };
    const { outcome } = await runActivityForTest(t.pool, {
      sandboxId: t.sandboxId,
      activity: activityOf('split', {
        subsets: [
          subset('richGold', { filter: { rule, ...spendAtLeast(100) } }),
          subset('gold', { filter: { rule } }),
        ],
        overlap: false,
        complement: true,
      }),
      inputs: [{ from: 'profiles', worktable: profiles }],
    });
    if (outcome.kind !== 'done') throw new Error(outcome.kind);
    const port = async (key: string) =>
      (await worktableRows(t.pool, outcome.outputs[key])).map((r) => r.profile_id);
    expect(await port('richGold')).toEqual([ids[2]]);
    expect(await port('gold')).toEqual([ids[0]]);
    expect(await port('complement')).toEqual([ids[1]]);
  });

  it('fails on a filter over a column the population lacks', async () => {
    await expect(
      split({
        subsets: [
          subset('x', { filter: { where: [{ ...tierIs('a').where[0]!, field: 'nope' }] } }),
        ],
        overlap: false,
        complement: false,
      }),
    ).rejects.toMatchObject({ code: 'ACTIVITY_FAILED' });
  });
});
