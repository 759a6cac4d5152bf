import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../http/testing.ts';
import type { Activity, Dimension, Targeting } from '../model.ts';
import { runActivityForTest, worktableRows } from '../testing/context.ts';
import { createTargetingFixture, type TargetingFixture } from '../targeting/testing.ts';

let t: TestApp;
let f: TargetingFixture;
beforeAll(async () => {
  t = await createTestApp();
  f = await createTargetingFixture(t);
});
afterAll(async () => t.close());

const build = (dimension: Dimension, targeting: Targeting): Activity => ({
  id: 'build',
  kind: 'buildAudience',
  label: 'Build audience',
  position: { x: 0, y: 0 },
  config: { dimension, targeting },
});

async function run(dimension: Dimension, targeting: Targeting) {
  const { outcome, logs } = await runActivityForTest(t.database.pool, {
    sandboxId: f.sandboxId,
    activity: build(dimension, targeting),
    now: t.clock.now(),
  });
  if (outcome.kind !== 'done') throw new Error(`unexpected outcome ${outcome.kind}`);
  const out = outcome.outputs.out ?? null;
  return { out, rows: await worktableRows(t.database.pool, out), logs };
}

const tier = (values: string[]) => ({
  kind: 'attribute',
  path: 'loyalty.tier',
  type: 'string',
  operator: 'in',
  values,
});
const boughtWithin = (days: number) => ({
  kind: 'dataset',
  dataset: 'purchases',
  exists: true,
  where: [{ field: 'ordered_at', type: 'date', operator: 'inLastDays', days }],
});
const profiles: Dimension = { kind: 'profiles' };
const purchases: Dimension = { kind: 'dataset', dataset: 'purchases' };

