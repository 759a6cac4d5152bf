// A configuration's maxPerSecond holds across executions and workers: two executions of one
// configuration, sent by two workers with senders of their own (as two processes would), reserve
// send windows that never overlap, and every message goes out no earlier than its slot.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channelsDb } from '../channels/db.ts';
import type { Configuration } from '../channels/model.ts';
import { getConfiguration } from '../channels/store.ts';
import { createTestApp, TEST_SECRET, TestClock, type TestApp } from '../http/testing.ts';
import { deliveryWorker, type SenderFactory } from './dispatch.ts';
import { planExecution } from './plan.ts';
import { executionSenders } from './senders.ts';

const clock = new TestClock(new Date('2026-11-27T10:00:00Z'));
let t: TestApp;
let h: Record<string, string>;
let sandboxId: string;
let profileIds: string[];

beforeAll(async () => {
  t = await createTestApp({ clock });
  h = await t.keyHeaders('campaignAdministrator');
  sandboxId = (
    await t.database.pool.query<{ id: string }>("SELECT id FROM sandboxes WHERE name = 'prod'")
  ).rows[0]!.id;
  const made = await t.database.pool.query<{ id: string }>(
    `WITH p AS (INSERT INTO profiles (sandbox_id) SELECT $1 FROM generate_series(1, 10) RETURNING id)
     INSERT INTO profile_identities (sandbox_id, namespace, value, profile_id)
     SELECT $1, 'email', 'r-' || id || '@example.com', id FROM p RETURNING profile_id AS id`,
    [sandboxId],
  );
  profileIds = made.rows.map((r) => r.id);
});
afterAll(async () => t.close());

const input = (maxPerSecond: number) => ({
  name: 'Paced',
  channel: 'email',
  category: 'transactional',
  maxPerSecond,
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
});

async function plan(config: Configuration, subject: string): Promise<string> {
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
        content: { subject, format: 'html', body: '<p>Thanks</p>' },
        source: { profileIds },
        batchSize: 5,
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

describe('a configuration with maxPerSecond', () => {
  it('is validated and kept', async () => {
    for (const bad of [0, 10_001, 2.5]) {
      const refused = await t.app.inject({
        method: 'POST',
        url: '/channel-configurations',
        headers: h,
        payload: { ...input(bad), name: `Bad ${bad}` },
      });
      expect(refused.statusCode, refused.body).toBe(400);
      expect(refused.body).toContain('maxPerSecond');
    }
  });

  it('paces all its executions together, whichever worker sends them', async () => {
    const created = await t.app.inject({
      method: 'POST',
      url: '/channel-configurations',
      headers: h,
      payload: input(5),
    });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json<Configuration>().id;
    expect(created.json<Configuration>().maxPerSecond).toBe(5);
    const activated = await t.app.inject({
      method: 'POST',
      url: `/channel-configurations/${id}/activate`,
      headers: h,
    });
    expect(activated.statusCode, activated.body).toBe(200);
    const config = await getConfiguration(channelsDb(t.database.db), sandboxId, id);
    const executions = [await plan(config, 'First'), await plan(config, 'Second')];

    // When each message was handed to its provider, by execution and recipient.
    const sentAt = new Map<string, number>();
    const worker = (name: string) => {
      const senders = executionSenders({
        pool: t.database.pool,
        db: t.database.db,
        clock,
        secret: TEST_SECRET,
        publicUrl: 'http://clarion.test',
      });
      const senderFor: SenderFactory = async (execution) => {
        const sender = await senders(execution);
        const send = sender.send.bind(sender);
        sender.send = (message) => {
          sentAt.set(`${execution.id}/${message.recipientKey}`, clock.now().getTime());
          return send(message);
        };
        return sender;
      };
      return deliveryWorker({
        pool: t.database.pool,
        clock,
        workerId: name,
        senderFor,
        sleep: async (ms) => clock.advance(ms),
      });
    };
    const workers = [worker('a'), worker('b')];
    for (let round = 0; round < 200 && sentAt.size < 20; round++) {
      const sent = await Promise.all(workers.map((w) => w.drain()));
      if (sent.every((n) => n === 0)) clock.advance(100);
    }
    await Promise.all(workers.map((w) => w.stop()));
    expect(sentAt.size).toBe(20);

    // Four batches of five at 5/s: four one-second windows, one after the other.
    const windows = await t.database.pool.query<{
      execution_id: string;
      batch_no: number;
      paced_from: Date;
      paced_until: Date;
    }>(
      `SELECT execution_id, batch_no, paced_from, paced_until FROM execution_batches
        WHERE execution_id = ANY($1::uuid[]) ORDER BY paced_from`,
      [executions],
    );
    expect(windows.rows).toHaveLength(4);
    for (const [i, w] of windows.rows.entries()) {
      expect(w.paced_until.getTime() - w.paced_from.getTime()).toBe(1000);
      const previous = windows.rows[i - 1];
      if (previous)
        expect(w.paced_from.getTime()).toBeGreaterThanOrEqual(previous.paced_until.getTime());
    }
    const first = windows.rows[0]!.paced_from.getTime();
    expect(windows.rows[3]!.paced_until.getTime() - first).toBeGreaterThanOrEqual(4000);
    // Both executions took turns: the limit is the configuration's, not each execution's.
    expect(new Set(windows.rows.map((w) => w.execution_id)).size).toBe(2);

    // Message i of a batch (in recipient order) went out no earlier than its slot, 200 ms apart.
    const messages = await t.database.pool.query<{
      execution_id: string;
      batch_no: number;
      recipient_key: string;
      status: string;
    }>(
      `SELECT execution_id, batch_no, recipient_key, status FROM messages
        WHERE execution_id = ANY($1::uuid[]) ORDER BY recipient_key`,
      [executions],
    );
    expect(new Set(messages.rows.map((m) => m.status))).toEqual(new Set(['sent']));
    const slots: number[] = [];
    for (const w of windows.rows) {
      const inBatch = messages.rows.filter(
        (m) => m.execution_id === w.execution_id && m.batch_no === w.batch_no,
      );
      expect(inBatch).toHaveLength(5);
      for (const [i, m] of inBatch.entries()) {
        const slot = w.paced_from.getTime() + i * 200;
        expect(sentAt.get(`${m.execution_id}/${m.recipient_key}`)).toBeGreaterThanOrEqual(slot);
        slots.push(slot);
      }
    }
    // Never more than five slots in any second.
    for (const slot of slots)
      expect(slots.filter((s) => s >= slot && s < slot + 1000).length).toBeLessThanOrEqual(5);
  });
});
