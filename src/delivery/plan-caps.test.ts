// Frequency caps (business rules) at planning: a profile's marketing messages on the cap's
// channels since its start count, whatever their execution; transactional sends are never capped.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Configuration } from '../channels/model.ts';
import type { FrequencyCap } from './model.ts';
import {
  emailProfile,
  mailboxConfiguration,
  plan,
  plannedRows,
  startPlanTest,
  type PlanTest,
} from './plan-testing.ts';

let test: PlanTest;
let marketing: Configuration;
let receipts: Configuration;
const NAMES = ['twice', 'alsoTwice', 'receiptsOnly', 'onceToday', 'optedOut'] as const;
const people = {} as Record<(typeof NAMES)[number], string>;
const DAY = 86_400_000;

beforeAll(async () => {
  test = await startPlanTest('2026-06-10T12:00:00Z');
  marketing = await mailboxConfiguration(test, 'Newsletter', 'marketing');
  receipts = await mailboxConfiguration(test, 'Receipts', 'transactional');
  for (const name of NAMES) people[name] = await emailProfile(test, `${name}@example.com`);
  await test.t.database.pool.query(
    "UPDATE profile_consent SET status = 'n' WHERE profile_id = $1 AND channel = 'email'",
    [people.optedOut],
  );
  const now = test.clock.now();
  const twoDaysAgo = new Date(now.getTime() - 2 * DAY);
  // Two marketing emails today to two profiles, one today and one two days ago to another.
  for (const hoursAgo of [5, 2])
    await plan(
      test,
      marketing,
      { source: { profileIds: [people.twice, people.alsoTwice, people.optedOut] } },
      new Date(now.getTime() - hoursAgo * 3_600_000),
    );
  await plan(test, marketing, { source: { profileIds: [people.onceToday] } }, twoDaysAgo);
  await plan(test, marketing, { source: { profileIds: [people.onceToday] } }, now);
  // Receipts do not count towards marketing caps.
  for (let i = 0; i < 3; i++)
    await plan(test, receipts, { source: { profileIds: [people.receiptsOnly] } });
});
afterAll(async () => test.t.close());

const twoADay = (): FrequencyCap => ({
  count: 2,
  since: new Date(test.clock.now().getTime() - DAY),
  channels: ['email'],
});

async function outcomes(executionId: string) {
  const rows = await plannedRows(test, executionId);
  return Object.fromEntries(
    Object.entries(people).map(([key, id]) => {
      const row = rows.get(id);
      return [key, row?.status === 'queued' ? 'queued' : row?.reason];
    }),
  );
}

describe('frequency caps', () => {
  it('exclude exactly the profiles that already had two marketing emails today', async () => {
    const planned = await plan(test, marketing, {
      source: { profileIds: Object.values(people) },
      frequencyCaps: [twoADay()],
    });
    expect(await outcomes(planned.id)).toEqual({
      twice: 'ExcludedForControlRules',
      alsoTwice: 'ExcludedForControlRules',
      receiptsOnly: 'queued',
      onceToday: 'queued',
      // Consent comes first in the pipeline.
      optedOut: 'EmailNoConsent',
    });
  });

  it('the lowest cap wins, and a cap counts only its own channels', async () => {
    const generous: FrequencyCap = { ...twoADay(), count: 5 };
    const lowest = await plan(test, marketing, {
      source: { profileIds: Object.values(people) },
      frequencyCaps: [generous, twoADay()],
    });
    expect((await outcomes(lowest.id)).twice).toBe('ExcludedForControlRules');
    const smsOnly = await plan(test, marketing, {
      source: { profileIds: [people.twice] },
      frequencyCaps: [{ ...twoADay(), channels: ['sms'] }],
    });
    expect((await outcomes(smsOnly.id)).twice).toBe('queued');
  });

  it('count only messages on their way or delivered, not failed or excluded ones', async () => {
    // One of alsoTwice's two emails failed; the capped plans above excluded theirs.
    await test.t.database.pool.query(
      `UPDATE messages SET status = 'failed' WHERE ctid = (
         SELECT ctid FROM messages WHERE profile_id = $1 AND status = 'queued' LIMIT 1)`,
      [people.alsoTwice],
    );
    const planned = await plan(test, marketing, {
      source: { profileIds: [people.twice, people.alsoTwice] },
      frequencyCaps: [twoADay()],
    });
    expect(await outcomes(planned.id)).toMatchObject({
      twice: 'ExcludedForControlRules',
      alsoTwice: 'queued',
    });
  });

  it('never cap transactional sends', async () => {
    const planned = await plan(test, receipts, {
      source: { profileIds: Object.values(people) },
      frequencyCaps: [twoADay()],
    });
    expect(await outcomes(planned.id)).toEqual({
      twice: 'queued',
      alsoTwice: 'queued',
      receiptsOnly: 'queued',
      onceToday: 'queued',
      optedOut: 'queued',
    });
  });
});
