// The feedback webhook end to end on real PostgreSQL: API-triggered executions are planned and
// sent through the mailbox, their events collected into the outbox and POSTed, signed, to a
// receiver on loopback; retries move with the test clock.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { channelsDb } from '../channels/db.ts';
import type { Configuration } from '../channels/model.ts';
import { getConfiguration } from '../channels/store.ts';
import { deliveryWorker } from '../delivery/dispatch.ts';
import { confirmDelivery, findMessageById, recordFeedback } from '../delivery/feedback/store.ts';
import { planExecution } from '../delivery/plan.ts';
import { executionSenders } from '../delivery/senders.ts';
import { createTestApp, TEST_SECRET, TestClock, type TestApp } from '../http/testing.ts';
import type { Profile } from '../profiles/model.ts';
import { collectFeedbackEvents } from './collect.ts';
import { deliverDueEvents, MAX_ATTEMPTS } from './deliver.ts';
import type { FeedbackWebhook, TestResult, WebhookEvent } from './model.ts';
import { verifySignature } from './signature.ts';
import { startReceiver, type Receiver } from './testing/receiver.ts';

const WEBHOOK_SECRET = 'whsec-0123456789abcdef';
const clock = new TestClock(new Date('2026-11-27T10:00:00Z'));
let t: TestApp;
let h: Record<string, string>;
let sandboxId: string;
let config: Configuration;
let receiver: Receiver;
const people = new Map<string, string>();

interface Payload {
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

const collect = () => collectFeedbackEvents({ pool: t.database.pool, clock });
const deliver = () =>
  deliverDueEvents({ pool: t.database.pool, db: t.database.db, clock, secret: TEST_SECRET });

async function profile(key: string, body: object): Promise<void> {
  const r = await t.app.inject({ method: 'POST', url: '/profiles', headers: h, payload: body });
  expect(r.statusCode, r.body).toBe(201);
  people.set(key, r.json<Profile>().id);
}

/** Plans and sends a transactional execution; `bob@` is refused by the provider. */
async function sendExecution(keys: string[], requestId: string, feedback = true) {
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

const payloads = () => receiver.requests.map((r) => JSON.parse(r.body) as Payload);
const byStatus = (list: Payload[], value: string, person?: string) =>
  list.filter(
    (p) =>
      p.messageDeliveryFeedback.feedbackStatus.value === value &&
      (!person || p.messageExecution.recipientKey === person),
  );

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
});
afterAll(async () => {
  await receiver.close();
  await t.close();
});
beforeEach(() => {
  receiver.requests.length = 0;
  receiver.answer = 200;
});

