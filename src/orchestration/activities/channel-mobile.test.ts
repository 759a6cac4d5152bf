// SMS and Push activities on real PostgreSQL: the population's columns rendered as target.* per
// recipient into the local mailbox's captures, with the pipeline's exclusions and their reasons.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../http/testing.ts';
import {
  deliverDueBatches,
  executionMessages,
  loyaltyShoppers,
  mailbox,
  mailboxConfiguration,
  PUSH_APP,
  type Headers,
} from '../channels/testing.ts';
import type { Worktable } from '../engine/types.ts';
import { runActivityForTest } from '../testing/context.ts';
import { activity } from '../testing/workflows.ts';

let t: TestApp;
let h: Headers;
let sandboxId: string;
let ids: Record<string, string>;
let population: Worktable;

beforeAll(async () => {
  t = await createTestApp();
  h = await t.keyHeaders('campaignAdministrator');
  sandboxId = (
    await t.database.pool.query<{ id: string }>("SELECT id FROM sandboxes WHERE name = 'prod'")
  ).rows[0]!.id;
  ({ ids, population } = await loyaltyShoppers(t, h));
});
afterAll(async () => {
  await t.close();
});

async function plannedExecution(run: Awaited<ReturnType<typeof runActivityForTest>>) {
  if (run.outcome.kind !== 'done') throw new Error(`not done: ${run.outcome.kind}`);
  return run.outcome.state ?? {};
}

describe('SMS activity', () => {
  it('texts each consenting recipient with its worktable columns', async () => {
    const config = await mailboxConfiguration(t, h, 'sms', 'Loyalty texts');
    const state = await plannedExecution(
      await runActivityForTest(t.database.pool, {
        sandboxId,
        activity: activity('silver', 'sms', {
          configurationId: config.id,
          category: 'marketing',
          confirmSending: false,
          content: { body: '{{profile.name}} ({{target.tier}}): {{target.totalSpend}} spent' },
        }),
        inputs: [{ from: 'split', worktable: population }],
        oneShot: false,
        now: t.clock.now(),
      }),
    );
    expect(state).toMatchObject({ recipients: 4, queued: 3, excluded: 1 });
    expect(await executionMessages(t, ids, String(state.executionId))).toEqual([
      'Ada queued',
      'Bob queued',
      'Cy queued',
      'Dan excluded SMSNoConsent',
    ]);
    await deliverDueBatches(t);
    expect(await mailbox(t, h, 'sms')).toEqual([
      '+442079460001 |  | Ada (gold): 120.5 spent',
      '+442079460002 |  | Bob (gold): 80 spent',
      '+442079460003 |  | Cy (silver): 45.25 spent',
    ]);
  });
});

describe('Push activity', () => {
  it('notifies each consenting recipient with a token, with its worktable columns', async () => {
    for (const [name, token] of [
      ['Ada', 'token-ada'],
      ['Cy', 'token-cy'],
    ] as const) {
      const r = await t.app.inject({
        method: 'POST',
        url: `/profiles/${ids[name]}/push-tokens`,
        headers: h,
        payload: { platform: 'fcm', appId: PUSH_APP, token },
      });
      expect(r.statusCode, r.body).toBe(201);
    }
    const config = await mailboxConfiguration(t, h, 'push', 'Loyalty app');
    const state = await plannedExecution(
      await runActivityForTest(t.database.pool, {
        sandboxId,
        activity: activity('app', 'push', {
          configurationId: config.id,
          category: 'marketing',
          confirmSending: false,
          content: { title: 'Hi {{profile.name}}', body: '{{target.totalSpend}} spent so far' },
        }),
        inputs: [{ from: 'split', worktable: population }],
        oneShot: false,
        now: t.clock.now(),
      }),
    );
    expect(state).toMatchObject({ recipients: 4, queued: 1, excluded: 3 });
    expect(await executionMessages(t, ids, String(state.executionId))).toEqual([
      'Ada queued',
      'Bob excluded PushNoTokenFoundInProfile',
      'Cy excluded PushNoConsent',
      'Dan excluded PushNoTokenFoundInProfile',
    ]);
    await deliverDueBatches(t);
    expect(await mailbox(t, h, 'push')).toEqual(['token-ada | Hi Ada | 120.5 spent so far']);
  });
});
