// Audience executions sent now and on a schedule that can be read and deleted, and an order
// confirmation rendered with its context arriving at a real SMTP server.
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rsaKeyPair } from '../../channels/providers/testing/fixtures.ts';
import { startSmtpSink, type SmtpSink } from '../../channels/providers/testing/smtp-sink.ts';
import { MAX_OPEN_SENDERS } from '../../delivery/dispatch.ts';
import { groupAudience, mailboxSubjects, runScheduler } from '../testing/fixtures.ts';
import { unitary, useImApp } from './im.testing.ts';

const im = useImApp();
const { clock, call, liveCampaign } = im;
let sink: SmtpSink;

beforeAll(async () => {
  sink = await startSmtpSink();
});
afterAll(async () => {
  await sink?.close();
});

describe('audience executions', () => {
  it('sends to an audience now, and on a schedule that can be read and deleted', async () => {
    const audienceId = await groupAudience(im.t, im.admin, 'im');
    const news = await liveCampaign({
      name: 'Flash sale',
      content: {
        mode: 'single',
        content: { subject: 'Sale on {{context.product}}', format: 'html', body: '<p>Now</p>' },
      },
    });
    const now = await call('/im/executions/audience', {
      requestId: 'sale-1',
      campaignId: news.id,
      audience: { id: audienceId },
      context: { product: 'Gaming Laptop' },
    });
    expect(now.statusCode, now.body).toBe(202);
    const { executionId } = now.json<{ executionId: string }>();
    const status = async () =>
      (
        await im.t.app.inject({
          method: 'GET',
          url: `/im/executions/audience/${executionId}`,
          headers: im.ajo,
        })
      ).json<Record<string, unknown>>();
    expect(await status()).toMatchObject({
      executionId,
      campaignId: news.id,
      audienceId,
      status: 'InProgress',
      targetedProfileCount: 2,
    });
    await runScheduler(im.t);
    expect(await status()).toMatchObject({ status: 'Succeeded' });
    expect(
      (await mailboxSubjects(im.t, im.admin)).filter((s) => s.includes('Sale on Gaming Laptop')),
    ).toHaveLength(2);

    const executeAt = new Date(clock.now().getTime() + 3_600_000).toISOString();
    const later = await call('/ajo/im/executions/audience', {
      requestId: 'sale-2',
      campaignId: news.id,
      audience: { id: audienceId },
      context: { product: 'LED TV' },
      schedule: { executeAt },
    });
    expect(later.statusCode, later.body).toBe(202);
    const scheduled = later.json<{ scheduleId: string }>();
    expect(scheduled).toMatchObject({
      campaignId: news.id,
      executeAt,
      scheduleStatus: 'Scheduled',
      audience: { id: audienceId },
    });
    const get = (id: string) =>
      im.t.app.inject({ method: 'GET', url: `/im/executions/schedules/${id}`, headers: im.ajo });
    expect((await get(scheduled.scheduleId)).json()).toMatchObject({ scheduleStatus: 'Scheduled' });
    clock.advance(3_600_000);
    await runScheduler(im.t);
    const fired = (await get(scheduled.scheduleId)).json<{
      scheduleStatus: string;
      executionDetails?: { executionId: string };
    }>();
    expect(fired.scheduleStatus).toBe('Triggered');
    expect(fired.executionDetails?.executionId).toMatch(/^[0-9a-f-]{36}$/);
    await runScheduler(im.t);
    expect(
      (await mailboxSubjects(im.t, im.admin)).filter((s) => s.includes('Sale on LED TV')),
    ).toHaveLength(2);
    const gone = await im.t.app.inject({
      method: 'DELETE',
      url: `/im/executions/schedules/${scheduled.scheduleId}`,
      headers: im.ajo,
    });
    expect(gone.statusCode).toBe(409);

    const third = await call('/im/executions/audience', {
      requestId: 'sale-3',
      campaignId: news.id,
      audience: { id: audienceId },
      schedule: { executeAt: new Date(clock.now().getTime() + 3_600_000).toISOString() },
    });
    const deleted = await im.t.app.inject({
      method: 'DELETE',
      url: `/im/executions/schedules/${third.json<{ scheduleId: string }>().scheduleId}`,
      headers: im.ajo,
    });
    expect(deleted.statusCode).toBe(200);
    expect(deleted.json()).toEqual({});
    expect((await get(third.json<{ scheduleId: string }>().scheduleId)).statusCode).toBe(404);
  });
});

