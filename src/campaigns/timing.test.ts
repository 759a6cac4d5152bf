// Clock-driven campaign timing (no sleeping; the test clock moves): local-time sending across
// zones and seasons, monthly runs on the 31st, waves, end dates, quiet hours, frequency caps.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, TestClock, type TestApp } from '../http/testing.ts';
import type { Campaign, CampaignCreate, CampaignRun } from './model.ts';
import {
  act,
  attributeAudience,
  campaignMessages,
  createCampaign,
  createProfile,
  emailConfiguration,
  emailContent,
  mailboxSubjects,
  runScheduler,
  type Headers,
} from './testing/fixtures.ts';

const clock = new TestClock(new Date('2026-01-14T18:00:00Z'));
let t: TestApp;
let admin: Headers;
let marketing: string;
let transactional: string;
let zonesAudience: string;

const HOUR = 3_600_000;
const setClock = (iso: string) => clock.advance(new Date(iso).getTime() - clock.now().getTime());

async function launch(body: Partial<CampaignCreate> & Pick<CampaignCreate, 'name'>) {
  const campaign = await createCampaign(t, admin, {
    action: { channel: 'email', configurationId: marketing },
    content: emailContent(`${body.name}`),
    ...body,
  });
  const activated = await act(t, admin, campaign.id, 'activate');
  expect(activated.status, JSON.stringify(activated.body)).toBe(200);
  return activated.body;
}
const runsOf = async (id: string) =>
  (await t.app.inject({ method: 'GET', url: `/campaigns/${id}/runs`, headers: admin })).json<{
    items: CampaignRun[];
  }>().items;
const statusOf = async (id: string) =>
  (await t.app.inject({ method: 'GET', url: `/campaigns/${id}`, headers: admin })).json<Campaign>()
    .status;
const sentTo = async (subject: string) =>
  (await mailboxSubjects(t, admin))
    .filter((s) => s.endsWith(` ${subject}`))
    .map((s) => s.split(' ')[0]);

beforeAll(async () => {
  t = await createTestApp({ clock });
  admin = await t.keyHeaders('campaignAdministrator');
  marketing = (await emailConfiguration(t, admin, 'News', 'marketing')).id;
  transactional = (await emailConfiguration(t, admin, 'Receipts', 'transactional')).id;
  for (const [email, timezone] of [
    ['tokyo@example.com', 'Asia/Tokyo'],
    ['paris@example.com', 'Europe/Paris'],
    ['nozone@example.com', null],
  ] as const)
    await createProfile(t, admin, {
      identities: [{ namespace: 'email', value: email }],
      attributes: { zones: 'yes' },
      ...(timezone ? { timezone } : {}),
      consent: { email: 'y' },
    });
  zonesAudience = await attributeAudience(t, admin, 'zones', 'yes');
});
afterAll(() => t.close());

describe('local time', () => {
  it('a daily 09:00 local-time campaign reaches Tokyo at 00:00 UTC and Paris at 08:00 UTC in winter', async () => {
    setClock('2026-01-14T18:00:00Z');
    const campaign = await launch({
      name: 'Winter morning',
      audience: { audienceId: zonesAudience, namespace: 'email' },
      schedule: {
        start: 'manual',
        recurrence: { frequency: 'daily' },
        time: '09:00',
        timeZone: 'America/New_York',
        localTime: true,
        endAt: '2026-01-16T00:00:00Z',
      },
    });
    // 09:00 on the 15th begins at UTC+14 at 19:00 UTC on the 14th: the run is planned then.
    expect((await runsOf(campaign.id))[0]).toMatchObject({
      slotAt: '2026-01-15T14:00:00.000Z',
      dueAt: '2026-01-14T19:00:00.000Z',
      status: 'scheduled',
    });
    await runScheduler(t);
    expect((await runsOf(campaign.id))[0]?.status).toBe('scheduled');
    setClock('2026-01-14T19:00:00Z');
    await runScheduler(t);
    const planned = await campaignMessages(t, campaign.id);
    expect(planned.map((m) => `${m.address} ${m.notBefore}`)).toEqual([
      'nozone@example.com 2026-01-15T14:00:00.000Z',
      'paris@example.com 2026-01-15T08:00:00.000Z',
      'tokyo@example.com 2026-01-15T00:00:00.000Z',
    ]);
    expect(await sentTo('Winter morning')).toEqual([]);
    setClock('2026-01-15T00:00:00Z');
    await runScheduler(t);
    expect(await sentTo('Winter morning')).toEqual(['tokyo@example.com']);
    setClock('2026-01-15T08:00:00Z');
    await runScheduler(t);
    expect(await sentTo('Winter morning')).toEqual(['paris@example.com', 'tokyo@example.com']);
    expect(await statusOf(campaign.id)).toBe('live');
    setClock('2026-01-15T14:00:00Z');
    await runScheduler(t);
    expect((await sentTo('Winter morning')).length).toBe(3);
    // The end date leaves no second run: the campaign completes.
    expect((await runsOf(campaign.id)).map((r) => r.status)).toEqual(['completed']);
    expect(await statusOf(campaign.id)).toBe('completed');
  });

  it('in summer Paris is reached at 07:00 UTC', async () => {
    setClock('2026-07-14T12:00:00Z');
    const campaign = await launch({
      name: 'Summer morning',
      audience: { audienceId: zonesAudience, namespace: 'email' },
      schedule: {
        start: 'at',
        startAt: '2026-07-15T07:00:00Z',
        recurrence: { frequency: 'once' },
        timeZone: 'Europe/Paris',
        localTime: true,
      },
    });
    setClock('2026-07-14T19:00:00Z');
    await runScheduler(t);
    const planned = await campaignMessages(t, campaign.id);
    expect(planned.find((m) => m.address === 'paris@example.com')?.notBefore).toBe(
      '2026-07-15T07:00:00.000Z',
    );
    expect(planned.find((m) => m.address === 'tokyo@example.com')?.notBefore).toBe(
      '2026-07-15T00:00:00.000Z',
    );
    // The profile without a zone takes the campaign's.
    expect(planned.find((m) => m.address === 'nozone@example.com')?.notBefore).toBe(
      '2026-07-15T07:00:00.000Z',
    );
  });
});

