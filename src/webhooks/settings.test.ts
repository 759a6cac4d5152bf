// The feedback webhook's settings over HTTP: checked URL and secret, the secret sealed and never
// returned, permissions, audit, and the test event (signed, its answer told, redirects refused).
import { describe, expect, it } from 'vitest';
import type { FeedbackWebhook, TestResult } from './model.ts';
import { verifySignature } from './signature.ts';
import { clock, h, receiver, sandboxId, t, useHarness, WEBHOOK_SECRET } from './testing/harness.ts';

useHarness();

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
