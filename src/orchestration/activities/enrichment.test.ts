import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../http/testing.ts';
import type { Worktable } from '../engine/types.ts';
import type { ActivityConfig } from '../model.ts';
import { inputWorktable, runActivityForTest, worktableRows } from '../testing/context.ts';
import {
  createTargetingFixture,
  type Person,
  type TargetingFixture,
} from '../targeting/testing.ts';

let t: TestApp;
let f: TargetingFixture;
beforeAll(async () => {
  t = await createTestApp();
  f = await createTargetingFixture(t);
});
afterAll(async () => t.close());

type Config = ActivityConfig<'enrichment'>;
const empty: Config = { attributes: [], aggregates: [], collected: [] };

async function enrich(input: Worktable, config: Partial<Config>) {
  const { outcome } = await runActivityForTest(t.database.pool, {
    sandboxId: f.sandboxId,
    activity: {
      id: 'enrich',
      kind: 'enrichment',
      label: 'Enrichment',
      position: { x: 0, y: 0 },
      config: { ...empty, ...config },
    },
    inputs: [{ from: 'before', worktable: input }],
    now: t.clock.now(),
  });
  if (outcome.kind !== 'done') throw new Error(`unexpected outcome ${outcome.kind}`);
  const out = outcome.outputs.out ?? null;
  return { out, rows: await worktableRows(t.database.pool, out) };
}

const people = (names: Person[]) =>
  inputWorktable(t.database.pool, 'people', {
    dimension: { kind: 'profiles' },
    keys: ['profile_id'],
    select: `SELECT s.id::uuid AS profile_id, s.n::integer AS score FROM unnest($1::text[]) WITH ORDINALITY AS s(id, n)`,
    params: [names.map((n) => f.ids[n])],
  });
const byName = (rows: Record<string, unknown>[]) =>
  Object.fromEntries(rows.map(({ profile_id, ...rest }) => [f.nameOf(profile_id), rest]));

const spend: Config['aggregates'] = [
  { name: 'totalSpend', dataset: 'purchases', fn: 'sum', column: 'amount' },
  { name: 'orders', dataset: 'purchases', fn: 'count' },
  {
    name: 'recentOrders',
    dataset: 'purchases',
    fn: 'count',
    where: [{ field: 'ordered_at', type: 'date', operator: 'inLastDays', days: 90 }],
  },
  { name: 'firstOrder', dataset: 'purchases', fn: 'min', column: 'ordered_at' },
  { name: 'averageAmount', dataset: 'purchases', fn: 'avg', column: 'amount' },
  { name: 'mostItems', dataset: 'purchases', fn: 'max', column: 'quantity' },
];
const lastTwo: Config['collected'] = [
  {
    prefix: 'last',
    dataset: 'purchases',
    count: 2,
    orderBy: { column: 'ordered_at', direction: 'desc' },
    columns: ['product', 'amount'],
  },
];