describe('recurrence', () => {
  it('a monthly campaign on the 31st runs on January 31 and then on February 28', async () => {
    setClock('2026-01-30T12:00:00Z');
    const campaign = await launch({
      name: 'Month end',
      audience: { audienceId: zonesAudience, namespace: 'email' },
      schedule: {
        start: 'manual',
        recurrence: { frequency: 'monthly', day: 31 },
        time: '10:00',
        timeZone: 'UTC',
        localTime: false,
      },
    });
    expect(campaign.nextRunAt).toBe('2026-01-31T10:00:00.000Z');
    setClock('2026-01-31T10:00:00Z');
    await runScheduler(t);
    expect((await sentTo('Month end')).length).toBe(3);
    const runs = await runsOf(campaign.id);
    expect(runs.map((r) => `${r.runNo} ${r.status} ${r.slotAt}`)).toEqual([
      '2 scheduled 2026-02-28T10:00:00.000Z',
      '1 completed 2026-01-31T10:00:00.000Z',
    ]);
    expect(await statusOf(campaign.id)).toBe('live');
    await act(t, admin, campaign.id, 'stop');
  });

  it('sends in waves: each wave at its time', async () => {
    setClock('2026-03-02T09:00:00Z');
    const campaign = await launch({
      name: 'Waves',
      audience: { audienceId: zonesAudience, namespace: 'email' },
      schedule: {
        start: 'manual',
        recurrence: { frequency: 'once' },
        timeZone: 'UTC',
        localTime: false,
        waves: { mode: 'count', counts: [1, 1], intervalMinutes: 60 },
      },
    });
    await runScheduler(t);
    const times = (await campaignMessages(t, campaign.id)).map((m) => m.notBefore).sort();
    expect(times).toEqual([
      '2026-03-02T09:00:00.000Z',
      '2026-03-02T10:00:00.000Z',
      '2026-03-02T10:00:00.000Z',
    ]);
    expect((await sentTo('Waves')).length).toBe(1);
    expect(await statusOf(campaign.id)).toBe('live');
    clock.advance(HOUR);
    await runScheduler(t);
    expect((await sentTo('Waves')).length).toBe(3);
    expect(await statusOf(campaign.id)).toBe('completed');
  });
});

