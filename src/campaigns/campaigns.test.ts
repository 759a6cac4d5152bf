// Action campaigns end to end on a real database: drafts, review, activation by role, approval
// policies and the request history, runs planned by the scheduler and sent to the mailbox,
// completion, stop, duplicate / modify / archive / delete rules.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, TestClock, type TestApp } from '../http/testing.ts';
import type { Campaign, CampaignReview, CampaignRun, ApprovalRequest } from './model.ts';
import {
  act,
  createCampaign,
  createProfile,
  emailConfiguration,
  emailContent,
  groupAudience,
  mailboxSubjects,
  runScheduler,
  type Headers,
} from './testing/fixtures.ts';

const clock = new TestClock(new Date('2026-11-27T10:00:00Z'));
let t: TestApp;
let admin: Headers;
let manager: Headers;
let approver: Headers;
let configurationId: string;
let audienceId: string;

async function ready(name: string, extra: object = {}): Promise<Campaign> {
  return createCampaign(t, manager, {
    name,
    action: { channel: 'email', configurationId },
    content: emailContent(`${name} subject`),
    audience: { audienceId, namespace: 'email' },
    schedule: {
      start: 'manual',
      recurrence: { frequency: 'once' },
      timeZone: 'UTC',
      localTime: false,
    },
    ...extra,
  });
}

const get = async (id: string, h = admin) =>
  (await t.app.inject({ method: 'GET', url: `/campaigns/${id}`, headers: h })).json<Campaign>();
const runs = async (id: string) =>
  (await t.app.inject({ method: 'GET', url: `/campaigns/${id}/runs`, headers: admin })).json<{
    items: CampaignRun[];
  }>().items;

beforeAll(async () => {
  t = await createTestApp({ clock });
  admin = await t.keyHeaders('campaignAdministrator');
  manager = await t.keyHeaders('campaignManager');
  approver = await t.keyHeaders('campaignApprover');
  configurationId = (await emailConfiguration(t, admin, 'News', 'marketing')).id;
  await emailConfiguration(t, admin, 'Receipts', 'transactional');
  for (const [email, consent] of [
    ['ann@example.com', 'y'],
    ['ben@example.com', 'y'],
    ['cy@example.com', 'n'],
  ] as const)
    await createProfile(t, admin, {
      identities: [{ namespace: 'email', value: email }],
      attributes: { group: 'a', name: email.split('@')[0] },
      consent: { email: consent },
    });
  audienceId = await groupAudience(t, admin, 'a');
});
afterAll(() => t.close());

