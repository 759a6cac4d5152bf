// Sending in waves: eligible recipients, in profile-id order, split by percent or count (the last
// wave takes the rest); each wave's batches paced from its own start; the throttling window
// counting recipients in the order of their slots.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Configuration } from '../channels/model.ts';
import type { TimingPlan } from './model.ts';
import {
  bulkProfiles,
  emailProfile,
  mailboxConfiguration,
  plan,
  plannedRows,
  startPlanTest,
  tally,
  type PlanTest,
} from './plan-testing.ts';

let test: PlanTest;
let marketing: Configuration;
let eligible: string[];
let noConsent: string;
const start = new Date('2026-03-02T09:00:00Z');
const at = (minutes: number) => new Date(start.getTime() + minutes * 60_000);

beforeAll(async () => {
  test = await startPlanTest('2026-03-01T12:00:00Z');
  marketing = await mailboxConfiguration(test, 'Newsletter', 'marketing');
  eligible = (await bulkProfiles(test, 'wave', 10)).sort();
  const r = await test.t.app.inject({
    method: 'POST',
    url: '/profiles',
    headers: test.headers,
    payload: { identities: [{ namespace: 'email', value: 'no-consent@example.com' }] },
  });
  noConsent = r.json<{ id: string }>().id;
});
afterAll(async () => test.t.close());

/** Each eligible profile's wave start (ISO), in profile-id order. */
async function waveStarts(executionId: string): Promise<(string | null)[]> {
  const rows = await plannedRows(test, executionId);
  expect(rows.get(noConsent)).toMatchObject({ status: 'excluded', reason: 'EmailNoConsent' });
  return eligible.map((id) => rows.get(id)?.notBefore ?? null);
}

const iso = (minutes: number) => at(minutes).toISOString();

describe('waves', () => {
  it('by percent of the eligible recipients: 30 %, 30 %, the rest', async () => {
    const planned = await plan(test, marketing, {
      source: { profileIds: [...eligible, noConsent] },
      timing: {
        defaultZone: 'UTC',
        waves: [
          { at: at(0), share: { percent: 30 } },
          { at: at(60), share: { percent: 30 } },
          { at: at(120), share: { percent: 40 } },
        ],
      },
    });
    expect(planned).toMatchObject({ recipients: 11, queued: 10, excluded: 1, batches: 3 });
    expect(await waveStarts(planned.id)).toEqual([
      ...Array<string>(3).fill(iso(0)),
      ...Array<string>(3).fill(iso(60)),
      ...Array<string>(4).fill(iso(120)),
    ]);
  });

  it('by count: 2, then 5, and the last wave takes whoever is left', async () => {
    const planned = await plan(test, marketing, {
      source: { profileIds: [...eligible, noConsent] },
      timing: {
        defaultZone: 'UTC',
        waves: [
          { at: at(0), share: { count: 2 } },
          { at: at(30), share: { count: 5 } },
          { at: at(90), share: { count: 1 } },
        ],
      },
    });
    expect(await waveStarts(planned.id)).toEqual([
      ...Array<string>(2).fill(iso(0)),
      ...Array<string>(5).fill(iso(30)),
      ...Array<string>(3).fill(iso(90)),
    ]);
  });

  it('paces each wave’s batches from its own start, with batch numbers unique in the execution', async () => {
    const planned = await plan(test, marketing, {
      source: { profileIds: eligible },
      batchSize: 2,
      ratePerSecond: 1,
      timing: {
        defaultZone: 'UTC',
        waves: [
          { at: at(0), share: { percent: 50 } },
          { at: at(60), share: { percent: 50 } },
        ],
      },
    });
    expect(planned.batches).toBe(6);
    const batches = await test.t.database.pool.query<{ batch_no: number; not_before: Date }>(
      'SELECT batch_no, not_before FROM execution_batches WHERE execution_id = $1 ORDER BY batch_no',
      [planned.id],
    );
    // 5 per wave in batches of 2 at 1 message/s: 0 s, 2 s, 4 s after each wave's start.
    const seconds = (minutes: number, offset: number) =>
      new Date(at(minutes).getTime() + offset * 1000).toISOString();
    expect(batches.rows.map((b) => [b.batch_no, b.not_before.toISOString()])).toEqual([
      [0, seconds(0, 0)],
      [1, seconds(0, 2)],
      [2, seconds(0, 4)],
      [3, seconds(60, 0)],
      [4, seconds(60, 2)],
      [5, seconds(60, 4)],
    ]);
    const rows = [...(await plannedRows(test, planned.id)).values()];
    expect(tally(rows, (r) => String(r.batchNo))).toEqual({ 0: 2, 1: 2, 2: 1, 3: 2, 4: 2, 5: 1 });
  });

  it('puts every eligible recipient in exactly one wave, sized as asked', async () => {
    const share = fc.oneof(
      fc.integer({ min: 0, max: 100 }).map((percent) => ({ percent })),
      fc.integer({ min: 0, max: 12 }).map((count) => ({ count })),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(share, { minLength: 1, maxLength: 5 }),
        fc.integer({ min: 0, max: 10 }),
        async (shares, size) => {
          const recipients = eligible.slice(0, size);
          const waves: NonNullable<TimingPlan['waves']> = shares.map((s, i) => ({
            at: at(i * 30),
            share: s,
          }));
          const planned = await plan(test, marketing, {
            source: { profileIds: [...recipients, noConsent] },
            timing: { defaultZone: 'UTC', waves },
          });
          const rows = await plannedRows(test, planned.id);
          const starts = recipients.map((id) => rows.get(id)?.notBefore);
          // Wave sizes of the request, against the eligible count; the last takes the rest.
          const expected: string[] = [];
          for (const [i, s] of shares.entries()) {
            const wanted =
              i === shares.length - 1
                ? size
                : 'percent' in s
                  ? Math.floor((size * s.percent) / 100)
                  : s.count;
            const n = Math.min(wanted, size - expected.length);
            expected.push(...Array<string>(n).fill(iso(i * 30)));
          }
          expect(planned.queued).toBe(size);
          expect(starts).toEqual(expected);
        },
      ),
      { numRuns: 15 },
    );
  });
});

