// Campaign reports on a real database: two executions of one campaign planned by the pipeline,
// their messages moved to known outcomes, opens, clicks, unsubscribes and feedback at known
// times; then every count of the report, per execution, treatment and hour, and as CSV.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channelsDb } from '../channels/db.ts';
import type { Configuration } from '../channels/model.ts';
import { getConfiguration } from '../channels/store.ts';
import type { ExecutionRequest } from '../delivery/model.ts';
import { planExecution } from '../delivery/plan.ts';
import { createTestApp, TestClock, type TestApp } from '../http/testing.ts';
import type { Profile } from '../profiles/model.ts';
import { reportCsv } from './csv.ts';
import type { CampaignReport, MainCounts } from './model.ts';
import { campaignReport, executionReport } from './report.ts';

const clock = new TestClock(new Date('2026-11-27T09:00:00Z'));
let t: TestApp;
let h: Record<string, string>;
let sandboxId: string;
let config: Configuration;
const people = new Map<string, string>();
const campaignId = randomUUID();
let run1: string;
let run2: string;

const at = (time: string) => new Date(`2026-11-27T${time}:00Z`);

async function profile(key: string, body: object): Promise<void> {
  const r = await t.app.inject({ method: 'POST', url: '/profiles', headers: h, payload: body });
  expect(r.statusCode, r.body).toBe(201);
  people.set(key, r.json<Profile>().id);
}

async function plan(request: Partial<ExecutionRequest>): Promise<string> {
  const client = await t.database.pool.connect();
  try {
    const planned = await planExecution(
      client,
      {
        sandboxId,
        campaignId,
        actionId: 'email-1',
        channel: 'email',
        category: 'marketing',
        configurationId: config.id,
        content: { subject: 'Hello' },
        source: { profileIds: [...people.values()] },
        startsAt: clock.now(),
        createdBy: 'test',
        ...request,
      },
      config,
      clock.now(),
    );
    return planned.id;
  } finally {
    client.release();
  }
}

/** Sets a message's outcome, send time and treatment, as the pipeline would have. */
async function outcome(
  executionId: string,
  who: string,
  status: string,
  sentAt: Date | null,
  treatment: string,
): Promise<void> {
  const updated = await t.database.pool.query(
    `UPDATE messages SET status = $3, sent_at = $4, treatment = $5
      WHERE execution_id = $1 AND profile_id = $2`,
    [executionId, people.get(who), status, sentAt, treatment],
  );
  expect(updated.rowCount).toBe(1);
}

async function track(
  executionId: string,
  who: string,
  kind: 'open' | 'click' | 'unsubscribe',
  time: string,
  link?: { index: number; url: string },
): Promise<void> {
  await t.database.pool.query(
    `INSERT INTO tracking_events (sandbox_id, execution_id, recipient_key, action_id, profile_id, kind,
                                  link_index, url, at)
     VALUES ($1, $2, $3::text, 'email-1', $3::uuid, $4, $5, $6, $7)`,
    [
      sandboxId,
      executionId,
      people.get(who),
      kind,
      link?.index ?? null,
      link?.url ?? null,
      at(time),
    ],
  );
}

async function feedback(
  executionId: string,
  who: string,
  kind: 'hard' | 'soft' | 'ignored' | 'admin' | 'complaint',
  statusCode: string | null,
  diagnostic: string,
  time: string,
): Promise<void> {
  await t.database.pool.query(
    `INSERT INTO delivery_feedback (sandbox_id, channel, source, kind, configuration_id, execution_id,
                                    recipient_key, action_id, profile_id, address, status_code,
                                    diagnostic, received_at)
     VALUES ($1, 'email', 'dsn', $2, $3, $4, $5::text, 'email-1', $5::uuid, $6, $7, $8, $9)`,
    [
      sandboxId,
      kind,
      config.id,
      executionId,
      people.get(who),
      `${who}@example.com`,
      statusCode,
      diagnostic,
      at(time),
    ],
  );
}

const offers = (who: string) => ({ index: 0, url: `https://shop.example.com/offers?who=${who}` });
const help = { index: 1, url: 'https://shop.example.com/help' };