describe('feedback webhook settings', () => {
  it('refuses a plain-http URL elsewhere than this machine, and a new webhook without secret', async () => {
    const far = await t.app.inject({
      method: 'PUT',
      url: '/feedback-webhook',
      headers: h,
      payload: { url: 'http://hooks.example.com/x', secret: WEBHOOK_SECRET, enabled: true },
    });
    expect(far.statusCode).toBe(400);
    expect(far.json()).toMatchObject({
      code: 'FEEDBACK_WEBHOOK_INVALID',
      details: [{ path: '/url' }],
    });
    const noSecret = await t.app.inject({
      method: 'PUT',
      url: '/feedback-webhook',
      headers: h,
      payload: { url: 'https://hooks.example.com/x', enabled: true },
    });
    expect(noSecret.json()).toMatchObject({
      code: 'FEEDBACK_WEBHOOK_INVALID',
      details: [{ path: '/secret' }],
    });
    const short = await t.app.inject({
      method: 'PUT',
      url: '/feedback-webhook',
      headers: h,
      payload: { url: 'https://hooks.example.com/x', secret: 'short', enabled: true },
    });
    expect(short.statusCode).toBe(400);
    expect(
      (await t.app.inject({ method: 'GET', url: '/feedback-webhook', headers: h })).statusCode,
    ).toBe(404);
  });

  it('is saved with its secret sealed; the secret never comes back; viewers read but cannot write', async () => {
    const saved = await t.app.inject({
      method: 'PUT',
      url: '/feedback-webhook',
      headers: h,
      payload: { url: receiver.url, secret: WEBHOOK_SECRET, enabled: true },
    });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json<FeedbackWebhook>()).toMatchObject({
      url: receiver.url,
      enabled: true,
      secretSet: true,
    });
    // Changing the URL without a secret keeps the stored one.
    const again = await t.app.inject({
      method: 'PUT',
      url: '/feedback-webhook',
      headers: h,
      payload: { url: receiver.url, enabled: true },
    });
    expect(again.json<FeedbackWebhook>().secretSet).toBe(true);
    const viewer = await t.keyHeaders('campaignViewer');
    const read = await t.app.inject({ method: 'GET', url: '/feedback-webhook', headers: viewer });
    expect(read.statusCode).toBe(200);
    const denied = await t.app.inject({
      method: 'PUT',
      url: '/feedback-webhook',
      headers: viewer,
      payload: { url: receiver.url, secret: 'another-secret-0123456', enabled: false },
    });
    expect(denied.statusCode).toBe(403);
    const stored = await t.database.pool.query<{ secret: Buffer }>(
      'SELECT secret FROM feedback_webhooks WHERE sandbox_id = $1',
      [sandboxId],
    );
    expect(stored.rows[0]!.secret.toString('latin1')).not.toContain(WEBHOOK_SECRET);
    const audit = await t.database.pool.query<{ action: string; summary: unknown }>(
      "SELECT action, summary FROM audit_log WHERE entity_type = 'feedbackWebhook' ORDER BY id",
    );
    expect(audit.rows.map((r) => r.action)).toEqual([
      'feedbackWebhook.create',
      'feedbackWebhook.update',
    ]);
    for (const body of [read.body, saved.body, JSON.stringify(audit.rows)])
      expect(body).not.toContain(WEBHOOK_SECRET);
  });

  it('sends a signed test event now and tells the receiver’s answer; a redirect is not followed', async () => {
    const sent = await t.app.inject({ method: 'POST', url: '/feedback-webhook/test', headers: h });
    expect(sent.statusCode, sent.body).toBe(200);
    expect(sent.json<TestResult>()).toMatchObject({
      delivered: true,
      statusCode: 200,
      error: null,
    });
    const [request] = receiver.requests;
    expect(request!.headers['x-clarion-event-id']).toBe(sent.json<TestResult>().eventId);
    expect(
      verifySignature(
        WEBHOOK_SECRET,
        request!.body,
        String(request!.headers['x-clarion-signature']),
        {
          now: clock.now(),
        },
      ),
    ).toBe(true);
    expect(JSON.parse(request!.body)).toMatchObject({
      eventType: 'webhook.test',
      sandbox: { name: 'prod' },
    });
    receiver.answer = 302;
    const moved = await t.app.inject({ method: 'POST', url: '/feedback-webhook/test', headers: h });
    expect(moved.json<TestResult>()).toMatchObject({ delivered: false, statusCode: 302 });
    expect(moved.json<TestResult>().error).toContain('not followed');
    expect(receiver.requests).toHaveLength(2);
  });
});

