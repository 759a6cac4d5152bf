// The email activity on real PostgreSQL: the population's columns rendered as target.* per
// recipient into the local mailbox, the pipeline's exclusions with their reasons, test runs that
// send nothing, the confirm-sending gate, and a retried task that plans nothing twice.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Configuration } from '../../channels/model.ts';
import { createTestApp, type TestApp } from '../../http/testing.ts';
import type { Worktable } from '../engine/types.ts';
import {
  deliverDueBatches,
  executionMessages,
  loyaltyShoppers,
  mailbox,
  mailboxConfiguration,
  type Headers,
} from '../channels/testing.ts';
import { runActivityForTest, worktableRows } from '../testing/context.ts';
import { activity } from '../testing/workflows.ts';

let t: TestApp;
let h: Headers;
let sandboxId: string;
let emailConfig: Configuration;
let smsConfig: Configuration;
let population: Worktable;
let ids: Record<string, string>;

beforeAll(async () => {
  t = await createTestApp();
  h = await t.keyHeaders('campaignAdministrator');
  sandboxId = (
    await t.database.pool.query<{ id: string }>("SELECT id FROM sandboxes WHERE name = 'prod'")
  ).rows[0]!.id;
  ({ ids, population } = await loyaltyShoppers(t, h));
  emailConfig = await mailboxConfiguration(t, h, 'email', 'Loyalty mail');
  smsConfig = await mailboxConfiguration(t, h, 'sms', 'Loyalty texts');
});
afterAll(async () => {
  await t.close();
});

const emailActivity = (id: string, confirmSending = false) =>
  activity(id, 'email', {
    configurationId: emailConfig.id,
    category: 'marketing',
    confirmSending,
    content: {
      subject: '{{profile.name}}, thank you for {{target.totalSpend}}',
      format: 'html',
      body: '<p>As a {{target.tier}} member you spent {{target.totalSpend}}.</p>',
    },
  });

async function executionsOf(campaignId: string): Promise<number> {
  const found = await t.database.pool.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM executions WHERE campaign_id = $1',
    [campaignId],
  );
  return found.rows[0]!.n;
}

