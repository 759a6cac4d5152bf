// Campaign reports on a real database (the world of testing/fixture.ts): every count of the
// report, per execution, treatment and hour; periods, one execution, refusals; and a send through
// the pipeline whose opens and clicks come in through the tracking links.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliveryWorker } from '../delivery/dispatch.ts';
import { executionSenders } from '../delivery/senders.ts';
import { signClaim, type TrackingClaim } from '../delivery/tracking/tokens.ts';
import { TEST_SECRET } from '../http/testing.ts';
import type { CampaignReport } from './model.ts';
import { campaignReport, executionReport, reportOptionsFromQuery } from './report.ts';
import {
  at,
  counts,
  mainOf,
  reportFixture,
  RUN1,
  RUN2,
  sum,
  type ReportFixture,
} from './testing/fixture.ts';

let f: ReportFixture;
beforeAll(async () => {
  f = await reportFixture();
});
afterAll(async () => {
  await f.t.close();
});

describe('campaign report', () => {
  let report: CampaignReport;
  beforeAll(async () => {
    report = await campaignReport(f.t.database.pool, f.sandboxId, f.campaignId, {
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
    expect(report.campaignId).toBe(f.campaignId);
    expect(report.executionId).toBeNull();
    expect(report.executions.map((e) => [e.id, e.runNo, e.channel, e.status])).toEqual([
      [f.run1, 1, 'email', 'planned'],
      [f.run2, 2, 'email', 'planned'],
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

describe('report filters', () => {
  it('sums a period in days', async () => {
    const report = await campaignReport(f.t.database.pool, f.sandboxId, f.campaignId, {
      bucket: 'day',
    });
    expect(report.period.bucket).toBe('day');
    expect(report.series).toEqual([
      { at: '2026-11-27T00:00:00.000Z', sent: 4, opens: 5, clicks: 5, bounces: 4 },
    ]);
  });

  it('counts only the activity within a period, with every bucket of it', async () => {
    const report = await campaignReport(f.t.database.pool, f.sandboxId, f.campaignId, {
      from: at('10:00'),
      to: at('12:00'),
    });
    expect(report.period).toEqual({
      from: '2026-11-27T10:00:00.000Z',
      to: '2026-11-27T12:00:00.000Z',
      bucket: 'hour',
    });
    // Nothing was planned or sent in the period: only opens, clicks and the unsubscribe.
    expect(report.totals).toMatchObject({
      targeted: 0,
      sent: 0,
      opens: { total: 3, unique: 2 },
      clicks: {
        total: 3,
        unique: 2,
        perLink: [
          { linkIndex: 0, url: 'https://shop.example.com/offers?who=a', total: 2, unique: 2 },
          { linkIndex: 1, url: 'https://shop.example.com/help', total: 1, unique: 1 },
        ],
      },
      unsubscribes: 1,
      complaints: 0,
      bounces: { hard: 0, soft: 0, ignored: 0, admin: 0, byReason: [] },
    });
    expect(report.series).toEqual([
      { at: '2026-11-27T10:00:00.000Z', sent: 0, opens: 3, clicks: 3, bounces: 0 },
      { at: '2026-11-27T11:00:00.000Z', sent: 0, opens: 0, clicks: 0, bounces: 0 },
    ]);
    // A quiet period still has its buckets.
    const quiet = await campaignReport(
      f.t.database.pool,
      f.sandboxId,
      f.campaignId,
      reportOptionsFromQuery({ from: '2026-11-28T00:00:00Z', to: '2026-11-28T03:00:00Z' }),
    );
    expect(quiet.totals.targeted).toBe(0);
    expect(quiet.series.map((s) => [s.at, s.sent + s.opens + s.clicks + s.bounces])).toEqual([
      ['2026-11-28T00:00:00.000Z', 0],
      ['2026-11-28T01:00:00.000Z', 0],
      ['2026-11-28T02:00:00.000Z', 0],
    ]);
  });

  it('reports one execution of the campaign', async () => {
    const report = await campaignReport(f.t.database.pool, f.sandboxId, f.campaignId, {
      executionId: f.run2,
    });
    expect(report.executionId).toBe(f.run2);
    expect(report.executions.map((e) => e.id)).toEqual([f.run2]);
    expect(mainOf(report.executions[0]!)).toEqual(RUN2);
    expect(report.totals).toMatchObject({
      targeted: 2,
      excluded: 0,
      excludedByReason: [],
      opens: { total: 1, unique: 1 },
      bounces: { hard: 0, soft: 0, ignored: 1, admin: 1 },
    });
    expect(report.series.map((s) => s.at)).toEqual(['2026-11-27T13:00:00.000Z']);
    // The same through the execution alone, which finds its campaign.
    const alone = await executionReport(f.t.database.pool, f.sandboxId, f.run1);
    expect(alone.campaignId).toBe(f.campaignId);
    expect(alone.executionId).toBe(f.run1);
    expect(mainOf(alone.executions[0]!)).toEqual(RUN1);
    expect(alone.totals.clicks.perLink.map((l) => [l.linkIndex, l.total, l.unique])).toEqual([
      [0, 3, 2],
      [1, 1, 1],
    ]);
  });

  it('refuses an execution of another campaign or none, and a period that ends first', async () => {
    const other = randomUUID();
    await expect(
      campaignReport(f.t.database.pool, f.sandboxId, other, { executionId: f.run1 }),
    ).rejects.toMatchObject({ code: 'EXECUTION_NOT_FOUND' });
    await expect(
      executionReport(f.t.database.pool, f.sandboxId, randomUUID()),
    ).rejects.toMatchObject({
      code: 'EXECUTION_NOT_FOUND',
    });
    await expect(
      campaignReport(f.t.database.pool, f.sandboxId, f.campaignId, {
        from: at('12:00'),
        to: at('10:00'),
      }),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(
      campaignReport(f.t.database.pool, f.sandboxId, f.campaignId, {
        from: new Date('2026-01-01T00:00:00Z'),
        to: new Date('2027-01-01T00:00:00Z'),
        bucket: 'hour',
      }),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    // A campaign without executions has an empty report.
    const empty = await campaignReport(f.t.database.pool, f.sandboxId, other);
    expect(empty.executions).toEqual([]);
    expect(empty.treatments).toEqual([]);
    expect(empty.experiment).toBeNull();
    expect(empty.series).toEqual([]);
    expect(empty.totals.targeted).toBe(0);
  });
});

describe('report of a send through the pipeline', () => {
  it('counts what the mailbox received and the tracking links recorded', async () => {
    const sentCampaign = randomUUID();
    const [a, b] = [f.people.get('a')!, f.people.get('b')!];
    const executionId = await f.plan({
      campaignId: sentCampaign,
      content: {
        subject: 'Offers',
        format: 'html',
        body: '<p><a href="https://shop.example.com/offers">Offers</a></p>',
      },
      source: { profileIds: [a, b] },
    });
    const worker = deliveryWorker({
      pool: f.t.database.pool,
      clock: f.clock,
      workerId: 'w1',
      senderFor: executionSenders({
        pool: f.t.database.pool,
        db: f.t.database.db,
        clock: f.clock,
        secret: TEST_SECRET,
        publicUrl: 'http://clarion.test',
      }),
    });
    await worker.drain();
    await worker.stop();
    const ref = { sandboxId: f.sandboxId, executionId, actionId: 'email-1' };
    const hit = async (claim: TrackingClaim) => {
      const kind = claim.kind === 'open' ? 'o' : 'c';
      const r = await f.t.app.inject({
        method: 'GET',
        url: `/t/${kind}/${signClaim(TEST_SECRET, claim)}`,
      });
      expect(r.statusCode, r.body).toBeLessThan(400);
    };
    await hit({ kind: 'open', recipientKey: a, ...ref });
    await hit({ kind: 'open', recipientKey: a, ...ref });
    await hit({ kind: 'open', recipientKey: b, ...ref });
    await hit({
      kind: 'click',
      recipientKey: b,
      link: 0,
      url: 'https://shop.example.com/offers',
      ...ref,
    });

    const report = await campaignReport(f.t.database.pool, f.sandboxId, sentCampaign);
    expect(report.totals).toMatchObject({
      targeted: 2,
      sent: 2,
      pending: 0,
      errors: 0,
      opens: { total: 3, unique: 2 },
      clicks: {
        total: 1,
        unique: 1,
        perLink: [{ linkIndex: 0, url: 'https://shop.example.com/offers', total: 1, unique: 1 }],
      },
    });
    expect(report.treatments).toEqual([]);
    expect(report.experiment).toBeNull();
    expect(report.series).toEqual([
      { at: '2026-11-27T13:00:00.000Z', sent: 2, opens: 3, clicks: 1, bounces: 0 },
    ]);
  });
});
