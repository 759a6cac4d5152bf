// Lease renewal: a worker that takes longer than its lease to send a batch, but is alive, keeps
// the batch (nobody else sends it a second time); a worker that stalled until its batch was taken
// over stops sending it, and the new holder sends only what was not recorded.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { channelsDb } from '../channels/db.ts';
import type { Configuration } from '../channels/model.ts';
import { getConfiguration } from '../channels/store.ts';
import { createTestApp, TestClock, type TestApp } from '../http/testing.ts';
import { claimNextBatch, type ClaimedBatch } from './batches.ts';
import { deliveryWorker, type ExecutionSender } from './dispatch.ts';
import { planExecution } from './plan.ts';

const LEASE_MS = 3000;
const clock = new TestClock(new Date('2026-11-27T10:00:00Z'));
let t: TestApp;
let sandboxId: string;
let config: Configuration;
let profileIds: string[];

beforeAll(async () => {
  t = await createTestApp({ clock });
  const h = await t.keyHeaders('campaignAdministrator');
  sandboxId = (
    await t.database.pool.query<{ id: string }>("SELECT id FROM sandboxes WHERE name = 'prod'")
  ).rows[0]!.id;
  const made = await t.database.pool.query<{ id: string }>(
    `WITH p AS (INSERT INTO profiles (sandbox_id) SELECT $1 FROM generate_series(1, 5) RETURNING id)
     INSERT INTO profile_identities (sandbox_id, namespace, value, profile_id)
     SELECT $1, 'email', 'r-' || id || '@example.com', id FROM p RETURNING profile_id AS id`,
    [sandboxId],
  );
  profileIds = made.rows.map((r) => r.id);
  const created = await t.app.inject({
    method: 'POST',
    url: '/channel-configurations',
    headers: h,
    payload: {
      name: 'Receipts',
      channel: 'email',
      category: 'transactional',
      settings: {
        senderName: 'Shop',
        senderAddress: 'orders@shop.example.com',
        listUnsubscribe: { oneClick: false },
        urlParameters: [],
        retryPeriodMinutes: 60,
        softBounceThreshold: 5,
        sendToSpamComplainers: false,
        seedList: [],
        provider: { kind: 'mailbox' },
      },
    },
  });
  const id = created.json<Configuration>().id;
  await t.app.inject({ method: 'POST', url: `/channel-configurations/${id}/activate`, headers: h });
  config = await getConfiguration(channelsDb(t.database.db), sandboxId, id);
});
afterAll(async () => t.close());
beforeEach(async () => {
  await t.database.pool.query('DELETE FROM execution_batches');
  await t.database.pool.query('DELETE FROM executions');
  await t.database.pool.query('DELETE FROM messages');
});

async function plan(): Promise<string> {
  const client = await t.database.pool.connect();
  try {
    const planned = await planExecution(
      client,
      {
        sandboxId,
        actionId: 'receipt',
        channel: 'email',
        category: 'transactional',
        configurationId: config.id,
        content: { subject: 'Thanks', format: 'html', body: '<p>Thanks</p>' },
        source: { profileIds },
        batchSize: 10,
        startsAt: clock.now(),
        createdBy: 'test',
      },
      config,
      clock.now(),
    );
    return planned.id;
  } finally {
    client.release();
  }
}

/** A sender whose every message takes `ms` (on the test clock), with a hook run meanwhile. */
function slowSender(sent: string[], ms: (n: number) => number, meanwhile: () => Promise<void>) {
  const sender: ExecutionSender = {
    retryPeriodMs: 3600_000,
    async send(message) {
      clock.advance(ms(sent.length));
      sent.push(message.address);
      await meanwhile();
      return { status: 'sent', providerId: message.address };
    },
    close: async () => undefined,
  };
  return sender;
}

const statuses = async (executionId: string) =>
  (
    await t.database.pool.query<{ status: string; n: number }>(
      'SELECT status, count(*)::int AS n FROM messages WHERE execution_id = $1 GROUP BY status',
      [executionId],
    )
  ).rows;

describe('a batch that takes longer than its lease', () => {
  it('stays with its worker while the worker is sending', async () => {
    const executionId = await plan();
    const sent: string[] = [];
    const takenByOther: (ClaimedBatch | undefined)[] = [];
    // Each message takes a second: five take 5 s against a 3 s lease.
    const sender = slowSender(
      sent,
      () => 1000,
      async () => {
        takenByOther.push(await claimNextBatch(t.database.pool, 'b', clock.now(), LEASE_MS));
      },
    );
    const worker = deliveryWorker({
      pool: t.database.pool,
      clock,
      workerId: 'a',
      leaseMs: LEASE_MS,
      concurrency: 1,
      senderFor: async () => sender,
    });
    expect(await worker.drain()).toBe(1);
    expect(sent).toHaveLength(5);
    expect(new Set(sent).size).toBe(5);
    expect(takenByOther).toEqual([undefined, undefined, undefined, undefined, undefined]);
    expect(await statuses(executionId)).toEqual([{ status: 'sent', n: 5 }]);
  });

  it('is not sent on by a worker that stalled until another took it over', async () => {
    const executionId = await plan();
    const sent: string[] = [];
    let other: ClaimedBatch | undefined;
    // The second message hangs past the lease; meanwhile worker b takes the batch over.
    const sender = slowSender(
      sent,
      (n) => (n === 1 ? LEASE_MS + 1000 : 100),
      async () => {
        other ??= await claimNextBatch(t.database.pool, 'b', clock.now(), LEASE_MS);
      },
    );
    const stalled = deliveryWorker({
      pool: t.database.pool,
      clock,
      workerId: 'a',
      leaseMs: LEASE_MS,
      concurrency: 1,
      senderFor: async () => sender,
    });
    await stalled.drain();
    expect(other).toBeDefined();
    expect(sent).toHaveLength(2);
    expect(await statuses(executionId)).toEqual(
      expect.arrayContaining([
        { status: 'sent', n: 2 },
        { status: 'sending', n: 3 },
      ]),
    );
    const batch = await t.database.pool.query<{ status: string; claimed_by: string }>(
      'SELECT status, claimed_by FROM execution_batches WHERE execution_id = $1',
      [executionId],
    );
    expect(batch.rows).toEqual([{ status: 'claimed', claimed_by: 'b' }]);

    // Worker b dies in turn; the next one sends only the three that were never recorded.
    clock.advance(LEASE_MS + 1);
    const rest: string[] = [];
    const next = deliveryWorker({
      pool: t.database.pool,
      clock,
      workerId: 'c',
      leaseMs: LEASE_MS,
      senderFor: async () =>
        slowSender(
          rest,
          () => 0,
          async () => undefined,
        ),
    });
    expect(await next.drain()).toBe(1);
    expect(rest).toHaveLength(3);
    expect(new Set([...sent, ...rest]).size).toBe(5);
    expect(await statuses(executionId)).toEqual([{ status: 'sent', n: 5 }]);
  });
});
