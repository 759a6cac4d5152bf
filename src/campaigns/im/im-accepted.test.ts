// Unitary and high-throughput calls AJO clients make, accepted: the documented example requests
// answered with 202 and delivered, requestId idempotency for 24 hours, an accepted call stored
// before the answer, profiles created for unknown recipients when the campaign says so.
import { describe, expect, it } from 'vitest';
import { mailboxSubjects, runScheduler } from '../testing/fixtures.ts';
import { unitary, useImApp } from './im.testing.ts';

const im = useImApp();
const { clock, call, liveCampaign } = im;

describe('accepted calls', () => {
  it('takes the documented example requests with 202 and the execution response', async () => {
    const examples = [
      // An AEP recipient with context (the reference's unitary example with real values).
      unitary(im.receipts.id, 'request-12345', [
        {
          type: 'aep',
          userId: 'john@example.com',
          namespace: 'email',
          mergePolicyName: 'Default Timebased',
          context: { order: { id: 'A-1', items: [{ name: 'Gaming Laptop', qty: 1 }] } },
        },
      ]),
      // Channel data and profile overrides, several recipients.
      unitary(im.receipts.id, 'request-12346', [
        {
          type: 'aep',
          userId: 'jane@example.com',
          namespace: 'email',
          channelData: { emailAddress: 'jane.work@example.com' },
          profile: { person: { name: { firstName: 'Janet' } } },
          context: { order: { id: 'A-2', items: [] } },
        },
        {
          type: 'external',
          userId: 'customer123@example.com',
          namespace: 'email',
          context: { order: { id: 'A-3', items: [{ name: 'LED TV', qty: 2 }] } },
        },
      ]),
    ];
    for (const [path, body] of [
      ['/im/executions/unitary', examples[0]],
      ['/ajo/im/executions/unitary', examples[1]],
    ] as const) {
      const r = await call(path, body);
      expect(r.statusCode, r.body).toBe(202);
      expect(r.json()).toEqual({
        executionId: expect.stringMatching(/^[0-9a-f-]{36}$/) as string,
        requestId: body?.requestId,
        createdAt: clock.now().toISOString(),
        createdBy: expect.stringContaining('test campaignManager') as string,
        modifiedAt: clock.now().toISOString(),
        modifiedBy: expect.stringContaining('test campaignManager') as string,
      });
    }
    await runScheduler(im.t);
    const subjects = (await mailboxSubjects(im.t, im.admin)).filter((s) => s.includes('Order A-'));
    expect(subjects).toEqual([
      'customer123@example.com Order A-3 confirmed',
      'jane.work@example.com Order A-2 confirmed',
      'john@example.com Order A-1 confirmed',
    ]);
    const log = await im.t.app.inject({
      method: 'GET',
      url: `/campaigns/${im.receipts.id}/requests?requestId=request-1234`,
      headers: im.admin,
    });
    expect(log.statusCode, log.body).toBe(200);
    expect(
      log
        .json<{ items: { requestId: string; kind: string; recipients: number; sent: number }[] }>()
        .items.map((i) => `${i.requestId} ${i.kind} ${i.recipients} ${i.sent}`),
    ).toEqual(['request-12346 unitary 2 2', 'request-12345 unitary 1 1']);
    const health = await im.t.app.inject({ method: 'GET', url: '/im/health', headers: im.ajo });
    expect(health.json()).toEqual({ status: 'UP' });
  });

  it('a repeated requestId answers the first response and sends nothing again', async () => {
    const body = unitary(im.receipts.id, 'order-777', [
      {
        type: 'aep',
        userId: 'john@example.com',
        namespace: 'email',
        context: { order: { id: 'R-777', items: [] } },
      },
    ]);
    const first = await call('/im/executions/unitary', body);
    clock.advance(60_000);
    const second = await call('/im/executions/unitary', body);
    expect(second.statusCode).toBe(202);
    expect(second.json()).toEqual(first.json());
    await runScheduler(im.t);
    expect((await mailboxSubjects(im.t, im.admin)).filter((s) => s.includes('R-777'))).toHaveLength(
      1,
    );
    // After 24 hours the requestId is new again.
    clock.advance(24 * 3_600_000);
    const later = await call('/im/executions/unitary', body);
    expect(later.json<{ executionId: string }>().executionId).not.toBe(
      first.json<{ executionId: string }>().executionId,
    );
  });

  it('an accepted call is stored before the answer: a worker started later delivers it', async () => {
    const r = await call(
      '/im/executions/unitary',
      unitary(im.receipts.id, 'durable-1', [
        {
          type: 'aep',
          userId: 'jane@example.com',
          namespace: 'email',
          context: { order: { id: 'D-1', items: [] } },
        },
      ]),
    );
    const { executionId } = r.json<{ executionId: string }>();
    const stored = await im.t.database.pool.query<{ status: string; render_data: unknown }>(
      'SELECT status, render_data FROM messages WHERE execution_id = $1',
      [executionId],
    );
    expect(stored.rows).toEqual([
      { status: 'queued', render_data: { context: { order: { id: 'D-1', items: [] } } } },
    ]);
    await runScheduler(im.t);
    expect((await mailboxSubjects(im.t, im.admin)).filter((s) => s.includes('D-1'))).toEqual([
      'jane@example.com Order D-1 confirmed',
    ]);
  });

  it('creates profiles for unknown recipients when the campaign says so', async () => {
    const creating = await liveCampaign({
      name: 'Welcome',
      trigger: { createProfiles: true, highThroughput: false, feedback: false },
    });
    const r = await call(
      '/im/executions/unitary',
      unitary(creating.id, 'new-1', [
        { type: 'aep', userId: 'New.Person@Example.com', namespace: 'email' },
      ]),
    );
    expect(r.statusCode, r.body).toBe(202);
    const found = await im.t.app.inject({
      method: 'GET',
      url: '/profiles/lookup?namespace=email&value=new.person@example.com',
      headers: im.admin,
    });
    expect(found.statusCode).toBe(200);
  });
});

describe('high throughput', () => {
  it('sends to external recipients without profile lookup', async () => {
    const fast = await liveCampaign({
      name: 'Password reset',
      content: {
        mode: 'single',
        content: {
          subject: 'Reset code {{context.code}}',
          format: 'html',
          body: '<p>{{context.code}}</p>',
        },
      },
      trigger: { createProfiles: false, highThroughput: true, feedback: false },
    });
    const r = await call('/im/executions/highthroughput', {
      requestId: 'reset-1',
      campaignId: fast.id,
      recipients: [
        {
          type: 'external',
          userId: 'someone@example.org',
          namespace: 'email',
          context: { code: '482913' },
        },
      ],
    });
    expect(r.statusCode, r.body).toBe(202);
    await runScheduler(im.t);
    expect((await mailboxSubjects(im.t, im.admin)).filter((s) => s.includes('Reset code'))).toEqual(
      ['someone@example.org Reset code 482913'],
    );
  });
});