describe('build audience', () => {
  it('selects gold and silver loyalty members who bought in the last 90 days', async () => {
    const { out, rows, logs } = await run(profiles, {
      rule: {
        version: 1,
        root: { kind: 'group', op: 'and', children: [tier(['gold', 'silver']), boughtWithin(90)] },
      },
    });
    expect(out?.keys).toEqual(['profile_id']);
    expect(out?.columns).toEqual([{ name: 'profile_id', type: 'uuid' }]);
    expect(out?.count).toBe(3);
    expect(rows.map((r) => f.nameOf(r.profile_id)).sort()).toEqual(['ada', 'bob', 'eve']);
    expect(logs[0]?.sql).toContain(`'{loyalty,tier}'::text[]`);
    expect(logs.at(-1)?.message).toBe('3 rows selected');
  });

  it('feeds Enrichment: the total spend of each member, as the campaign scenario reads it', async () => {
    const { out } = await run(profiles, {
      rule: {
        version: 1,
        root: { kind: 'group', op: 'and', children: [tier(['gold', 'silver']), boughtWithin(90)] },
      },
    });
    const enriched = await runActivityForTest(t.database.pool, {
      sandboxId: f.sandboxId,
      activity: {
        id: 'spend',
        kind: 'enrichment',
        label: 'Total spend',
        position: { x: 0, y: 0 },
        config: {
          attributes: [{ name: 'tier', source: { kind: 'profile', path: 'loyalty.tier' } }],
          aggregates: [{ name: 'totalSpend', dataset: 'purchases', fn: 'sum', column: 'amount' }],
          collected: [],
        },
      },
      inputs: [{ from: 'build', worktable: out }],
    });
    if (enriched.outcome.kind !== 'done') throw new Error('enrichment did not finish');
    const rows = await worktableRows(t.database.pool, enriched.outcome.outputs.out);
    const spend = rows.map(
      (r) => `${f.nameOf(r.profile_id)} ${String(r.tier)} ${String(r.totalSpend)}`,
    );
    expect(spend.sort()).toEqual(['ada gold 304.00', 'bob silver 188.00', 'eve silver 109.70']);
  });

  it('selects every profile without targeting, and profiles linked to a dataset row', async () => {
    expect((await run(profiles, {})).out?.count).toBe(6);
    const carded = await run(profiles, { linked: [{ dataset: 'loyalty_cards', exists: true }] });
    expect(carded.rows.map((r) => f.nameOf(r.profile_id)).sort()).toEqual(['ada', 'cy']);
    const noPurchase = await run(profiles, { linked: [{ dataset: 'purchases', exists: false }] });
    expect(noPurchase.rows.map((r) => f.nameOf(r.profile_id))).toEqual(['fay']);
  });

  it('refuses column filters on profiles', async () => {
    await expect(
      run(profiles, { where: [{ field: 'email', type: 'string', operator: 'isNotEmpty' }] }),
    ).rejects.toMatchObject({ code: 'ACTIVITY_FAILED' });
  });

  it('selects dataset rows by their columns, linked rows and their profile', async () => {
    const recentGear = await run(purchases, {
      where: [
        { field: 'category', type: 'string', operator: 'equals', value: 'gear' },
        { field: 'ordered_at', type: 'date', operator: 'inLastDays', days: 90 },
      ],
    });
    expect(recentGear.out?.keys).toEqual(['order_id']);
    expect(recentGear.rows).toEqual([
      { order_id: 'O01' },
      { order_id: 'O04' },
      { order_id: 'O09' },
    ]);
    // The rule is matched by the buyer, found through the email identity (any case).
    const byGoldBuyers = await run(purchases, {
      rule: { version: 1, root: tier(['gold']) },
    });
    expect(byGoldBuyers.rows).toEqual([
      { order_id: 'O01' },
      { order_id: 'O02' },
      { order_id: 'O03' },
      { order_id: 'O06' },
    ]);
    const reviewedWell = await run(purchases, {
      linked: [
        {
          dataset: 'reviews',
          exists: true,
          where: [{ field: 'stars', type: 'number', operator: 'gte', value: 4 }],
        },
      ],
    });
    expect(reviewedWell.rows).toEqual([{ order_id: 'O01' }, { order_id: 'O04' }]);
    const reviewsOfGear = await run(
      { kind: 'dataset', dataset: 'reviews' },
      {
        linked: [
          {
            dataset: 'purchases',
            exists: true,
            where: [{ field: 'category', type: 'string', operator: 'equals', value: 'gear' }],
          },
        ],
      },
    );
    expect(reviewsOfGear.rows).toEqual([
      { review_id: 'R1' },
      { review_id: 'R2' },
      { review_id: 'R3' },
    ]);
    const orphanReviews = await run(
      { kind: 'dataset', dataset: 'reviews' },
      { linked: [{ dataset: 'purchases', exists: false }] },
    );
    expect(orphanReviews.rows).toEqual([{ review_id: 'R4' }]);
  });

  it('follows a profile-id link, ignoring values that are no profile', async () => {
    const cards = await run(
      { kind: 'dataset', dataset: 'loyalty_cards' },
      { rule: { version: 1, root: tier(['gold']) } },
    );
    expect(cards.rows).toEqual([{ card_no: 'C1' }, { card_no: 'C2' }]);
  });

  it('gives an empty worktable with the key columns when nothing matches', async () => {
    const none = await run(purchases, {
      where: [{ field: 'amount', type: 'number', operator: 'gt', value: 1000 }],
    });
    expect(none.out?.count).toBe(0);
    expect(none.out?.columns).toEqual([{ name: 'order_id', type: 'text' }]);
    expect(none.rows).toEqual([]);
    const nobody = await run(profiles, { rule: { version: 1, root: tier(['platinum']) } });
    expect(nobody.out?.columns).toEqual([{ name: 'profile_id', type: 'uuid' }]);
    expect(nobody.out?.count).toBe(0);
  });

  it('fails on a dataset that does not exist or is not linked', async () => {
    await expect(run({ kind: 'dataset', dataset: 'returns' }, {})).rejects.toMatchObject({
      code: 'ACTIVITY_FAILED',
      message: 'No dataset named "returns".',
    });
    await expect(
      run(
        { kind: 'dataset', dataset: 'reviews' },
        { linked: [{ dataset: 'loyalty_cards', exists: true }] },
      ),
    ).rejects.toMatchObject({
      code: 'ACTIVITY_FAILED',
      message: 'dataset reviews is not linked to dataset loyalty_cards.',
    });
  });
});