describe('quiet hours', () => {
  it('holds messages due at night until 08:00 in each profile’s zone', async () => {
    const created = await t.app.inject({
      method: 'POST',
      url: '/quiet-hours',
      headers: admin,
      payload: {
        name: 'Nights',
        timeZone: { mode: 'profile' },
        windows: [{ days: [0, 1, 2, 3, 4, 5, 6], from: '21:00', to: '08:00' }],
        behaviour: 'queue',
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    const quietHoursId = created.json<{ id: string }>().id;
    await t.app.inject({
      method: 'POST',
      url: `/quiet-hours/${quietHoursId}/activate`,
      headers: admin,
    });
    // 22:00 in Paris (winter), 06:00 next morning in Tokyo.
    setClock('2026-02-10T21:00:00Z');
    const campaign = await launch({
      name: 'Late news',
      audience: { audienceId: zonesAudience, namespace: 'email' },
      schedule: {
        start: 'manual',
        recurrence: { frequency: 'once' },
        timeZone: 'Europe/Paris',
        localTime: false,
      },
      controls: { quietHoursId },
    });
    await runScheduler(t);
    const planned = await campaignMessages(t, campaign.id);
    expect(planned.map((m) => `${m.address} ${m.notBefore}`)).toEqual([
      // No zone: the campaign's (Paris).
      'nozone@example.com 2026-02-11T07:00:00.000Z',
      'paris@example.com 2026-02-11T07:00:00.000Z',
      'tokyo@example.com 2026-02-10T23:00:00.000Z',
    ]);
    expect(await sentTo('Late news')).toEqual([]);
    setClock('2026-02-10T23:00:00Z');
    await runScheduler(t);
    expect(await sentTo('Late news')).toEqual(['tokyo@example.com']);
    setClock('2026-02-11T07:00:00Z');
    await runScheduler(t);
    expect((await sentTo('Late news')).length).toBe(3);
  });
});

describe('frequency caps', () => {
  it('with a cap of 2 marketing emails a day, a third campaign excludes exactly the profiles at 2', async () => {
    setClock('2026-04-01T08:00:00Z');
    const ids: Record<string, string> = {};
    for (const name of ['p1', 'p2', 'p3', 'p4'])
      ids[name] = await createProfile(t, admin, {
        identities: [{ namespace: 'email', value: `${name}@cap.example.com` }],
        attributes: {
          cap: 'all',
          first: ['p1', 'p2'].includes(name) ? 'y' : 'n',
          second: name === 'p4' ? 'n' : 'y',
        },
        consent: { email: 'y' },
      });
    const set = await t.app.inject({
      method: 'POST',
      url: '/business-rule-sets',
      headers: admin,
      payload: {
        name: 'Two a day',
        caps: [{ count: 2, period: 'daily', multiplier: 1, channels: ['email'] }],
      },
    });
    expect(set.statusCode, set.body).toBe(201);
    const businessRuleSetId = set.json<{ id: string }>().id;
    await t.app.inject({
      method: 'POST',
      url: `/business-rule-sets/${businessRuleSetId}/activate`,
      headers: admin,
    });
    const once = {
      start: 'manual' as const,
      recurrence: { frequency: 'once' as const },
      timeZone: 'UTC',
      localTime: false,
    };
    const first = await attributeAudience(t, admin, 'first', 'y');
    const second = await attributeAudience(t, admin, 'second', 'y');
    const all = await attributeAudience(t, admin, 'cap', 'all');
    await launch({
      name: 'Cap one',
      audience: { audienceId: first, namespace: 'email' },
      schedule: once,
    });
    await launch({
      name: 'Cap two',
      audience: { audienceId: second, namespace: 'email' },
      schedule: once,
    });
    await runScheduler(t);
    const third = await launch({
      name: 'Cap three',
      audience: { audienceId: all, namespace: 'email' },
      schedule: once,
      controls: { businessRuleSetId },
    });
    const receipt = await createCampaign(t, admin, {
      name: 'Receipt',
      category: 'transactional',
      action: { channel: 'email', configurationId: transactional },
      content: emailContent('Receipt'),
      audience: { audienceId: all, namespace: 'email' },
      schedule: once,
    });
    expect((await act(t, admin, receipt.id, 'activate')).status).toBe(200);
    await runScheduler(t);
    const capped = await campaignMessages(t, third.id);
    expect(capped.map((m) => `${m.address} ${m.status} ${m.reason}`)).toEqual([
      'p1@cap.example.com excluded ExcludedForControlRules',
      'p2@cap.example.com excluded ExcludedForControlRules',
      'p3@cap.example.com sent null',
      'p4@cap.example.com sent null',
    ]);
    // Transactional messages are never capped.
    expect((await sentTo('Receipt')).length).toBe(4);
    // The next day the count starts again.
    setClock('2026-04-02T08:00:00Z');
    const fourth = await launch({
      name: 'Cap four',
      audience: { audienceId: all, namespace: 'email' },
      schedule: once,
      controls: { businessRuleSetId },
    });
    await runScheduler(t);
    expect((await campaignMessages(t, fourth.id)).every((m) => m.status === 'sent')).toBe(true);
  });
});
