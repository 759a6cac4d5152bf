// Experiments in a recurring campaign: holdout and treatments assigned once per profile, the
// report per treatment with lift and confidence, and the winner scaled automatically before the
// next run (or by hand).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, TestClock, type TestApp } from '../http/testing.ts';
import type { CampaignReport } from '../reports/model.ts';
import type { Campaign, CampaignCreate } from './model.ts';
import {
  act,
  attributeAudience,
  campaignMessages,
  createCampaign,
  createProfile,
  emailConfiguration,
  runScheduler,
  type Headers,
} from './testing/fixtures.ts';

const clock = new TestClock(new Date('2026-05-04T07:00:00Z'));
let t: TestApp;
let admin: Headers;
let configurationId: string;
let audienceId: string;
const PROFILES = 400;

const email = (subject: string) => ({ subject, format: 'html' as const, body: '<p>Hi</p>' });
function experimentCampaign(
  name: string,
  winner: 'manual' | 'automatic',
): Partial<CampaignCreate> & Pick<CampaignCreate, 'name'> {
  return {
    name,
    action: { channel: 'email', configurationId },
    audience: { audienceId, namespace: 'email' },
    content: {
      mode: 'experiment',
      treatments: [
        { key: 'A', name: 'Plain', split: 50, content: email(`${name} A`) },
        { key: 'B', name: 'Emoji', split: 50, content: email(`${name} B`) },
      ],
      holdoutPercent: 10,
      metric: 'opens',
      winner,
    },
    schedule: {
      start: 'manual',
      recurrence: { frequency: 'daily' },
      time: '08:00',
      timeZone: 'UTC',
      localTime: false,
    },
  };
}

/** Every message of treatment `key` in the campaign's first run is opened once. */
async function openAll(campaignId: string, key: string): Promise<void> {
  await t.database.pool.query(
    `INSERT INTO tracking_events (sandbox_id, execution_id, recipient_key, action_id, profile_id, kind, at)
     SELECT m.sandbox_id, m.execution_id, m.recipient_key, m.action_id, m.profile_id, 'open', $3
       FROM messages m JOIN executions e ON e.sandbox_id = m.sandbox_id AND e.id = m.execution_id
      WHERE e.campaign_id = $1 AND m.treatment = $2 AND m.status = 'sent'`,
    [campaignId, key, clock.now()],
  );
}

const report = async (id: string) => {
  const r = await t.app.inject({ method: 'GET', url: `/campaigns/${id}/report`, headers: admin });
  expect(r.statusCode, r.body).toBe(200);
  return r.json<CampaignReport>();
};

beforeAll(async () => {
  t = await createTestApp({ clock });
  admin = await t.keyHeaders('campaignAdministrator');
  configurationId = (await emailConfiguration(t, admin, 'News', 'marketing')).id;
  await t.database.pool.query('SELECT 1');
  for (let i = 0; i < PROFILES; i++)
    await createProfile(t, admin, {
      identities: [{ namespace: 'email', value: `p${i}@exp.example.com` }],
      attributes: { exp: 'yes' },
      consent: { email: 'y' },
    });
  audienceId = await attributeAudience(t, admin, 'exp', 'yes');
}, 120_000);
afterAll(() => t.close());

describe('experiments', () => {
  it('holds out about 10 %, splits the rest, reports per treatment and scales the winner before the next run', async () => {
    const created = await createCampaign(t, admin, experimentCampaign('Launch', 'automatic'));
    expect((await act(t, admin, created.id, 'activate')).status).toBe(200);
    clock.advance(3_600_000);
    await runScheduler(t);
    const first = await campaignMessages(t, created.id);
    const holdout = first.filter((m) => m.reason === 'ExperimentationHoldoutExclusion');
    const a = first.filter((m) => m.treatment === 'A' && m.status === 'sent');
    const b = first.filter((m) => m.treatment === 'B' && m.status === 'sent');
    expect(holdout.length).toBeGreaterThan(PROFILES * 0.05);
    expect(holdout.length).toBeLessThan(PROFILES * 0.15);
    expect(a.length + b.length + holdout.length).toBe(PROFILES);
    expect(Math.abs(a.length - b.length)).toBeLessThan(PROFILES * 0.2);

    await openAll(created.id, 'B');
    const r = await report(created.id);
    expect(r.totals).toMatchObject({
      targeted: PROFILES,
      excluded: holdout.length,
      sent: a.length + b.length,
    });
    expect(r.totals.excludedByReason).toEqual([
      { reason: 'ExperimentationHoldoutExclusion', count: holdout.length },
    ]);
    expect(r.treatments.map((row) => [row.key, row.sent, row.openRate])).toEqual([
      ['A', a.length, 0],
      ['B', b.length, 1],
    ]);
    expect(r.experiment).toMatchObject({ metric: 'opens', winner: 'B' });
    expect(r.experiment?.rows[1]?.confidence).toBeGreaterThan(0.95);

    // The next run sends the winner to everyone, holdout included.
    clock.advance(24 * 3_600_000);
    await runScheduler(t);
    const campaign = (
      await t.app.inject({ method: 'GET', url: `/campaigns/${created.id}`, headers: admin })
    ).json<Campaign>();
    expect(campaign.content).toMatchObject({ mode: 'experiment', scaledTo: 'B' });
    const second = (await campaignMessages(t, created.id)).filter((m) => m.run === 2);
    expect(second).toHaveLength(PROFILES);
    expect(second.every((m) => m.status === 'sent' && m.treatment === null)).toBe(true);
    const subjects = await t.database.pool.query<{ subject: string; n: string }>(
      `SELECT subject, count(*) AS n FROM mailbox_messages WHERE subject LIKE 'Launch%' GROUP BY subject ORDER BY subject`,
    );
    expect(subjects.rows.map((row) => `${row.subject}=${row.n}`)).toEqual([
      `Launch A=${a.length}`,
      `Launch B=${b.length + PROFILES}`,
    ]);
    // Assignment is per profile: the same experiment puts a profile in the same treatment.
    await act(t, admin, created.id, 'stop');
  });

  it('an approver scales a winner by hand; a viewer may not', async () => {
    const created = await createCampaign(t, admin, experimentCampaign('Manual', 'manual'));
    const early = await t.app.inject({
      method: 'POST',
      url: `/campaigns/${created.id}/scale-winner`,
      headers: admin,
      payload: { treatment: 'A' },
    });
    expect(early.statusCode).toBe(409);
    await act(t, admin, created.id, 'activate');
    const viewer = await t.keyHeaders('campaignViewer');
    const refused = await t.app.inject({
      method: 'POST',
      url: `/campaigns/${created.id}/scale-winner`,
      headers: viewer,
      payload: { treatment: 'A' },
    });
    expect(refused.statusCode).toBe(403);
    const unknown = await t.app.inject({
      method: 'POST',
      url: `/campaigns/${created.id}/scale-winner`,
      headers: admin,
      payload: { treatment: 'Z' },
    });
    expect(unknown.statusCode).toBe(400);
    const scaled = await t.app.inject({
      method: 'POST',
      url: `/campaigns/${created.id}/scale-winner`,
      headers: admin,
      payload: { treatment: 'A' },
    });
    expect(scaled.statusCode, scaled.body).toBe(200);
    expect(scaled.json<Campaign>().content).toMatchObject({ scaledTo: 'A' });
    clock.advance(24 * 3_600_000);
    await runScheduler(t);
    const sent = await campaignMessages(t, created.id);
    expect(sent.length).toBe(PROFILES);
    expect(sent.every((m) => m.treatment === null && m.status === 'sent')).toBe(true);
  });
});