describe('email activity', () => {
  it('sends each recipient its worktable columns as target.* and records the exclusions', async () => {
    const campaignId = crypto.randomUUID();
    const run = await runActivityForTest(t.database.pool, {
      sandboxId,
      campaignId,
      activity: emailActivity('gold'),
      inputs: [{ from: 'split', worktable: population }],
      now: t.clock.now(),
      oneShot: false,
    });
    expect(run.outcome).toMatchObject({ kind: 'done', outputs: { out: population } });
    const state = run.outcome.kind === 'done' ? run.outcome.state : undefined;
    expect(state).toEqual({
      executionId: expect.any(String) as string,
      recipients: 4,
      queued: 2,
      excluded: 2,
    });
    const executionId = String(state?.executionId);
    expect(await executionMessages(t, ids, executionId)).toEqual([
      'Ada queued',
      'Bob queued',
      'Cy excluded EmailNoConsent',
      'Dan excluded EmailNoAddressFoundInProfile',
    ]);
    const execution = await t.database.pool.query(
      'SELECT campaign_id, action_id, run_no, channel, category FROM executions WHERE id = $1',
      [executionId],
    );
    expect(execution.rows).toEqual([
      {
        campaign_id: campaignId,
        action_id: 'gold',
        run_no: 1,
        channel: 'email',
        category: 'marketing',
      },
    ]);

    await deliverDueBatches(t);
    expect(await mailbox(t, h, 'email')).toEqual([
      'ada@example.com | Ada, thank you for 120.5 | As a gold member you spent 120.5.',
      'bob@example.com | Bob, thank you for 80 | As a gold member you spent 80.',
    ]);
    expect(await executionMessages(t, ids, executionId)).toEqual([
      'Ada sent',
      'Bob sent',
      'Cy excluded EmailNoConsent',
      'Dan excluded EmailNoAddressFoundInProfile',
    ]);
    // The population passes on unchanged.
    expect(await worktableRows(t.database.pool, population)).toHaveLength(4);
  });

  it('sends nothing in a test run and passes the would-be recipients on', async () => {
    const campaignId = crypto.randomUUID();
    const run = await runActivityForTest(t.database.pool, {
      sandboxId,
      campaignId,
      activity: emailActivity('gold', true),
      inputs: [{ from: 'split', worktable: population }],
      now: t.clock.now(),
      mode: 'test',
    });
    expect(run.outcome).toEqual({ kind: 'done', outputs: { out: population } });
    expect(run.logs.map((l) => l.message)).toEqual([
      'test run: nothing sent (4 recipients would be targeted)',
    ]);
    expect(await executionsOf(campaignId)).toBe(0);
  });

  it('waits for a confirmation in a one-shot run, then plans once', async () => {
    const campaignId = crypto.randomUUID();
    const options = {
      sandboxId,
      campaignId,
      activity: emailActivity('gold', true),
      inputs: [{ from: 'split', worktable: population }],
      now: t.clock.now(),
      oneShot: true,
    };
    const parked = await runActivityForTest(t.database.pool, options);
    expect(parked.outcome).toEqual({
      kind: 'needsAttention',
      reason: 'Confirm sending to 4 recipients',
      state: { population: 4 },
    });
    expect(await executionsOf(campaignId)).toBe(0);

    const confirmed = await runActivityForTest(t.database.pool, {
      ...options,
      state: { population: 4, confirmed: true },
    });
    expect(confirmed.outcome).toMatchObject({ kind: 'done', state: { queued: 2, excluded: 2 } });
    expect(await executionsOf(campaignId)).toBe(1);
    const state = confirmed.outcome.kind === 'done' ? confirmed.outcome.state : {};

    // A retry of the task finds its execution in its state and plans nothing again.
    const retried = await runActivityForTest(t.database.pool, {
      ...options,
      state: { population: 4, confirmed: true, ...state },
    });
    expect(retried.outcome).toEqual({ kind: 'done', outputs: { out: population } });
    expect(await executionsOf(campaignId)).toBe(1);
  });

  it('fails on a population that is not of profiles, another channel’s configuration or broken content', async () => {
    const { inputWorktable } = await import('../testing/context.ts');
    const lines = await inputWorktable(t.database.pool, 'file', {
      dimension: { kind: 'file' },
      keys: ['line_no'],
      select: 'SELECT 1 AS line_no',
    });
    await expect(
      runActivityForTest(t.database.pool, {
        sandboxId,
        activity: emailActivity('gold'),
        inputs: [{ from: 'load', worktable: lines }],
        oneShot: false,
      }),
    ).rejects.toMatchObject({
      code: 'ACTIVITY_FAILED',
      message:
        'Email sends to profiles, and this population is of file: add a Change dimension to profiles before it.',
    });
    const wrong = emailActivity('gold');
    wrong.config.configurationId = smsConfig.id;
    await expect(
      runActivityForTest(t.database.pool, {
        sandboxId,
        activity: wrong,
        inputs: [{ from: 'split', worktable: population }],
        now: t.clock.now(),
        oneShot: false,
      }),
    ).rejects.toMatchObject({
      code: 'ACTIVITY_FAILED',
      message: 'The configuration "Loyalty texts" sends sms, not email.',
    });
    const broken = emailActivity('gold');
    broken.config.content.body = '<p>{{#if target.tier}}Gold</p>';
    await expect(
      runActivityForTest(t.database.pool, {
        sandboxId,
        activity: broken,
        inputs: [{ from: 'split', worktable: population }],
        oneShot: false,
      }),
    ).rejects.toMatchObject({ code: 'CONTENT_INVALID' });
  });
});