describe('drafts', () => {
  it('creates, lists with filters, edits and deletes drafts', async () => {
    const a = await createCampaign(t, manager, { name: 'Spring sale', tags: ['sale', 'spring'] });
    const b = await createCampaign(t, manager, {
      name: 'Receipt',
      category: 'transactional',
      description: 'order receipts',
    });
    expect(a).toMatchObject({ status: 'draft', version: 1, action: null, controls: {} });
    const list = async (query: string) =>
      (await t.app.inject({ method: 'GET', url: `/campaigns?${query}`, headers: manager }))
        .json<{ items: Campaign[] }>()
        .items.map((c) => c.name);
    expect(await list('tag=sale')).toEqual(['Spring sale']);
    expect(await list('q=receipts')).toEqual(['Receipt']);
    expect(await list('status=draft&limit=1')).toHaveLength(1);
    const patched = await t.app.inject({
      method: 'PATCH',
      url: `/campaigns/${a.id}`,
      headers: manager,
      payload: { description: 'Up to 30% off', action: { channel: 'email', configurationId } },
    });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json<Campaign>()).toMatchObject({
      description: 'Up to 30% off',
      name: 'Spring sale',
    });
    expect(await list('channel=email')).toContain('Spring sale');
    const bad = await t.app.inject({
      method: 'PATCH',
      url: `/campaigns/${a.id}`,
      headers: manager,
      payload: { schedule: { start: 'soon' } },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('/schedule');
    const deleted = await t.app.inject({
      method: 'DELETE',
      url: `/campaigns/${b.id}`,
      headers: manager,
    });
    expect(deleted.statusCode).toBe(204);
    expect(
      (await t.app.inject({ method: 'GET', url: `/campaigns/${b.id}`, headers: manager }))
        .statusCode,
    ).toBe(404);
  });

  it('reviews a draft: blocking problems with the step to fix them', async () => {
    const draft = await createCampaign(t, manager, {
      name: 'Incomplete',
      action: { channel: 'email', configurationId },
      content: emailContent('Hi {{profile.name', '<p>x</p>'),
    });
    const review = (
      await t.app.inject({ method: 'GET', url: `/campaigns/${draft.id}/review`, headers: manager })
    ).json<CampaignReview>();
    expect(review.ready).toBe(false);
    const codes = review.problems.map((p) => `${p.step}:${p.code}`);
    expect(codes).toEqual(
      expect.arrayContaining([
        'content:CONTENT_INVALID',
        'audience:AUDIENCE_REQUIRED',
        'schedule:SCHEDULE_REQUIRED',
      ]),
    );
    const refused = await act(t, approver, draft.id, 'activate');
    expect(refused.status).toBe(400);
    expect(refused.body.code).toBe('CAMPAIGN_NOT_READY');
    // A transactional configuration does not fit a marketing campaign.
    const configs = await t.app.inject({
      method: 'GET',
      url: '/channel-configurations?q=Receipts',
      headers: admin,
    });
    const receipts = configs.json<{ items: { id: string }[] }>().items[0]!.id;
    await t.app.inject({
      method: 'PATCH',
      url: `/campaigns/${draft.id}`,
      headers: manager,
      payload: { action: { channel: 'email', configurationId: receipts } },
    });
    const again = (
      await t.app.inject({ method: 'GET', url: `/campaigns/${draft.id}/review`, headers: manager })
    ).json<CampaignReview>();
    expect(again.problems.map((p) => p.code)).toContain('CONFIGURATION_CATEGORY');
    // An API-triggered campaign needs no audience nor schedule.
    const api = await createCampaign(t, manager, {
      name: 'Order confirmation',
      type: 'api',
      category: 'transactional',
      trigger: { createProfiles: false, highThroughput: true, feedback: false },
    });
    const apiReview = (
      await t.app.inject({ method: 'GET', url: `/campaigns/${api.id}/review`, headers: manager })
    ).json<CampaignReview>();
    expect(apiReview.problems.map((p) => p.code).sort()).toEqual([
      'ACTION_REQUIRED',
      'CONTENT_REQUIRED',
    ]);
  });
});

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

describe('approval policies', () => {
  let policyId: string;
  let approverUser: { id: string; headers: Headers };

  beforeAll(async () => {
    // Without any active policy a manager cannot get a campaign activated.
    const lone = await ready('No policy yet');
    const refused = await act(t, manager, lone.id, 'request-approval');
    expect(refused.status).toBe(409);
    expect(refused.body.message).toContain('No approval policy');
    const created = await t.app.inject({
      method: 'POST',
      url: '/approval-policies',
      headers: admin,
      payload: {
        name: 'Marketing email',
        match: { channels: ['email'], tags: ['vip'] },
        approvers: { users: [], roles: ['campaignApprover'] },
        blockSelfApproval: true,
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    policyId = created.json<{ id: string }>().id;
    const active = await t.app.inject({
      method: 'POST',
      url: `/approval-policies/${policyId}/activate`,
      headers: admin,
    });
    expect(active.statusCode, active.body).toBe(200);
    approverUser = { id: '', headers: approver };
  });

  it('routes a matching campaign to review, locks it, and activates it on approval', async () => {
    const campaign = await ready('VIP preview', { tags: ['vip'] });
    const review = (
      await t.app.inject({
        method: 'GET',
        url: `/campaigns/${campaign.id}/review`,
        headers: manager,
      })
    ).json<CampaignReview>();
    expect(review).toMatchObject({
      ready: true,
      approvalRequired: true,
      policies: [{ name: 'Marketing email' }],
    });
    const direct = await act(t, approver, campaign.id, 'activate');
    expect(direct.status).toBe(409);
    expect(direct.body.code).toBe('APPROVAL_REQUIRED');
    const requested = await act(t, manager, campaign.id, 'request-approval');
    expect(requested.body.status).toBe('inReview');
    const locked = await t.app.inject({
      method: 'PATCH',
      url: `/campaigns/${campaign.id}`,
      headers: manager,
      payload: { name: 'changed' },
    });
    expect(locked.statusCode).toBe(409);
    expect(locked.json<{ message: string }>().message).toContain('in review');
    const inbox = (
      await t.app.inject({
        method: 'GET',
        url: '/approval-requests?status=pending&mine=true',
        headers: approverUser.headers,
      })
    ).json<{ items: ApprovalRequest[] }>().items;
    expect(inbox.map((r) => r.campaignName)).toContain('VIP preview');
    expect((await act(t, manager, campaign.id, 'approve')).status).toBe(403);
    const approved = await act(t, approver, campaign.id, 'approve', { message: 'Looks good' });
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    expect(approved.body.status).toBe('scheduled');
    const history = (
      await t.app.inject({
        method: 'GET',
        url: `/campaigns/${campaign.id}/approvals`,
        headers: manager,
      })
    ).json<{ items: ApprovalRequest[] }>().items;
    expect(history).toMatchObject([
      { status: 'approved', message: 'Looks good', policies: [{ name: 'Marketing email' }] },
    ]);
  });

  it('sends a campaign back with requested changes, and auto-approves one no policy matches', async () => {
    const campaign = await ready('VIP recap', { tags: ['vip'] });
    await act(t, manager, campaign.id, 'request-approval');
    const noMessage = await act(t, approver, campaign.id, 'request-changes', {});
    expect(noMessage.status).toBe(400);
    const back = await act(t, approver, campaign.id, 'request-changes', {
      message: 'Fix the subject',
    });
    expect(back.body.status).toBe('draft');
    const history = (
      await t.app.inject({
        method: 'GET',
        url: `/campaigns/${campaign.id}/approvals`,
        headers: manager,
      })
    ).json<{ items: ApprovalRequest[] }>().items;
    expect(history[0]).toMatchObject({ status: 'changesRequested', message: 'Fix the subject' });
    const other = await ready('Plain news');
    const auto = await act(t, manager, other.id, 'request-approval');
    expect(auto.body.status).toBe('scheduled');
  });

  it('blocks self-approval when the policy says so', async () => {
    // A user who is an approver requests approval and then tries to approve it.
    const created = await t.app.inject({
      method: 'POST',
      url: '/users',
      headers: await t.adminHeaders(),
      payload: {
        name: 'Ada Approver',
        email: 'ada.approver@example.com',
        roles: [{ role: 'campaignApprover', sandbox: 'prod' }],
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    const { invitationUrl } = created.json<{ invitationUrl: string }>();
    const token = invitationUrl.split('/').pop()!;
    const accepted = await t.app.inject({
      method: 'POST',
      url: `/auth/invitations/${token}/accept`,
      payload: { password: 'a long enough password' },
    });
    expect(accepted.statusCode, accepted.body).toBeLessThan(300);
    const session = await t.login('ada.approver@example.com', 'a long enough password');
    const ada = { cookie: session.cookie, 'x-csrf-token': session.csrfToken };
    const campaign = await ready('VIP self', { tags: ['vip'] });
    expect((await act(t, ada, campaign.id, 'request-approval')).body.status).toBe('inReview');
    const self = await act(t, ada, campaign.id, 'approve');
    expect(self.status, JSON.stringify(self.body)).toBe(403);
    expect(self.body.code).toBe('APPROVAL_NOT_ALLOWED');
    expect((await act(t, approver, campaign.id, 'approve')).body.status).toBe('scheduled');
  });
});