describe('targeting rules', () => {
  it('sends each profile the first variant whose rule it matches, the fallback to the rest', async () => {
    const rule = (value: string) => ({
      version: 1 as const,
      root: { kind: 'attribute', path: 'tier', type: 'string', operator: 'equals', value },
    });
    for (const [i, tier] of ['gold', 'gold', 'silver', 'none'].entries())
      await createProfile(t, admin, {
        identities: [{ namespace: 'email', value: `r${i}@rules.example.com` }],
        attributes: { rules: 'yes', tier },
        consent: { email: 'y' },
      });
    const audience = await attributeAudience(t, admin, 'rules', 'yes');
    const base = {
      action: { channel: 'email' as const, configurationId },
      audience: { audienceId: audience, namespace: 'email' },
      schedule: {
        start: 'manual' as const,
        recurrence: { frequency: 'once' as const },
        timeZone: 'UTC',
        localTime: false,
      },
    };
    const variants = [
      { key: 'gold', name: 'Gold', rule: rule('gold'), content: email('For gold') },
      { key: 'silver', name: 'Silver', rule: rule('silver'), content: email('For silver') },
    ];
    const withFallback = await createCampaign(t, admin, {
      name: 'Tiers',
      ...base,
      content: { mode: 'rules', variants, fallback: email('For everyone') },
    });
    const without = await createCampaign(t, admin, {
      name: 'Tiers only',
      ...base,
      content: { mode: 'rules', variants, fallback: null },
    });
    const review = await t.app.inject({
      method: 'GET',
      url: `/campaigns/${without.id}/review`,
      headers: admin,
    });
    expect(
      review.json<{ problems: { code: string; severity: string }[] }>().problems,
    ).toContainEqual(expect.objectContaining({ code: 'NO_FALLBACK', severity: 'warning' }));
    await act(t, admin, withFallback.id, 'activate');
    await act(t, admin, without.id, 'activate');
    await runScheduler(t);
    const line = (m: {
      address: string | null;
      status: string;
      treatment: string | null;
      reason: string | null;
    }) => `${m.address} ${m.status} ${m.treatment ?? m.reason ?? '-'}`;
    expect((await campaignMessages(t, withFallback.id)).map(line)).toEqual([
      'r0@rules.example.com sent gold',
      'r1@rules.example.com sent gold',
      'r2@rules.example.com sent silver',
      'r3@rules.example.com sent -',
    ]);
    expect((await campaignMessages(t, without.id)).map(line)).toEqual([
      'r0@rules.example.com sent gold',
      'r1@rules.example.com sent gold',
      'r2@rules.example.com sent silver',
      'r3@rules.example.com excluded NoTargetingRuleMatched',
    ]);
    const subjects = await t.database.pool.query<{ recipient: string; subject: string }>(
      `SELECT recipient, subject FROM mailbox_messages WHERE recipient LIKE '%@rules.example.com' AND subject LIKE 'For %' ORDER BY recipient, subject`,
    );
    expect(subjects.rows.map((r) => `${r.recipient} ${r.subject}`)).toEqual([
      'r0@rules.example.com For gold',
      'r0@rules.example.com For gold',
      'r1@rules.example.com For gold',
      'r1@rules.example.com For gold',
      'r2@rules.example.com For silver',
      'r2@rules.example.com For silver',
      'r3@rules.example.com For everyone',
    ]);
  });
});