describe('feedback events', () => {
  it('reports sent, excluded with its reason, failed and bounced messages once each, signed', async () => {
    const executionId = await sendExecution(['ada', 'bob', 'cyd', 'dan'], 'order-1001');
    // dan's message bounces later (a DSN).
    const dan = await t.database.pool.query<{ recipient_key: string }>(
      'SELECT recipient_key FROM messages WHERE execution_id = $1 AND profile_id = $2',
      [executionId, people.get('dan')],
    );
    const message = await findMessageById(
      t.database.pool,
      [{ sandboxId, configurationId: config.id }],
      executionId,
      dan.rows[0]!.recipient_key,
    );
    clock.advance(60_000);
    await recordFeedback(
      { pool: t.database.pool, db: t.database.db, clock },
      {
        sandboxId,
        channel: 'email',
        source: 'dsn',
        classification: { kind: 'hard', why: 'unknown user' },
        address: 'dan@example.com',
        statusCode: '5.1.1',
        diagnostic: '550 5.1.1 no such user',
        message,
        messageOutcome: 'failed',
      },
    );
    expect((await collect()).events).toBe(5);
    expect((await collect()).events).toBe(0);
    expect(await deliver()).toMatchObject({ claimed: 5, delivered: 5 });
    expect(await deliver()).toMatchObject({ claimed: 0 });
    expect(receiver.requests).toHaveLength(5);
    for (const request of receiver.requests) {
      expect(request.headers['content-type']).toBe('application/json');
      expect(
        verifySignature(
          WEBHOOK_SECRET,
          request.body,
          String(request.headers['x-clarion-signature']),
          {
            now: clock.now(),
          },
        ),
      ).toBe(true);
      expect(
        verifySignature(
          'not-the-secret-at-all',
          request.body,
          String(request.headers['x-clarion-signature']),
          { now: clock.now() },
        ),
      ).toBe(false);
      expect(request.headers['x-clarion-event-id']).toBe(
        (JSON.parse(request.body) as Payload).eventId,
      );
    }
    const all = payloads();
    for (const p of all)
      expect(p).toMatchObject({
        requestId: 'order-1001',
        sandbox: { id: sandboxId, name: 'prod' },
        channel: 'email',
        eventType: 'message.feedback',
        messageExecution: { messageExecutionID: executionId, messageType: 'transactional' },
      });
    const [adaSent] = byStatus(all, 'sent').filter(
      (p) => p.identityMap.email?.[0]?.id === 'ada@example.com',
    );
    expect(adaSent!.identityMap).toEqual({
      crmId: [{ id: 'C-1' }],
      email: [{ id: 'ada@example.com' }],
    });
    const [excluded] = byStatus(all, 'exclude');
    expect(excluded!.messageDeliveryFeedback.messageExclusion).toMatchObject({
      code: 'EmailNoAddressFoundInProfile',
    });
    expect(excluded!.identityMap).toEqual({ crmId: [{ id: 'C-3' }] });
    const [error] = byStatus(all, 'error');
    expect(error!.identityMap).toEqual({ email: [{ id: 'bob@example.com' }] });
    expect(error!.messageDeliveryFeedback.messageFailure).toMatchObject({
      category: 'sync',
      type: 'Error',
    });
    expect(error!.messageDeliveryFeedback.messageFailure!.reason).toContain(
      '554 rejected by policy',
    );
    const [bounce] = byStatus(all, 'bounce');
    expect(bounce!.identityMap).toEqual({ email: [{ id: 'dan@example.com' }] });
    expect(bounce!.messageDeliveryFeedback.messageFailure).toEqual({
      category: 'async',
      type: 'Hard',
      code: '5.1.1',
      reason: '550 5.1.1 no such user',
    });
    // dan was sent before the bounce; the failure is told as the bounce, not as an error too.
    expect(byStatus(all, 'sent')).toHaveLength(2);
    expect(byStatus(all, 'error')).toHaveLength(1);

    const log = await t.app.inject({
      method: 'GET',
      url: '/feedback-webhook/events?requestId=order-1001&status=delivered',
      headers: h,
    });
    expect(
      log
        .json<{ items: WebhookEvent[] }>()
        .items.map((e) => [e.eventType, e.attempts, e.lastStatusCode])
        .sort(),
    ).toEqual([
      ['bounce', 1, 200],
      ['error', 1, 200],
      ['exclude', 1, 200],
      ['sent', 1, 200],
      ['sent', 1, 200],
    ]);
  });

  it('emits nothing for executions that do not report feedback', async () => {
    await sendExecution(['ada', 'cyd'], 'quiet-1', false);
    expect((await collect()).events).toBe(0);
  });

  it('retries a receiver that answers 500 with growing waits, then logs the success', async () => {
    await sendExecution(['ada'], 'order-1002');
    expect((await collect()).events).toBe(1);
    receiver.answer = 500;
    expect(await deliver()).toMatchObject({ claimed: 1, retrying: 1 });
    expect(await deliver()).toMatchObject({ claimed: 0 });
    clock.advance(30_000);
    expect(await deliver()).toMatchObject({ claimed: 1, retrying: 1 });
    clock.advance(59_000);
    expect(await deliver()).toMatchObject({ claimed: 0 });
    clock.advance(1_000);
    receiver.answer = 204;
    expect(await deliver()).toMatchObject({ claimed: 1, delivered: 1 });
    expect(receiver.requests).toHaveLength(3);
    // The same event each time: one id, signed anew.
    expect(new Set(receiver.requests.map((r) => r.headers['x-clarion-event-id'])).size).toBe(1);
    const log = await t.app.inject({
      method: 'GET',
      url: '/feedback-webhook/events?requestId=order-1002',
      headers: h,
    });
    expect(log.json<{ items: WebhookEvent[] }>().items).toEqual([
      expect.objectContaining({
        eventType: 'sent',
        status: 'delivered',
        attempts: 3,
        lastStatusCode: 204,
        lastError: null,
      }),
    ]);
  });

  it('gives up after the last attempt, and pages the delivery log', async () => {
    await sendExecution(['ada'], 'order-1003');
    await collect();
    receiver.answer = 503;
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      expect((await deliver()).claimed).toBe(1);
      clock.advance(30_000 * 2 ** (attempt - 1));
    }
    expect((await deliver()).claimed).toBe(0);
    const failed = await t.app.inject({
      method: 'GET',
      url: '/feedback-webhook/events?status=failed&requestId=order-1003',
      headers: h,
    });
    expect(failed.json<{ items: WebhookEvent[] }>().items).toEqual([
      expect.objectContaining({
        status: 'failed',
        attempts: MAX_ATTEMPTS,
        lastStatusCode: 503,
        lastError: 'HTTP 503: receiver says no',
      }),
    ]);
    const first = await t.app.inject({
      method: 'GET',
      url: '/feedback-webhook/events?limit=2',
      headers: h,
    });
    const page = first.json<{ items: WebhookEvent[]; nextCursor: string | null }>();
    expect(page.items).toHaveLength(2);
    const next = await t.app.inject({
      method: 'GET',
      url: `/feedback-webhook/events?limit=2&cursor=${page.nextCursor}`,
      headers: h,
    });
    const ids = next.json<{ items: WebhookEvent[] }>().items.map((e) => e.id);
    expect(ids).toHaveLength(2);
    expect(ids.some((id) => page.items.some((e) => e.id === id))).toBe(false);
  });

  it('reads a settled execution every 15 minutes: a late delivery confirmation comes then', async () => {
    const executionId = await sendExecution(['ada'], 'order-1005');
    expect((await collect()).events).toBe(1);
    clock.advance(2 * 3600_000);
    expect((await collect()).events).toBe(0);
    clock.advance(60_000);
    const ada = await t.database.pool.query<{ recipient_key: string }>(
      'SELECT recipient_key FROM messages WHERE execution_id = $1',
      [executionId],
    );
    const message = await findMessageById(
      t.database.pool,
      [{ sandboxId, configurationId: config.id }],
      executionId,
      ada.rows[0]!.recipient_key,
    );
    await confirmDelivery({ pool: t.database.pool, db: t.database.db, clock }, message!);
    expect((await collect()).events).toBe(0);
    clock.advance(14 * 60_000);
    expect((await collect()).events).toBe(1);
    await deliver();
    const [delivered] = byStatus(payloads(), 'delivered');
    expect(delivered).toMatchObject({
      requestId: 'order-1005',
      timestamp: new Date(clock.now().getTime() - 14 * 60_000).toISOString(),
    });
  });

  it('counts an attempt when the signing secret cannot be opened with this CLARION_SECRET', async () => {
    await sendExecution(['ada'], 'order-1006');
    await collect();
    const wrong = await deliverDueEvents({
      pool: t.database.pool,
      db: t.database.db,
      clock,
      secret: 'another-clarion-secret-0123456789abcdefghij',
    });
    expect(wrong).toMatchObject({ claimed: 1, retrying: 1 });
    expect(receiver.requests).toHaveLength(0);
    const log = await t.app.inject({
      method: 'GET',
      url: '/feedback-webhook/events?requestId=order-1006',
      headers: h,
    });
    expect(log.json<{ items: WebhookEvent[] }>().items[0]!.lastError).toContain('cannot be opened');
    clock.advance(30_000);
    expect(await deliver()).toMatchObject({ claimed: 1, delivered: 1 });
  });

  it('holds events while the webhook is disabled and drops pending ones when it is deleted', async () => {
    await t.app.inject({
      method: 'PUT',
      url: '/feedback-webhook',
      headers: h,
      payload: { url: receiver.url, enabled: false },
    });
    await sendExecution(['ada'], 'order-1004');
    expect((await collect()).events).toBe(0);
    await t.app.inject({
      method: 'PUT',
      url: '/feedback-webhook',
      headers: h,
      payload: { url: receiver.url, enabled: true },
    });
    expect((await collect()).events).toBe(1);
    const removed = await t.app.inject({ method: 'DELETE', url: '/feedback-webhook', headers: h });
    expect(removed.statusCode).toBe(204);
    expect((await deliver()).claimed).toBe(0);
    expect(receiver.requests).toHaveLength(0);
  });
});
