import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../http/testing.ts';
import type { Worktable } from '../engine/types.ts';
import type { Dimension } from '../model.ts';
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

async function change(input: Worktable | null, to: Dimension, keepDuplicates?: boolean) {
  const { outcome, logs } = await runActivityForTest(t.database.pool, {
    sandboxId: f.sandboxId,
    activity: {
      id: 'change',
      kind: 'changeDimension',
      label: 'Change dimension',
      position: { x: 0, y: 0 },
      config: { to, ...(keepDuplicates === undefined ? {} : { keepDuplicates }) },
    },
    inputs: [{ from: 'before', worktable: input }],
    now: t.clock.now(),
  });
  if (outcome.kind !== 'done') throw new Error(`unexpected outcome ${outcome.kind}`);
  const out = outcome.outputs.out ?? null;
  return { out, rows: await worktableRows(t.database.pool, out), logs };
}

/** Profiles with a score each. */
const scoredProfiles = (scores: Partial<Record<Person, number>>) =>
  inputWorktable(t.database.pool, 'people', {
    dimension: { kind: 'profiles' },
    keys: ['profile_id'],
    select: `SELECT s.id::uuid AS profile_id, s.score::integer AS score FROM unnest($1::text[], $2::integer[]) AS s(id, score)`,
    params: [Object.keys(scores).map((p) => f.ids[p as Person]), Object.values(scores)],
  });
/** Rows of a dataset keyed by one text column, with a note each. */
const notedRows = (dataset: string, key: string, notes: Record<string, string>) =>
  inputWorktable(t.database.pool, dataset, {
    dimension: { kind: 'dataset', dataset },
    keys: [key],
    select: `SELECT s.k AS "${key}", s.note FROM unnest($1::text[], $2::text[]) AS s(k, note)`,
    params: [Object.keys(notes), Object.values(notes)],
  });
const purchases: Dimension = { kind: 'dataset', dataset: 'purchases' };

describe('change dimension', () => {
  it("goes from profiles to their purchases, each carrying its buyer's columns", async () => {
    const { out, rows, logs } = await change(
      await scoredProfiles({ ada: 3, bob: 2, fay: 1 }),
      purchases,
    );
    expect(out?.dimension).toEqual(purchases);
    expect(out?.columns).toEqual([
      { name: 'order_id', type: 'text' },
      { name: 'score', type: 'integer' },
    ]);
    expect(rows).toEqual([
      { order_id: 'O01', score: 3 },
      { order_id: 'O02', score: 3 },
      { order_id: 'O03', score: 3 },
      { order_id: 'O04', score: 2 },
      { order_id: 'O05', score: 2 },
    ]);
    expect(logs.at(-1)?.message).toBe('5 rows of dataset purchases');
  });

  it('goes from purchases to their buyers once each, leaving per-purchase columns out', async () => {
    const input = await notedRows('purchases', 'order_id', {
      O01: 'a',
      O02: 'b',
      O04: 'c',
      O09: 'ghost',
    });
    const { out, rows, logs } = await change(input, { kind: 'profiles' });
    expect(out?.columns).toEqual([{ name: 'profile_id', type: 'uuid' }]);
    expect(rows.map((r) => f.nameOf(r.profile_id)).sort()).toEqual(['ada', 'bob']);
    expect(logs[0]?.message).toBe(
      'Columns left out: note (a row of profiles may stand for several input rows; keep duplicates to carry them)',
    );
    const kept = await change(input, { kind: 'profiles' }, true);
    const named = kept.rows.map((r) => `${f.nameOf(r.profile_id)}:${String(r.note)}`);
    expect(named.sort()).toEqual(['ada:a', 'ada:b', 'bob:c']);
  });

  it('follows a profile-id link and links between datasets both ways', async () => {
    const cards = await notedRows('loyalty_cards', 'card_no', { C1: 'x', C2: 'y', C3: 'z' });
    const holders = await change(cards, { kind: 'profiles' });
    expect(holders.rows.map((r) => f.nameOf(r.profile_id)).sort()).toEqual(['ada', 'cy']);
    const reviews = await notedRows('reviews', 'review_id', { R1: 'good', R2: 'fine', R4: 'lost' });
    const reviewed = await change(reviews, purchases);
    expect(reviewed.rows).toEqual([{ order_id: 'O01' }]);
    const orders = await notedRows('purchases', 'order_id', {
      O01: 'one',
      O04: 'four',
      O05: 'five',
    });
    const theirReviews = await change(orders, { kind: 'dataset', dataset: 'reviews' });
    expect(theirReviews.rows).toEqual([
      { review_id: 'R1', note: 'one' },
      { review_id: 'R2', note: 'one' },
      { review_id: 'R3', note: 'four' },
    ]);
  });

  it('gives an empty worktable with the target keys for an empty input', async () => {
    const { out, rows } = await change(await scoredProfiles({}), purchases);
    expect(out?.count).toBe(0);
    expect(rows).toEqual([]);
    expect(out?.columns).toEqual([
      { name: 'order_id', type: 'text' },
      { name: 'score', type: 'integer' },
    ]);
  });

  it('refuses dimensions that are not linked, and a missing input', async () => {
    const cards = await notedRows('loyalty_cards', 'card_no', { C1: 'x' });
    await expect(change(cards, purchases)).rejects.toMatchObject({
      code: 'ACTIVITY_FAILED',
      message: 'dataset loyalty_cards is not linked to dataset purchases.',
    });
    await expect(change(null, purchases)).rejects.toMatchObject({
      message: 'Change dimension needs an incoming population.',
    });
  });
});
