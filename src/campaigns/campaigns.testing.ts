// What the action-campaign API tests share: an app on a test clock with an administrator, a
// manager and an approver, a marketing ("News") and a transactional ("Receipts") email
// configuration, three profiles of group "a" of which cy has no email consent, and campaigns
// ready to activate that send to them.
import { createTestApp, TestClock, type TestApp } from '../http/testing.ts';
import type { Campaign, CampaignRun } from './model.ts';
import {
  createCampaign,
  createProfile,
  emailConfiguration,
  emailContent,
  groupAudience,
  type Headers,
} from './testing/fixtures.ts';

export interface CampaignsApp {
  t: TestApp;
  clock: TestClock;
  admin: Headers;
  manager: Headers;
  approver: Headers;
  configurationId: string;
  audienceId: string;
  /** A complete email campaign, created by the manager, that starts when activated. */
  ready: (name: string, extra?: object) => Promise<Campaign>;
  get: (id: string, h?: Headers) => Promise<Campaign>;
  runs: (id: string) => Promise<CampaignRun[]>;
}

export async function openCampaignsApp(): Promise<CampaignsApp> {
  const clock = new TestClock(new Date('2026-11-27T10:00:00Z'));
  const t = await createTestApp({ clock });
  const admin = await t.keyHeaders('campaignAdministrator');
  const manager = await t.keyHeaders('campaignManager');
  const approver = await t.keyHeaders('campaignApprover');
  const configurationId = (await emailConfiguration(t, admin, 'News', 'marketing')).id;
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
  const audienceId = await groupAudience(t, admin, 'a');

  const ready = (name: string, extra: object = {}) =>
    createCampaign(t, manager, {
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
  const get = async (id: string, h = admin) =>
    (await t.app.inject({ method: 'GET', url: `/campaigns/${id}`, headers: h })).json<Campaign>();
  const runs = async (id: string) =>
    (await t.app.inject({ method: 'GET', url: `/campaigns/${id}/runs`, headers: admin })).json<{
      items: CampaignRun[];
    }>().items;
  return { t, clock, admin, manager, approver, configurationId, audienceId, ready, get, runs };
}
