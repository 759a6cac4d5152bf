// Activating action campaigns by role, runs planned by the scheduler and sent to the mailbox,
// completion, stop, what a live campaign keeps in use, duplicate / modify / archive / delete rules.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp, TestClock } from '../http/testing.ts';
import { openCampaignsApp, type CampaignsApp } from './campaigns.testing.ts';
import {
  act,
  emailConfiguration,
  emailContent,
  mailboxSubjects,
  runScheduler,
  type Headers,
} from './testing/fixtures.ts';

let t: TestApp;
let clock: TestClock;
let admin: Headers;
let manager: Headers;
let approver: Headers;
let ready: CampaignsApp['ready'];
let get: CampaignsApp['get'];
let runs: CampaignsApp['runs'];

beforeAll(async () => {
  ({ t, clock, admin, manager, approver, ready, get, runs } = await openCampaignsApp());
});
afterAll(() => t.close());

describe('activation and runs', () => {
  it('a manager may not activate; an approver does, and the run sends to the consenting profiles', async () => {
    const campaign = await ready('Welcome');
    expect((await act(t, manager, campaign.id, 'activate')).status).toBe(403);
    const activated = await act(t, approver, campaign.id, 'activate');
    expect(activated.status, JSON.stringify(activated.body)).toBe(200);
    expect(activated.body.status).toBe('scheduled');
    expect(activated.body.nextRunAt).toBe(clock.now().toISOString());
    // Locked once activated.
    const edit = await t.app.inject({
      method: 'PATCH',
      url: `/campaigns/${campaign.id}`,
      headers: manager,
      payload: { name: 'x' },
    });
    expect(edit.statusCode).toBe(409);
    await runScheduler(t);
    const [run] = await runs(campaign.id);
    expect(run).toMatchObject({
      runNo: 1,
      status: 'completed',
      recipients: 3,
      excluded: 1,
      sent: 2,
    });
    expect((await get(campaign.id)).status).toBe('completed');
    const subjects = (await mailboxSubjects(t, admin)).filter((s) => s.includes('Welcome'));
    expect(subjects).toEqual([
      'ann@example.com Welcome subject',
      'ben@example.com Welcome subject',
    ]);
    // Completed campaigns can be archived, not deleted.
    const del = await t.app.inject({
      method: 'DELETE',
      url: `/campaigns/${campaign.id}`,
      headers: admin,
    });
    expect(del.statusCode).toBe(409);
    expect((await act(t, manager, campaign.id, 'archive')).body.status).toBe('archived');
  });

  it('takes an action posted as JSON with an empty body, and refuses broken JSON', async () => {
    const campaign = await ready('Empty body');
    const broken = await t.app.inject({
      method: 'POST',
      url: `/campaigns/${campaign.id}/activate`,
      headers: { ...approver, 'content-type': 'application/json' },
      payload: '{"',
    });
    expect(broken.statusCode).toBe(400);
    expect(broken.json<{ code: string }>().code).toBe('INVALID_JSON');
    const empty = await t.app.inject({
      method: 'POST',
      url: `/campaigns/${campaign.id}/activate`,
      headers: { ...approver, 'content-type': 'application/json' },
      payload: '',
    });
    expect(empty.statusCode, empty.body).toBe(200);
    await act(t, approver, campaign.id, 'stop');
  });

  it('a start time in the future waits: nothing is planned before it', async () => {
    const at = new Date(clock.now().getTime() + 3_600_000).toISOString();
    const campaign = await ready('Later', {
      schedule: {
        start: 'at',
        startAt: at,
        recurrence: { frequency: 'once' },
        timeZone: 'UTC',
        localTime: false,
      },
    });
    expect((await act(t, approver, campaign.id, 'activate')).body.nextRunAt).toBe(at);
    await runScheduler(t);
    expect((await runs(campaign.id))[0]?.status).toBe('scheduled');
    expect((await get(campaign.id)).status).toBe('scheduled');
    clock.advance(3_600_000);
    await runScheduler(t);
    expect((await runs(campaign.id))[0]?.status).toBe('completed');
    expect((await get(campaign.id)).status).toBe('completed');
  });

  it('stop cancels future runs; a stopped campaign is never sent', async () => {
    const campaign = await ready('Daily tips', {
      schedule: {
        start: 'manual',
        recurrence: { frequency: 'daily' },
        time: '23:00',
        timeZone: 'UTC',
        localTime: false,
      },
    });
    await act(t, approver, campaign.id, 'activate');
    const stopped = await act(t, manager, campaign.id, 'stop');
    expect(stopped.status).toBe(403);
    expect((await act(t, approver, campaign.id, 'stop')).body.status).toBe('stopped');
    clock.advance(86_400_000);
    await runScheduler(t);
    expect((await runs(campaign.id)).map((r) => r.status)).toEqual(['cancelled']);
    expect((await mailboxSubjects(t, admin)).some((s) => s.includes('Daily tips'))).toBe(false);
  });

  it('what a scheduled campaign uses cannot be deactivated under it', async () => {
    const set = await t.app.inject({
      method: 'POST',
      url: '/business-rule-sets',
      headers: admin,
      payload: {
        name: 'Weekly cap',
        caps: [{ count: 3, period: 'weekly', multiplier: 1, channels: ['email'] }],
      },
    });
    const businessRuleSetId = set.json<{ id: string }>().id;
    await t.app.inject({
      method: 'POST',
      url: `/business-rule-sets/${businessRuleSetId}/activate`,
      headers: admin,
    });
    const configuration = await emailConfiguration(t, admin, 'Promotions', 'marketing');
    const campaign = await ready('Guarded', {
      action: { channel: 'email', configurationId: configuration.id },
      controls: { businessRuleSetId },
      schedule: {
        start: 'manual',
        recurrence: { frequency: 'daily' },
        time: '23:30',
        timeZone: 'UTC',
        localTime: false,
      },
    });
    await act(t, approver, campaign.id, 'activate');
    const config = await t.app.inject({
      method: 'POST',
      url: `/channel-configurations/${configuration.id}/deactivate`,
      headers: admin,
    });
    expect(config.statusCode).toBe(409);
    expect(config.json<{ message: string }>().message).toContain('campaign "Guarded"');
    const rules = await t.app.inject({
      method: 'POST',
      url: `/business-rule-sets/${businessRuleSetId}/deactivate`,
      headers: admin,
    });
    expect(rules.statusCode).toBe(409);
    expect(rules.json<{ code: string }>().code).toBe('GOVERNANCE_IN_USE');
    await act(t, approver, campaign.id, 'stop');
    const after = await t.app.inject({
      method: 'POST',
      url: `/channel-configurations/${configuration.id}/deactivate`,
      headers: admin,
    });
    expect(after.statusCode, after.body).toBe(200);
  });

  it('duplicates any campaign and modifies a live recurring one as a new version', async () => {
    const campaign = await ready('Weekly digest', {
      schedule: {
        start: 'manual',
        recurrence: { frequency: 'weekly', days: [1] },
        time: '08:00',
        timeZone: 'Europe/Paris',
        localTime: false,
      },
    });
    expect((await act(t, manager, campaign.id, 'modify')).status).toBe(409);
    await act(t, approver, campaign.id, 'activate');
    const copy = await act(t, manager, campaign.id, 'duplicate');
    expect(copy.status).toBe(201);
    expect(copy.body).toMatchObject({ name: 'Weekly digest (copy)', status: 'draft', version: 1 });
    const next = await act(t, manager, campaign.id, 'modify');
    expect(next.status).toBe(201);
    expect(next.body).toMatchObject({ status: 'draft', version: 2, replacesId: campaign.id });
    expect((await act(t, manager, campaign.id, 'modify')).status).toBe(409);
    await t.app.inject({
      method: 'PATCH',
      url: `/campaigns/${next.body.id}`,
      headers: manager,
      payload: { content: emailContent('Weekly digest v2') },
    });
    expect((await act(t, approver, next.body.id, 'activate')).body.status).toBe('scheduled');
    expect((await get(campaign.id)).status).toBe('stopped');
    expect((await runs(campaign.id)).map((r) => r.status)).toEqual(['cancelled']);
    expect((await runs(next.body.id)).map((r) => r.status)).toEqual(['scheduled']);
  });
});
