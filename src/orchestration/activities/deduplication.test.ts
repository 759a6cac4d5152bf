import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Worktable } from '../engine/types.ts';
import type { ActivityConfig } from '../model.ts';
import { runActivityForTest, worktableRows } from '../testing/context.ts';
import {
  activityOf,
  openPopulationTest,
  populationOf,
  type PopulationTest,
} from './population.testing.ts';

let t: PopulationTest;
let people: Worktable;
const campaignId = '00000000-0000-4000-8000-000000000001';

beforeAll(async () => {
  t = await openPopulationTest();
  people = await populationOf(t.pool, 'people', {
    columns: { id: 'integer', email: 'text', score: 'numeric', phone: 'text', tier: 'text' },
    rows: [
      [1, 'a@x', 10, '', 'gold'],
      [2, 'a@x', 30, '555', 'silver'],
      [3, 'a@x', 20, null, 'bronze'],
      [4, 'b@x', 5, '777', null],
      [5, 'b@x', null, '', 'gold'],
      [6, null, 1, null, 'silver'],
      [7, null, 2, '1', 'gold'],
    ],
  });
});
afterAll(() => t.close());

async function dedup(config: Omit<ActivityConfig<'deduplication'>, 'duplicatesOutput'>) {
  const run = await runActivityForTest(t.pool, {
    sandboxId: t.sandboxId,
    campaignId,
    activity: activityOf('deduplication', { ...config, duplicatesOutput: true }),
    inputs: [{ from: 'people', worktable: people }],
  });
  if (run.outcome.kind !== 'done') throw new Error(`unexpected ${run.outcome.kind}`);
  const { out, duplicates } = run.outcome.outputs;
  const ids = async (w: Worktable | null | undefined) =>
    (await worktableRows(t.pool, w)).map((row) => row.id);
  return {
    out: await ids(out),
    duplicates: await ids(duplicates),
    counts: [out?.count, duplicates?.count],
  };
}

describe('deduplication', () => {
  it('keeps the highest value per group; NULL values come last and NULL keys group', async () => {
    const result = await dedup({
      columns: ['email'],
      keep: 1,
      method: { kind: 'expression', column: 'score', keep: 'highest' },
    });
    expect(result).toEqual({ out: [2, 4, 7], duplicates: [1, 3, 5, 6], counts: [3, 4] });
  });

  it('keeps the two lowest per group', async () => {
    const result = await dedup({
      columns: ['email'],
      keep: 2,
      method: { kind: 'expression', column: 'score', keep: 'lowest' },
    });
    expect(result).toEqual({ out: [1, 3, 4, 5, 6, 7], duplicates: [2], counts: [6, 1] });
  });

  it('prefers rows where a column is not empty', async () => {
    const result = await dedup({
      columns: ['email'],
      keep: 1,
      method: { kind: 'nonEmpty', column: 'phone' },
    });
    expect(result.out).toEqual([2, 4, 7]);
  });

  it('prefers values in the order of a priority list, others last', async () => {
    const result = await dedup({
      columns: ['email'],
      keep: 1,
      method: { kind: 'priority', column: 'tier', values: ['silver', 'gold'] },
    });
    expect(result.out).toEqual([2, 5, 6]);
    const byScore = await dedup({
      columns: ['email'],
      keep: 1,
      method: { kind: 'priority', column: 'score', values: [20, 5, 1] },
    });
    expect(byScore.out).toEqual([3, 4, 6]);
  });

  it('draws a reproducible random row per group from the run and the keys', async () => {
    const rank = (id: number) => createHash('md5').update(`${campaignId}:1:${id}`).digest('hex');
    const groups = [
      [1, 2, 3],
      [4, 5],
      [6, 7],
    ];
    const expected = groups.map((ids) => [...ids].sort((x, y) => (rank(x) < rank(y) ? -1 : 1))[0]);
    const result = await dedup({ columns: ['email'], keep: 1, method: { kind: 'random' } });
    expect(result.out).toEqual(expected.sort());
    expect(result.counts).toEqual([3, 4]);
  });

  it('groups by several columns and keeps the other columns', async () => {
    const run = await runActivityForTest(t.pool, {
      sandboxId: t.sandboxId,
      activity: activityOf('deduplication', {
        columns: ['email', 'tier'],
        keep: 1,
        method: { kind: 'expression', column: 'id', keep: 'lowest' },
        duplicatesOutput: false,
      }),
      inputs: [{ from: 'people', worktable: people }],
    });
    if (run.outcome.kind !== 'done') throw new Error('not done');
    expect(Object.keys(run.outcome.outputs)).toEqual(['out']);
    const rows = await worktableRows(t.pool, run.outcome.outputs.out);
    expect(rows).toHaveLength(7);
    expect(rows[0]).toEqual({ id: 1, email: 'a@x', score: '10', phone: '', tier: 'gold' });
  });

  it('fails on a missing column or a priority value of the wrong type', async () => {
    await expect(dedup({ columns: ['nope'], keep: 1, method: { kind: 'random' } })).rejects.toThrow(
      'no column nope',
    );
    await expect(
      dedup({
        columns: ['email'],
        keep: 1,
        method: { kind: 'priority', column: 'score', values: ['high'] },
      }),
    ).rejects.toMatchObject({ code: 'ACTIVITY_FAILED' });
  });
});
