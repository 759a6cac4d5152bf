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
let a: Worktable;
let b: Worktable;

beforeAll(async () => {
  t = await openPopulationTest();
  a = await populationOf(t.pool, 'a', {
    columns: { id: 'integer', name: 'text' },
    rows: [
      [1, 'one'],
      [2, 'two'],
      [3, 'three-a'],
    ],
  });
  b = await populationOf(t.pool, 'b', {
    columns: { id: 'integer', name: 'text', score: 'numeric' },
    rows: [
      [3, 'three-b', 30],
      [4, 'four', 40],
    ],
  });
});
afterAll(() => t.close());

async function combine(config: ActivityConfig<'combine'>, inputs = [a, b]) {
  const run = await runActivityForTest(t.pool, {
    sandboxId: t.sandboxId,
    activity: activityOf('combine', config),
    inputs: inputs.map((worktable, i) => ({ from: i === 0 ? 'a' : 'b', worktable })),
  });
  if (run.outcome.kind !== 'done') throw new Error(`unexpected ${run.outcome.kind}`);
  const { out, complement } = run.outcome.outputs;
  return {
    out: await worktableRows(t.pool, out),
    complement: await worktableRows(t.pool, complement),
    counts: [out?.count, complement?.count],
  };
}

describe('combine', () => {
  it('unions keys only, with an empty complement', async () => {
    const result = await combine({ operation: 'union', columns: 'keys', complement: true });
    expect(result.out).toEqual([{ id: 1 }, { id: 2 }, { id: 3 }, { id: 4 }]);
    expect(result.complement).toEqual([]);
    expect(result.counts).toEqual([4, 0]);
  });

  it('takes each kept column from the first input that has the column and the row', async () => {
    const result = await combine({
      operation: 'union',
      columns: ['name', 'score'],
      complement: false,
    });
    expect(result.out).toEqual([
      { id: 1, name: 'one', score: null },
      { id: 2, name: 'two', score: null },
      { id: 3, name: 'three-a', score: '30' },
      { id: 4, name: 'four', score: '40' },
    ]);
    expect(result.counts).toEqual([4, undefined]);
  });

  it('intersects, with the rows in only some inputs as complement', async () => {
    const result = await combine({
      operation: 'intersection',
      columns: ['score', 'name'],
      complement: true,
    });
    expect(result.out).toEqual([{ id: 3, score: '30', name: 'three-a' }]);
    expect(result.complement).toEqual([
      { id: 1, score: null, name: 'one' },
      { id: 2, score: null, name: 'two' },
      { id: 4, score: '40', name: 'four' },
    ]);
    expect(result.counts).toEqual([1, 3]);
  });

  it('excludes the other inputs from the primary one', async () => {
    const result = await combine({
      operation: 'exclusion',
      primary: 'b',
      columns: ['name'],
      complement: true,
    });
    expect(result.out).toEqual([{ id: 4, name: 'four' }]);
    // The complement prefers the primary's values: row 3 is b's.
    expect(result.complement).toEqual([
      { id: 1, name: 'one' },
      { id: 2, name: 'two' },
      { id: 3, name: 'three-b' },
    ]);
  });

  it('excludes with the first input as primary when none is named', async () => {
    const result = await combine({ operation: 'exclusion', columns: 'keys', complement: false });
    expect(result.out).toEqual([{ id: 1 }, { id: 2 }]);
  });

  it('fails on populations of different dimensions, or a column the primary lacks', async () => {
    const profiles = await populationOf(t.pool, 'p', {
      dimension: { kind: 'profiles' },
      keys: ['profile_id'],
      columns: { profile_id: 'uuid' },
      rows: [[crypto.randomUUID()]],
    });
    await expect(
      combine({ operation: 'union', columns: 'keys', complement: false }, [a, profiles]),
    ).rejects.toMatchObject({ code: 'ACTIVITY_FAILED' });
    await expect(
      combine({ operation: 'exclusion', primary: 'a', columns: ['score'], complement: false }),
    ).rejects.toThrow('No input population has the column score');
    await expect(
      combine({ operation: 'exclusion', primary: 'zz', columns: 'keys', complement: false }),
    ).rejects.toThrow('not an input');
  });
});
