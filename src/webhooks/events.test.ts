// Feedback events end to end on real PostgreSQL: API-triggered executions are planned and sent
// through the mailbox, their events collected into the outbox and POSTed, signed, to a receiver
// on loopback; retries move with the test clock.
import { describe, expect, it } from 'vitest';
import { confirmDelivery, findMessageById, recordFeedback } from '../delivery/feedback/store.ts';
import { deliverDueEvents, MAX_ATTEMPTS } from './deliver.ts';
import type { WebhookEvent } from './model.ts';
import { verifySignature } from './signature.ts';
import {
  byStatus,
  clock,
  collect,
  config,
  deliver,
  h,
  payloads,
  people,
  receiver,
  sandboxId,
  sendExecution,
  t,
  useHarness,
  WEBHOOK_SECRET,
  type Payload,
} from './testing/harness.ts';

useHarness({ webhook: true });

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
