// Business rules and quiet hours of orchestrated channel activities on real PostgreSQL: a frequency
// cap excludes who already got their share today, quiet hours discard, test runs and
// transactional messages ignore them, a live send without its controls fails, and a live
// orchestrated campaign keeps the rule set and quiet hours it uses from being deactivated.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Configuration } from '../../channels/model.ts';
import { createTestApp, type TestApp } from '../../http/testing.ts';
import type { Worktable } from '../engine/types.ts';
import { runActivityForTest } from '../testing/context.ts';
import { activity, scheduler } from '../testing/workflows.ts';
import { runZone, sendControlsOf } from './controls.ts';
import {
  executionMessages,
  loyaltyShoppers,
  mailboxConfiguration,
  recordRun,
  shoppersWorktable,
  type Headers,
} from './testing.ts';

let t: TestApp;
let h: Headers;
let sandboxId: string;
let emailConfig: Configuration;
let population: Worktable;
let ids: Record<string, string>;
let oneADay: string;
let mornings: string;

async function activeObject(path: string, payload: object): Promise<string> {
  const created = await t.app.inject({ method: 'POST', url: path, headers: h, payload });
  expect(created.statusCode, created.body).toBe(201);
  const id = created.json<{ id: string }>().id;
  const active = await t.app.inject({ method: 'POST', url: `${path}/${id}/activate`, headers: h });
  expect(active.statusCode, active.body).toBe(200);
  return id;
}

beforeAll(async () => {
  t = await createTestApp();
  h = await t.keyHeaders('campaignAdministrator');
  sandboxId = (
    await t.database.pool.query<{ id: string }>("SELECT id FROM sandboxes WHERE name = 'prod'")
  ).rows[0]!.id;
  ({ ids, population } = await loyaltyShoppers(t, h));
  emailConfig = await mailboxConfiguration(t, h, 'email', 'Loyalty mail');
  oneADay = await activeObject('/business-rule-sets', {
    name: 'One email a day',
    caps: [{ count: 1, period: 'daily', channels: ['email'] }],
  });
  // The test clock reads 09:00 UTC: inside the window.
  mornings = await activeObject('/quiet-hours', {
    name: 'Mornings',
    timeZone: { mode: 'fixed', zone: 'UTC' },
    windows: [{ days: [0, 1, 2, 3, 4, 5, 6], from: '08:00', to: '10:00' }],
    behaviour: 'discard',
  });
});
afterAll(async () => {
  await t.close();
});

const emailActivity = (
  id: string,
  controls: { businessRuleSetId?: string; quietHoursId?: string },
) =>
  activity(id, 'email', {
    configurationId: emailConfig.id,
    category: 'marketing',
    confirmSending: false,
    content: { subject: 'Hello {{profile.name}}', format: 'html', body: '<p>Hi</p>' },
    ...controls,
  });

async function send(
  controls: { businessRuleSetId?: string; quietHoursId?: string },
  worktable: Worktable = population,
  mode: 'test' | 'live' = 'live',
) {
  const run = await runActivityForTest(t.database.pool, {
    sandboxId,
    activity: emailActivity('mail', controls),
    inputs: [{ from: 'split', worktable }],
    now: t.clock.now(),
    oneShot: false,
    mode,
  });
  const state = run.outcome.kind === 'done' ? run.outcome.state : undefined;
  return { run, executionId: typeof state?.executionId === 'string' ? state.executionId : '' };
}

