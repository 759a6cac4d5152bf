// Shared by the feedback webhook's tests: one app on its own database with a test clock, four
// profiles, a transactional mailbox configuration, a receiver on loopback, and ways to send an
// API-triggered execution and run collection and delivery.
import { afterAll, beforeAll, beforeEach, expect } from 'vitest';
import { channelsDb } from '../../channels/db.ts';
import type { Configuration } from '../../channels/model.ts';
import { getConfiguration } from '../../channels/store.ts';
import { deliveryWorker } from '../../delivery/dispatch.ts';
import { planExecution } from '../../delivery/plan.ts';
import { executionSenders } from '../../delivery/senders.ts';
import { createTestApp, TEST_SECRET, TestClock, type TestApp } from '../../http/testing.ts';
import type { Profile } from '../../profiles/model.ts';
import { collectFeedbackEvents } from '../collect.ts';
import { deliverDueEvents } from '../deliver.ts';
import { startReceiver, type Receiver } from './receiver.ts';

export const WEBHOOK_SECRET = 'whsec-0123456789abcdef';
export const clock = new TestClock(new Date('2026-11-27T10:00:00Z'));
export let t: TestApp;
export let h: Record<string, string>;
export let sandboxId: string;
export let config: Configuration;
export let receiver: Receiver;
export const people = new Map<string, string>();

export interface Payload {
  eventId: string;
  requestId: string;
  sandbox: { id: string; name: string };
  channel: string;
  eventType: string;
  timestamp: string;
  messageExecution: Record<string, unknown>;
  messageDeliveryFeedback: {
    feedbackStatus: { value: string };
    messageExclusion: { code: string; reason: string | null } | null;
    messageFailure: { category: string; type: string; code: string | null; reason: string } | null;
    retryCount: number;
  };
  identityMap: Record<string, { id: string }[]>;
}

export const collect = () => collectFeedbackEvents({ pool: t.database.pool, clock });
export const deliver = () =>
  deliverDueEvents({ pool: t.database.pool, db: t.database.db, clock, secret: TEST_SECRET });

async function profile(key: string, body: object): Promise<void> {
  const r = await t.app.inject({ method: 'POST', url: '/profiles', headers: h, payload: body });
  expect(r.statusCode, r.body).toBe(201);
  people.set(key, r.json<Profile>().id);
}

/** Plans and sends a transactional execution; `bob@` is refused by the provider. */
export async function sendExecution(keys: string[], requestId: string, feedback = true) {
  const client = await t.database.pool.connect();
  let id: string;
  try {
    await client.query('BEGIN');
    const planned = await planExecution(
      client,
      {
        sandboxId,
        actionId: 'email-1',
        channel: 'email',
        category: 'transactional',
        configurationId: config.id,
        content: { subject: 'Your order', format: 'html', body: '<p>Thanks</p>' },
        source: { profileIds: keys.map((k) => people.get(k)!) },
        startsAt: clock.now(),
        createdBy: 'test',
      },
      config,
      clock.now(),
    );
    id = planned.id;
    await client.query('UPDATE executions SET feedback = $2, request_id = $3 WHERE id = $1', [
      id,
      feedback,
      requestId,
    ]);
    await client.query('COMMIT');
  } finally {
    client.release();
  }
  const senders = executionSenders({
    pool: t.database.pool,
    db: t.database.db,
    clock,
    secret: TEST_SECRET,
    publicUrl: 'http://clarion.test',
  });
  const worker = deliveryWorker({
    pool: t.database.pool,
    clock,
    workerId: 'w1',
    senderFor: async (execution) => {
      const real = await senders(execution);
      return {
        ...real,
        prepare: real.prepare?.bind(real),
        close: () => real.close(),
        send: async (message) =>
          message.address.startsWith('bob@')
            ? { status: 'failed', kind: 'permanent', reason: '554 rejected by policy' }
            : real.send(message),
      };
    },
  });
  await worker.drain();
  await worker.stop();
  return id;
}

export const payloads = () => receiver.requests.map((r) => JSON.parse(r.body) as Payload);
export const byStatus = (list: Payload[], value: string, person?: string) =>
  list.filter(
    (p) =>
      p.messageDeliveryFeedback.feedbackStatus.value === value &&
      (!person || p.messageExecution.recipientKey === person),
  );

/** Registers the hooks of a test file: one app, receiver and configuration for the file. */
export function useHarness(options: { webhook?: boolean } = {}): void {
  beforeAll(async () => {
    t = await createTestApp({ clock });
    h = await t.keyHeaders('campaignAdministrator');
    receiver = await startReceiver();
    sandboxId = (
      await t.database.pool.query<{ id: string }>("SELECT id FROM sandboxes WHERE name = 'prod'")
    ).rows[0]!.id;
    const email = (value: string) => [{ namespace: 'email', value }];
    await profile('ada', {
      identities: [...email('ada@example.com'), { namespace: 'crmId', value: 'C-1' }],
    });
    await profile('bob', { identities: email('bob@example.com') });
    await profile('cyd', { identities: [{ namespace: 'crmId', value: 'C-3' }] });
    await profile('dan', { identities: email('dan@example.com') });
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
    expect(created.statusCode, created.body).toBe(201);
    const configId = created.json<Configuration>().id;
    const active = await t.app.inject({
      method: 'POST',
      url: `/channel-configurations/${configId}/activate`,
      headers: h,
    });
    expect(active.statusCode, active.body).toBe(200);
    config = await getConfiguration(channelsDb(t.database.db), sandboxId, configId);
    if (options.webhook) {
      const saved = await t.app.inject({
        method: 'PUT',
        url: '/feedback-webhook',
        headers: h,
        payload: { url: receiver.url, secret: WEBHOOK_SECRET, enabled: true },
      });
      expect(saved.statusCode, saved.body).toBe(200);
    }
  });
  afterAll(async () => {
    await receiver.close();
    await t.close();
  });
  beforeEach(() => {
    receiver.requests.length = 0;
    receiver.answer = 200;
  });
}