beforeAll(async () => {
  t = await createTestApp({ clock });
  h = await t.keyHeaders('campaignAdministrator');
  sandboxId = (
    await t.database.pool.query<{ id: string }>("SELECT id FROM sandboxes WHERE name = 'prod'")
  ).rows[0]!.id;
  const email = (value: string) => [{ namespace: 'email', value }];
  for (const who of ['a', 'b', 'c', 'd'])
    await profile(who, { identities: email(`${who}@example.com`), consent: { email: 'y' } });
  await profile('optedOut', { identities: email('out@example.com'), consent: { email: 'n' } });
  await profile('noEmail', {
    identities: [{ namespace: 'crmId', value: 'C-1' }],
    consent: { email: 'y' },
  });
  await profile('blocked', { identities: email('blocked@example.com'), consent: { email: 'y' } });
  const suppressed = await t.app.inject({
    method: 'POST',
    url: '/suppressions',
    headers: h,
    payload: { channel: 'email', address: 'blocked@example.com', reason: 'asked by phone' },
  });
  expect(suppressed.statusCode, suppressed.body).toBeLessThan(300);

  const created = await t.app.inject({
    method: 'POST',
    url: '/channel-configurations',
    headers: h,
    payload: {
      name: 'Newsletter',
      channel: 'email',
      category: 'marketing',
      settings: {
        senderName: 'Shop',
        senderAddress: 'news@shop.example.com',
        listUnsubscribe: { oneClick: true },
        urlParameters: [],
        retryPeriodMinutes: 360,
        softBounceThreshold: 5,
        sendToSpamComplainers: false,
        seedList: [],
        provider: { kind: 'mailbox' },
      },
    },
  });
  expect(created.statusCode, created.body).toBe(201);
  const id = created.json<Configuration>().id;
  const active = await t.app.inject({
    method: 'POST',
    url: `/channel-configurations/${id}/activate`,
    headers: h,
  });
  expect(active.statusCode, active.body).toBe(200);
  config = await getConfiguration(channelsDb(t.database.db), sandboxId, id);

  // Run 1 at 09:00 to all seven: three excluded, a delivered, b sent, c failed, d still queued.
  run1 = await plan({ runNo: 1 });
  await outcome(run1, 'a', 'delivered', at('09:05'), 'A');
  await outcome(run1, 'b', 'sent', at('09:10'), 'B');
  await outcome(run1, 'c', 'failed', null, 'A');
  await outcome(run1, 'd', 'queued', null, 'B');
  await track(run1, 'a', 'open', '10:00');
  await track(run1, 'a', 'open', '10:30');
  await track(run1, 'a', 'open', '12:15');
  await track(run1, 'a', 'click', '10:31', offers('a'));
  await track(run1, 'a', 'click', '12:20', offers('a'));
  await track(run1, 'a', 'click', '10:32', help);
  await track(run1, 'b', 'open', '10:05');
  await track(run1, 'b', 'click', '10:06', offers('b'));
  await track(run1, 'b', 'unsubscribe', '10:07');
  await feedback(run1, 'c', 'hard', '5.1.1', 'user unknown', '09:06');
  await feedback(run1, 'b', 'soft', '4.2.2', 'mailbox full', '09:20');
  await feedback(run1, 'b', 'soft', '4.2.2', 'mailbox full', '09:50');
  await feedback(run1, 'a', 'complaint', null, 'abuse report', '12:30');

  // Run 2 at 13:00 to a and b, both sent; a opens and clicks, b's message comes back twice.
  clock.advance(4 * 3_600_000);
  run2 = await plan({ runNo: 2, source: { profileIds: [people.get('a')!, people.get('b')!] } });
  await outcome(run2, 'a', 'sent', at('13:05'), 'A');
  await outcome(run2, 'b', 'sent', at('13:05'), 'B');
  await track(run2, 'a', 'open', '13:30');
  await track(run2, 'a', 'click', '13:31', offers('a'));
  await feedback(run2, 'b', 'ignored', null, 'out of office', '13:40');
  await feedback(run2, 'b', 'admin', '5.7.1', 'blocked by policy', '13:45');
});
afterAll(async () => {
  await t.close();
});

const counts = (c: Partial<MainCounts>): MainCounts => ({
  targeted: 0,
  excluded: 0,
  sent: 0,
  delivered: 0,
  bounces: 0,
  errors: 0,
  pending: 0,
  opens: 0,
  uniqueOpens: 0,
  clicks: 0,
  uniqueClicks: 0,
  unsubscribes: 0,
  complaints: 0,
  ...c,
});
const RUN1 = counts({
  targeted: 7,
  excluded: 3,
  sent: 2,
  delivered: 1,
  bounces: 2,
  errors: 1,
  pending: 1,
  opens: 4,
  uniqueOpens: 2,
  clicks: 4,
  uniqueClicks: 2,
  unsubscribes: 1,
  complaints: 1,
});
const RUN2 = counts({
  targeted: 2,
  sent: 2,
  bounces: 2,
  opens: 1,
  uniqueOpens: 1,
  clicks: 1,
  uniqueClicks: 1,
});
const mainOf = (row: MainCounts): MainCounts =>
  Object.fromEntries(
    Object.keys(counts({})).map((k) => [k, row[k as keyof MainCounts]]),
  ) as MainCounts;

