import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../http/testing.ts';
import type { Dimension, Targeting } from '../model.ts';
import { runActivityForTest, worktableRows } from '../testing/context.ts';
import { createTargetingFixture, type TargetingFixture } from '../targeting/testing.ts';

let t: TestApp;
let f: TargetingFixture;
beforeAll(async () => {
  t = await createTestApp();
  f = await createTargetingFixture(t);
});
afterAll(async () => t.close());

const DAY = 86_400_000;

async function run(
  campaignId: string,
  dimension: Dimension,
  targeting: Targeting,
  dateColumn: string,
) {
  const { outcome, logs } = await runActivityForTest(t.database.pool, {
    sandboxId: f.sandboxId,
    campaignId,
    activity: {
      id: 'recent',
      kind: 'incrementalQuery',
      label: 'New purchases',
      position: { x: 0, y: 0 },
      config: { dimension, targeting, dateColumn },
    },
    now: t.clock.now(),
  });
  if (outcome.kind !== 'done') throw new Error(`unexpected outcome ${outcome.kind}`);
  const out = outcome.outputs.out ?? null;
  return { out, state: outcome.state, rows: await worktableRows(t.database.pool, out), logs };
}

async function setWatermark(campaignId: string, at: Date) {
  await t.database.pool.query(
    `INSERT INTO orchestrated_watermarks (sandbox_id, campaign_id, activity_id, high_water, run_id, updated_at)
     VALUES ($1, $2, 'recent', $3, gen_random_uuid(), now())`,
    [f.sandboxId, campaignId, at],
  );
}

const purchases: Dimension = { kind: 'dataset', dataset: 'purchases' };

describe('incremental query', () => {
  it('reads every matching row on the first run and reports the latest date', async () => {
    const campaignId = crypto.randomUUID();
    const gear = {
      where: [
        { field: 'category', type: 'string' as const, operator: 'equals' as const, value: 'gear' },
      ],
    };
    const first = await run(campaignId, purchases, gear, 'ordered_at');
    expect(first.rows).toEqual([
      { order_id: 'O01' },
      { order_id: 'O04' },
      { order_id: 'O05' },
      { order_id: 'O09' },
    ]);
    expect(first.state).toEqual({ highWater: f.orderedAt('O09') });
    expect(first.logs[0]?.message).toBe(
      'Selecting dataset purchases: no earlier successful run, so every date',
    );
  });

  it('reads only rows after the watermark', async () => {
    const campaignId = crypto.randomUUID();
    const since = new Date(t.clock.now().getTime() - 15 * DAY);
    await setWatermark(campaignId, since);
    const next = await run(campaignId, purchases, {}, 'ordered_at');
    expect(next.rows).toEqual([
      { order_id: 'O01' },
      { order_id: 'O04' },
      { order_id: 'O07' },
      { order_id: 'O09' },
    ]);
    expect(next.state).toEqual({ highWater: f.orderedAt('O09') });
    expect(next.logs[0]?.message).toBe(
      `Selecting dataset purchases with ordered_at after ${since.toISOString()}`,
    );
    // A row exactly at the watermark was read by the run that set it.
    await t.database.pool.query(
      'UPDATE orchestrated_watermarks SET high_water = $2 WHERE campaign_id = $1',
      [campaignId, f.orderedAt('O09')],
    );
    const none = await run(campaignId, purchases, {}, 'ordered_at');
    expect(none.out?.count).toBe(0);
    expect(none.out?.columns).toEqual([{ name: 'order_id', type: 'text' }]);
    expect(none.state).toBeUndefined();
  });

  it('reads profiles by createdAt or updatedAt', async () => {
    const campaignId = crypto.randomUUID();
    const gold: Targeting = {
      rule: {
        version: 1,
        root: {
          kind: 'attribute',
          path: 'loyalty.tier',
          type: 'string',
          operator: 'equals',
          value: 'gold',
        },
      },
    };
    const first = await run(campaignId, { kind: 'profiles' }, gold, 'createdAt');
    expect(first.rows.map((r) => f.nameOf(r.profile_id)).sort()).toEqual(['ada', 'cy']);
    const created = await t.database.pool.query<{ high: Date }>(
      'SELECT max(created_at) AS high FROM profiles WHERE id = ANY($1::uuid[])',
      [[f.ids.ada, f.ids.cy]],
    );
    expect(first.state).toEqual({ highWater: created.rows[0]?.high.toISOString() });
    await setWatermark(campaignId, new Date(t.clock.now().getTime() + DAY));
    expect((await run(campaignId, { kind: 'profiles' }, gold, 'updatedAt')).out?.count).toBe(0);
  });

  it('refuses a column that holds no dates', async () => {
    await expect(run(crypto.randomUUID(), purchases, {}, 'product')).rejects.toMatchObject({
      code: 'ACTIVITY_FAILED',
      message: '"product" is not a date or timestamp column of dataset purchases.',
    });
    await expect(
      run(crypto.randomUUID(), { kind: 'profiles' }, {}, 'birthDate'),
    ).rejects.toMatchObject({
      message: 'Profiles are read by createdAt or updatedAt, not "birthDate".',
    });
  });
});
