// The report tests' world: seven profiles, a mailbox configuration and two runs of one campaign
// planned by the pipeline, their messages moved to known outcomes and treatments, with opens,
// clicks, an unsubscribe and feedback at known times on 2026-11-27 (UTC).
import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { channelsDb } from '../../channels/db.ts';
import type { Configuration } from '../../channels/model.ts';
import { getConfiguration } from '../../channels/store.ts';
import type { ExecutionRequest } from '../../delivery/model.ts';
import { planExecution } from '../../delivery/plan.ts';
import { createTestApp, TestClock, type TestApp } from '../../http/testing.ts';
import type { Profile } from '../../profiles/model.ts';
import type { MainCounts } from '../model.ts';

export const at = (time: string) => new Date(`2026-11-27T${time}:00Z`);

export interface ReportFixture {
  t: TestApp;
  clock: TestClock;
  sandboxId: string;
  campaignId: string;
  run1: string;
  run2: string;
  people: Map<string, string>;
  plan(request: Partial<ExecutionRequest>): Promise<string>;
}

export async function reportFixture(): Promise<ReportFixture> {
  const clock = new TestClock(new Date('2026-11-27T09:00:00Z'));
  const t = await createTestApp({ clock });
  const h = await t.keyHeaders('campaignAdministrator');
  const sandboxId = (
    await t.database.pool.query<{ id: string }>("SELECT id FROM sandboxes WHERE name = 'prod'")
  ).rows[0]!.id;
  const people = new Map<string, string>();
  const campaignId = randomUUID();

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
          content: { subject: 'Hello', format: 'html', body: '<p>Hello</p>' },
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
  const config: Configuration = await getConfiguration(channelsDb(t.database.db), sandboxId, id);

  // Run 1 at 09:00 to all seven: three excluded, a delivered, b sent, c failed, d to be retried.
  const run1 = await plan({ runNo: 1 });
  await outcome(run1, 'a', 'delivered', at('09:05'), 'A');
  await outcome(run1, 'b', 'sent', at('09:10'), 'B');
  await outcome(run1, 'c', 'failed', null, 'A');
  await outcome(run1, 'd', 'retrying', null, 'B');
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
  const run2 = await plan({
    runNo: 2,
    source: { profileIds: [people.get('a')!, people.get('b')!] },
  });
  await outcome(run2, 'a', 'sent', at('13:05'), 'A');
  await outcome(run2, 'b', 'sent', at('13:05'), 'B');
  await track(run2, 'a', 'open', '13:30');
  await track(run2, 'a', 'click', '13:31', offers('a'));
  await feedback(run2, 'b', 'ignored', null, 'out of office', '13:40');
  await feedback(run2, 'b', 'admin', '5.7.1', 'blocked by policy', '13:45');
  // Both runs sent content variants A and B; their batches were worked through.
  await t.database.pool.query(
    `UPDATE executions SET variants = '{"A": {}, "B": {}}' WHERE id = ANY($1::uuid[])`,
    [[run1, run2]],
  );
  await t.database.pool.query(
    "UPDATE execution_batches SET status = 'done' WHERE execution_id = ANY($1::uuid[])",
    [[run1, run2]],
  );

  return { t, clock, sandboxId, campaignId, run1, run2, people, plan };
}

export const counts = (c: Partial<MainCounts>): MainCounts => ({
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
/** What run 1 and run 2 come to. */
export const RUN1 = counts({
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
export const RUN2 = counts({
  targeted: 2,
  sent: 2,
  bounces: 2,
  opens: 1,
  uniqueOpens: 1,
  clicks: 1,
  uniqueClicks: 1,
});
export const mainOf = (row: MainCounts): MainCounts =>
  Object.fromEntries(
    Object.keys(counts({})).map((k) => [k, row[k as keyof MainCounts]]),
  ) as MainCounts;

export function sum(x: MainCounts, y: MainCounts): MainCounts {
  return Object.fromEntries(
    Object.keys(x).map((k) => [k, x[k as keyof MainCounts] + y[k as keyof MainCounts]]),
  ) as MainCounts;
}