describe('end to end over SMTP', () => {
  it('an order confirmation with context and line items arrives at the SMTP server', async () => {
    const keys = rsaKeyPair();
    const created = await im.t.app.inject({
      method: 'POST',
      url: '/channel-configurations',
      headers: im.admin,
      payload: {
        name: 'Shop receipts',
        channel: 'email',
        category: 'transactional',
        settings: {
          senderName: 'Shop',
          senderAddress: 'orders@shop.example.com',
          bounceAddress: 'bounces@shop.example.com',
          listUnsubscribe: { oneClick: false },
          urlParameters: [],
          retryPeriodMinutes: 10,
          softBounceThreshold: 5,
          sendToSpamComplainers: false,
          seedList: [],
          dkim: { domain: 'shop.example.com', selector: 's1' },
          provider: { kind: 'smtp', host: '127.0.0.1', port: sink.port, security: 'none' },
        },
        credentials: { dkimPrivateKey: keys.privatePem },
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    const configurationId = created.json<{ id: string }>().id;
    await im.t.app.inject({
      method: 'POST',
      url: `/channel-configurations/${configurationId}/activate`,
      headers: im.admin,
    });
    const smtp = await liveCampaign({
      name: 'Order confirmation (SMTP)',
      action: { channel: 'email', configurationId },
    });
    const r = await call(
      '/im/executions/unitary',
      unitary(smtp.id, 'order-90210', [
        {
          type: 'aep',
          userId: 'john@example.com',
          namespace: 'email',
          context: {
            order: {
              id: '90210',
              items: [
                { name: 'Gaming Laptop', qty: 1 },
                { name: 'Mouse <wireless>', qty: 2 },
              ],
            },
          },
        },
      ]),
    );
    expect(r.statusCode, r.body).toBe(202);
    await runScheduler(im.t);
    const sent = await im.t.database.pool.query(
      'SELECT status, reason, error FROM messages WHERE execution_id = $1',
      [r.json<{ executionId: string }>().executionId],
    );
    expect(sent.rows).toEqual([{ status: 'sent', reason: null, error: null }]);
    expect(sink.received).toHaveLength(1);
    const mail = await simpleParser(sink.received[0]!.raw);
    expect(mail.subject).toBe('Order 90210 confirmed');
    expect(sink.received[0]!.rcptTo).toEqual(['john@example.com']);
    expect(mail.html).toContain('<p>Hi John,</p>');
    expect(mail.html).toContain('<li>1 × Gaming Laptop</li>');
    expect(mail.html).toContain('<li>2 × Mouse &lt;wireless&gt;</li>');

    // Every call is an execution of its own: sending many must not pile up open SMTP sessions.
    for (let i = 0; i < 12; i++) {
      const more = await call(
        '/im/executions/unitary',
        unitary(smtp.id, `order-${i}`, [
          {
            type: 'aep',
            userId: 'jane@example.com',
            namespace: 'email',
            context: { order: { id: `M-${i}`, items: [] } },
          },
        ]),
      );
      expect(more.statusCode).toBe(202);
    }
    await runScheduler(im.t);
    expect(sink.received).toHaveLength(13);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(sink.open).toBe(0);
    // A sender's SMTP pool opens its connections (5 here); at most MAX_OPEN_SENDERS pools at once.
    expect(sink.maxOpen).toBeLessThanOrEqual(MAX_OPEN_SENDERS * 5);
  });
});