describe('campaign report', () => {
  let report: CampaignReport;
  beforeAll(async () => {
    report = await campaignReport(t.database.pool, sandboxId, campaignId, {
      treatmentOrder: ['A', 'B'],
    });
  });

  it('totals the outcomes of every execution', () => {
    const totals = report.totals;
    expect(totals).toMatchObject({
      targeted: 9,
      excluded: 3,
      sent: 4,
      delivered: 1,
      errors: 1,
      pending: 1,
      opens: { total: 5, unique: 3 },
      unsubscribes: 1,
      complaints: 1,
    });
    expect(totals.excludedByReason).toEqual([
      { reason: 'EmailNoAddressFoundInProfile', count: 1 },
      { reason: 'EmailNoConsent', count: 1 },
      { reason: 'Suppressed', count: 1 },
    ]);
  });

  it('counts bounces once per message and class, with their reasons', () => {
    expect(report.totals.bounces).toEqual({
      hard: 1,
      soft: 1,
      ignored: 1,
      admin: 1,
      byReason: [
        { kind: 'admin', statusCode: '5.7.1', diagnostic: 'blocked by policy', count: 1 },
        { kind: 'hard', statusCode: '5.1.1', diagnostic: 'user unknown', count: 1 },
        { kind: 'ignored', statusCode: null, diagnostic: 'out of office', count: 1 },
        { kind: 'soft', statusCode: '4.2.2', diagnostic: 'mailbox full', count: 1 },
      ],
    });
  });

  it('counts clicks in all, per message and per link', () => {
    expect(report.totals.clicks).toEqual({
      total: 5,
      unique: 3,
      perLink: [
        { linkIndex: 0, url: 'https://shop.example.com/offers?who=a', total: 4, unique: 3 },
        { linkIndex: 1, url: 'https://shop.example.com/help', total: 1, unique: 1 },
      ],
    });
  });

  it('has a row per execution, in the order they ran, and one per channel', () => {
    expect(report.campaignId).toBe(campaignId);
    expect(report.executionId).toBeNull();
    expect(report.executions.map((e) => [e.id, e.runNo, e.channel, e.status])).toEqual([
      [run1, 1, 'email', 'planned'],
      [run2, 2, 'email', 'planned'],
    ]);
    expect(report.executions.map((e) => [e.createdAt, e.startsAt, e.finishedAt])).toEqual([
      ['2026-11-27T09:00:00.000Z', '2026-11-27T09:00:00.000Z', null],
      ['2026-11-27T13:00:00.000Z', '2026-11-27T13:00:00.000Z', null],
    ]);
    expect(report.executions.map(mainOf)).toEqual([RUN1, RUN2]);
    expect(report.channels).toEqual([{ channel: 'email', ...counts({}), ...sum(RUN1, RUN2) }]);
  });

  it('has a row per treatment with its rates, and the experiment against the first', () => {
    expect(report.treatments).toEqual([
      {
        key: 'A',
        ...counts({
          targeted: 3,
          sent: 2,
          delivered: 1,
          bounces: 1,
          errors: 1,
          opens: 4,
          uniqueOpens: 2,
          clicks: 4,
          uniqueClicks: 2,
          complaints: 1,
        }),
        openRate: 1,
        clickRate: 1,
      },
      {
        key: 'B',
        ...counts({
          targeted: 3,
          sent: 2,
          bounces: 3,
          pending: 1,
          opens: 1,
          uniqueOpens: 1,
          clicks: 1,
          uniqueClicks: 1,
          unsubscribes: 1,
        }),
        openRate: 0.5,
        clickRate: 0.5,
      },
    ]);
    const experiment = report.experiment!;
    expect(experiment.metric).toBe('opens');
    expect(experiment.rows.map((r) => [r.key, r.sent, r.conversions, r.rate, r.lift])).toEqual([
      ['A', 2, 2, 1, null],
      ['B', 2, 1, 0.5, -0.5],
    ]);
    expect(experiment.rows[1]!.confidence).toBeCloseTo(0.7518, 3);
    expect(experiment.winner).toBeNull();
  });

  it('puts the activity in hourly buckets, the quiet hour included', () => {
    expect(report.period).toEqual({ from: null, to: null, bucket: 'hour' });
    expect(report.series).toEqual([
      { at: '2026-11-27T09:00:00.000Z', sent: 2, opens: 0, clicks: 0, bounces: 2 },
      { at: '2026-11-27T10:00:00.000Z', sent: 0, opens: 3, clicks: 3, bounces: 0 },
      { at: '2026-11-27T11:00:00.000Z', sent: 0, opens: 0, clicks: 0, bounces: 0 },
      { at: '2026-11-27T12:00:00.000Z', sent: 0, opens: 1, clicks: 1, bounces: 0 },
      { at: '2026-11-27T13:00:00.000Z', sent: 2, opens: 1, clicks: 1, bounces: 2 },
    ]);
  });
});

function sum(x: MainCounts, y: MainCounts): MainCounts {
  return Object.fromEntries(
    Object.keys(x).map((k) => [k, x[k as keyof MainCounts] + y[k as keyof MainCounts]]),
  ) as MainCounts;
}