describe('enrichment', () => {
  it('adds profile attributes, a linked 1-1 row, aggregates and the last purchases', async () => {
    const { out, rows } = await enrich(await people(['ada', 'bob', 'cy', 'fay']), {
      attributes: [
        { name: 'tier', source: { kind: 'profile', path: 'loyalty.tier' } },
        { name: 'card', source: { kind: 'dataset', dataset: 'loyalty_cards', column: 'card_no' } },
      ],
      aggregates: spend,
      collected: lastTwo,
    });
    expect(out?.columns).toEqual([
      { name: 'profile_id', type: 'uuid' },
      { name: 'score', type: 'integer' },
      { name: 'tier', type: 'text' },
      { name: 'card', type: 'text' },
      { name: 'totalSpend', type: 'numeric' },
      { name: 'orders', type: 'bigint' },
      { name: 'recentOrders', type: 'bigint' },
      { name: 'firstOrder', type: 'timestamp with time zone' },
      { name: 'averageAmount', type: 'numeric' },
      { name: 'mostItems', type: 'bigint' },
      { name: 'last_1_product', type: 'text' },
      { name: 'last_1_amount', type: 'numeric' },
      { name: 'last_2_product', type: 'text' },
      { name: 'last_2_amount', type: 'numeric' },
    ]);
    const at = (order: string) => new Date(f.orderedAt(order));
    expect(byName(rows)).toEqual({
      ada: {
        score: 1,
        tier: 'gold',
        card: 'C1',
        totalSpend: '304.00',
        orders: 3,
        recentOrders: 2,
        firstOrder: at('O02'),
        averageAmount: '101.3333333333333333',
        mostItems: 2,
        last_1_product: 'Headlamp',
        last_1_amount: '45.00',
        last_2_product: 'Yoga mat',
        last_2_amount: '70.00',
      },
      bob: {
        score: 2,
        tier: 'silver',
        card: null,
        totalSpend: '188.00',
        orders: 2,
        recentOrders: 1,
        firstOrder: at('O05'),
        averageAmount: '94.0000000000000000',
        mostItems: 2,
        last_1_product: 'Water bottle',
        last_1_amount: '39.00',
        last_2_product: 'Backpack 30L',
        last_2_amount: '149.00',
      },
      cy: {
        score: 3,
        tier: 'gold',
        card: 'C2',
        totalSpend: '129.00',
        orders: 1,
        recentOrders: 0,
        firstOrder: at('O06'),
        averageAmount: '129.0000000000000000',
        mostItems: 1,
        last_1_product: 'Trail running shoes',
        last_1_amount: '129.00',
        last_2_product: null,
        last_2_amount: null,
      },
      fay: {
        score: 4,
        tier: null,
        card: null,
        totalSpend: null,
        orders: 0,
        recentOrders: 0,
        firstOrder: null,
        averageAmount: null,
        mostItems: null,
        last_1_product: null,
        last_1_amount: null,
        last_2_product: null,
        last_2_amount: null,
      },
    });
  });

  it('enriches dataset rows through their links: buyer attributes, reviews, the reviewed order', async () => {
    const orders = await inputWorktable(t.database.pool, 'orders', {
      dimension: { kind: 'dataset', dataset: 'purchases' },
      keys: ['order_id'],
      select: `SELECT unnest(ARRAY['O01', 'O04', 'O09']) AS order_id`,
    });
    const { rows } = await enrich(orders, {
      attributes: [{ name: 'tier', source: { kind: 'profile', path: 'loyalty.tier' } }],
      aggregates: [
        { name: 'reviews', dataset: 'reviews', fn: 'count' },
        { name: 'bestStars', dataset: 'reviews', fn: 'max', column: 'stars' },
      ],
    });
    expect(rows).toEqual([
      { order_id: 'O01', tier: 'gold', reviews: 2, bestStars: 5 },
      { order_id: 'O04', tier: 'silver', reviews: 1, bestStars: 4 },
      { order_id: 'O09', tier: null, reviews: 0, bestStars: null },
    ]);
    const reviews = await inputWorktable(t.database.pool, 'reviews', {
      dimension: { kind: 'dataset', dataset: 'reviews' },
      keys: ['review_id'],
      select: `SELECT unnest(ARRAY['R1', 'R3', 'R4']) AS review_id`,
    });
    const products = await enrich(reviews, {
      attributes: [
        { name: 'product', source: { kind: 'dataset', dataset: 'purchases', column: 'product' } },
      ],
    });
    expect(products.rows).toEqual([
      { review_id: 'R1', product: 'Headlamp' },
      { review_id: 'R3', product: 'Water bottle' },
      { review_id: 'R4', product: null },
    ]);
  });

  it('keeps an empty input empty, with every new column', async () => {
    const { out, rows } = await enrich(await people([]), { aggregates: spend.slice(0, 2) });
    expect(rows).toEqual([]);
    expect(out?.columns.map((c) => c.name)).toEqual([
      'profile_id',
      'score',
      'totalSpend',
      'orders',
    ]);
  });

  it('refuses a column of a row that is not one per input row, and names already taken', async () => {
    const input = await people(['ada']);
    await expect(
      enrich(input, {
        attributes: [
          { name: 'product', source: { kind: 'dataset', dataset: 'purchases', column: 'product' } },
        ],
      }),
    ).rejects.toMatchObject({
      code: 'ACTIVITY_FAILED',
      message:
        'A row of profiles has several rows of dataset purchases: use an aggregate or collected rows.',
    });
    await expect(
      enrich(input, {
        aggregates: [
          { name: 'score', dataset: 'purchases', fn: 'count' },
          { name: 'total', dataset: 'purchases', fn: 'sum', column: 'product' },
        ],
      }),
    ).rejects.toMatchObject({ message: '"score" is already a column of the input.' });
    await expect(
      enrich(input, {
        aggregates: [{ name: 'total', dataset: 'purchases', fn: 'sum', column: 'product' }],
      }),
    ).rejects.toMatchObject({ message: 'total: sum needs a number column.' });
  });
});