describe('the throttling window of a timed send', () => {
  it('counts recipients in the order of their slots, whichever wave comes first', async () => {
    // At 1 message/s the window holds 43,200: the second wave starts first, so the first wave
    // loses the recipients past the window.
    const many = (await bulkProfiles(test, 'window', 43_205)).sort();
    const early = await emailProfile(test, 'early@example.com');
    const planned = await plan(test, marketing, {
      source: { profileIds: [...many, early] },
      ratePerSecond: 1,
      batchSize: 5000,
      timing: {
        defaultZone: 'UTC',
        waves: [
          { at: at(60), share: { count: 43_205 } },
          { at: at(0), share: { count: 1 } },
        ],
      },
    });
    expect(planned).toMatchObject({ recipients: 43_206, queued: 43_200, excluded: 6 });
    const rows = await plannedRows(test, planned.id);
    // `early` sorts somewhere among the others; whoever is last by id rides the early wave.
    const byId = [...many, early].sort();
    const earlyRider = byId.at(-1)!;
    expect(rows.get(earlyRider)).toMatchObject({ status: 'queued', notBefore: iso(0) });
    const excluded = byId.slice(-7, -1);
    for (const id of excluded)
      expect(rows.get(id)).toMatchObject({
        status: 'excluded',
        reason: 'ThrottlingWindowExceeded',
      });
    const batches = await test.t.database.pool.query<{ n: number; distinct: number }>(
      'SELECT count(*)::int AS n, count(DISTINCT batch_no)::int AS distinct FROM execution_batches WHERE execution_id = $1',
      [planned.id],
    );
    expect(batches.rows[0]).toEqual({ n: planned.batches, distinct: planned.batches });
    // 1 batch for the early wave, then 43,199 in batches of 5,000: 9 more.
    expect(planned.batches).toBe(10);
  });
});