describe('channel activity controls', () => {
  it('excludes a profile that already got its marketing email today with ExcludedForControlRules', async () => {
    const onlyAda = await shoppersWorktable(t, [{ id: ids.Ada!, totalSpend: '1', tier: 'gold' }]);
    const earlier = await send({}, onlyAda);
    expect(await executionMessages(t, ids, earlier.executionId)).toEqual(['Ada queued']);

    const capped = await send({ businessRuleSetId: oneADay });
    expect(capped.run.logs.map((l) => l.message)[0]).toBe(
      'Applies business rules "One email a day" (1 caps)',
    );
    expect(await executionMessages(t, ids, capped.executionId)).toEqual([
      'Ada excluded ExcludedForControlRules',
      'Bob queued',
      'Cy excluded EmailNoConsent',
      'Dan excluded EmailNoAddressFoundInProfile',
    ]);
  });

  it('discards the recipients due inside quiet hours with QuietHoursExclusion', async () => {
    const quiet = await send({ quietHoursId: mornings });
    expect(quiet.run.logs.map((l) => l.message)[0]).toBe(
      'Applies quiet hours "Mornings" (discard)',
    );
    expect(await executionMessages(t, ids, quiet.executionId)).toEqual([
      'Ada excluded QuietHoursExclusion',
      'Bob excluded QuietHoursExclusion',
      'Cy excluded EmailNoConsent',
      'Dan excluded EmailNoAddressFoundInProfile',
    ]);
  });

  it('ignores controls in test runs and for transactional messages; a live send without them fails', async () => {
    const gone = crypto.randomUUID();
    const tested = await send({ businessRuleSetId: gone }, population, 'test');
    expect(tested.run.outcome).toEqual({ kind: 'done', outputs: { out: population } });

    await expect(
      sendControlsOf(
        t.database.db,
        sandboxId,
        { category: 'transactional', businessRuleSetId: oneADay, quietHoursId: mornings },
        { now: t.clock.now(), defaultZone: () => Promise.resolve('UTC') },
      ),
    ).resolves.toEqual({ described: [] });

    await expect(send({ businessRuleSetId: gone })).rejects.toMatchObject({
      code: 'ACTIVITY_FAILED',
      message: `The business rule set ${gone} no longer exists: nothing planned.`,
    });
    const executions = await t.database.pool.query(
      "SELECT count(*)::int AS n FROM executions WHERE action_id = 'mail'",
    );
    expect(executions.rows).toEqual([{ n: 3 }]);
  });

  it('times profiles without a zone in the zone of the run’s scheduler', async () => {
    const runId = await recordRun(t, {
      sandboxId,
      campaignId: crypto.randomUUID(),
      runNo: 1,
      mode: 'live',
      tasks: [
        {
          activity: scheduler('start', { zone: 'Europe/Paris' }),
          outcome: { kind: 'done', outputs: {} },
        },
      ],
    });
    const client = await t.database.pool.connect();
    try {
      expect(await runZone(client, sandboxId, runId)).toBe('Europe/Paris');
      expect(await runZone(client, sandboxId, crypto.randomUUID())).toBe('UTC');
    } finally {
      client.release();
    }
  });

  it('refuses to deactivate a rule set or quiet hours a live orchestrated campaign uses (409)', async () => {
    const campaignId = crypto.randomUUID();
    const definition = {
      version: 1,
      activities: [emailActivity('mail', { businessRuleSetId: oneADay, quietHoursId: mornings })],
      transitions: [],
    };
    await t.database.pool.query(
      `INSERT INTO orchestrated_campaigns (sandbox_id, id, name, status, definition, error_policy,
                                           created_by, created_at, updated_by, updated_at)
       VALUES ($1, $2, 'Weekly loyalty', 'live', $3, '{"kind":"suspend"}', 'test', now(), 'test', now())`,
      [sandboxId, campaignId, JSON.stringify(definition)],
    );
    const deactivate = (path: string) =>
      t.app.inject({ method: 'POST', url: `${path}/deactivate`, headers: h });
    for (const path of [`/business-rule-sets/${oneADay}`, `/quiet-hours/${mornings}`]) {
      const refused = await deactivate(path);
      expect(refused.statusCode, refused.body).toBe(409);
      expect(refused.json()).toMatchObject({
        code: 'GOVERNANCE_IN_USE',
        message: 'It is used by orchestrated campaign "Weekly loyalty".',
      });
    }
    const configuration = await deactivate(`/channel-configurations/${emailConfig.id}`);
    expect(configuration.statusCode, configuration.body).toBe(409);
    expect(configuration.json()).toMatchObject({
      message:
        'The configuration is used by orchestrated campaign "Weekly loyalty"; stop or change it first.',
    });

    // Once the campaign is stopped, nothing holds them.
    await t.database.pool.query(
      "UPDATE orchestrated_campaigns SET status = 'stopped' WHERE sandbox_id = $1 AND id = $2",
      [sandboxId, campaignId],
    );
    for (const path of [`/business-rule-sets/${oneADay}`, `/quiet-hours/${mornings}`]) {
      const done = await deactivate(path);
      expect(done.statusCode, done.body).toBe(200);
      expect(done.json()).toMatchObject({ status: 'inactive' });
    }
  });
});
