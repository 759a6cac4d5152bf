// The execution API as AJO clients call it: example requests accepted with 202, every validation
// rule answered in AJO's error shape, requestId idempotency, durability of an accepted call, rate
// limits with Retry-After, audience executions and schedules, and an order confirmation rendered
// with its context arriving at a real SMTP server.
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rsaKeyPair } from '../../channels/providers/testing/fixtures.ts';
import { startSmtpSink, type SmtpSink } from '../../channels/providers/testing/smtp-sink.ts';
import { createTestApp, TestClock, type TestApp } from '../../http/testing.ts';
import type { Campaign, CampaignCreate } from '../model.ts';
import {
  act,
  createCampaign,
  createProfile,
  emailConfiguration,
  groupAudience,
  mailboxSubjects,
  runScheduler,
  type Headers,
} from '../testing/fixtures.ts';
import { MAX_OPEN_SENDERS } from '../../delivery/dispatch.ts';
import type { ImErrorBody } from './model.ts';

const clock = new TestClock(new Date('2026-11-27T10:00:00Z'));
let t: TestApp;
let admin: Headers;
let ajo: Headers;
let sink: SmtpSink;
let mailbox: string;
let receipts: Campaign;

const ORDER_EMAIL = {
  subject: 'Order {{context.order.id}} confirmed',
  format: 'html' as const,
  body: '<p>Hi {{profile.person.name.firstName}},</p><ul>{{#each context.order.items}}<li>{{this.qty}} × {{this.name}}</li>{{/each}}</ul>',
};

async function liveCampaign(body: Partial<CampaignCreate> & Pick<CampaignCreate, 'name'>) {
  const campaign = await createCampaign(t, admin, {
    type: 'api',
    category: 'transactional',
    action: { channel: 'email', configurationId: mailbox },
    content: { mode: 'single', content: ORDER_EMAIL },
    trigger: { createProfiles: false, highThroughput: false, feedback: false },
    ...body,
  });
  const activated = await act(t, admin, campaign.id, 'activate');
  expect(activated.status, JSON.stringify(activated.body)).toBe(200);
  expect(activated.body.status).toBe('live');
  return activated.body;
}

const call = (path: string, payload: unknown, headers = ajo) =>
  t.app.inject({ method: 'POST', url: path, headers, payload: payload as object });

function unitary(campaignId: string, requestId: string, recipients: unknown[]) {
  return { requestId, campaignId, recipients };
}

beforeAll(async () => {
  t = await createTestApp({ clock });
  admin = await t.keyHeaders('campaignAdministrator');
  // AJO clients send a bearer token, x-api-key (their client id), the org and the sandbox.
  ajo = {
    ...(await t.keyHeaders('campaignManager')),
    'x-api-key': 'my-client-id',
    'x-gw-ims-org-id': '1234@AdobeOrg',
    'x-sandbox-name': 'prod',
  };
  sink = await startSmtpSink();
  mailbox = (await emailConfiguration(t, admin, 'Receipts', 'transactional')).id;
  await createProfile(t, admin, {
    identities: [{ namespace: 'email', value: 'john@example.com' }],
    attributes: { person: { name: { firstName: 'John' } }, group: 'im' },
  });
  await createProfile(t, admin, {
    identities: [{ namespace: 'email', value: 'jane@example.com' }],
    attributes: { person: { name: { firstName: 'Jane' } }, group: 'im' },
  });
  receipts = await liveCampaign({ name: 'Order confirmation' });
});
afterAll(async () => {
  await sink.close();
  await t.close();
});

describe('accepted calls', () => {
  it('takes the documented example requests with 202 and the execution response', async () => {
    const examples = [
      // An AEP recipient with context (the reference's unitary example with real values).
      unitary(receipts.id, 'request-12345', [
        {
          type: 'aep',
          userId: 'john@example.com',
          namespace: 'email',
          mergePolicyName: 'Default Timebased',
          context: { order: { id: 'A-1', items: [{ name: 'Gaming Laptop', qty: 1 }] } },
        },
      ]),
      // Channel data and profile overrides, several recipients.
      unitary(receipts.id, 'request-12346', [
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
    await runScheduler(t);
    const subjects = (await mailboxSubjects(t, admin)).filter((s) => s.includes('Order A-'));
    expect(subjects).toEqual([
      'customer123@example.com Order A-3 confirmed',
      'jane.work@example.com Order A-2 confirmed',
      'john@example.com Order A-1 confirmed',
    ]);
    const log = await t.app.inject({
      method: 'GET',
      url: `/campaigns/${receipts.id}/requests?requestId=request-1234`,
      headers: admin,
    });
    expect(log.statusCode, log.body).toBe(200);
    expect(
      log
        .json<{ items: { requestId: string; kind: string; recipients: number; sent: number }[] }>()
        .items.map((i) => `${i.requestId} ${i.kind} ${i.recipients} ${i.sent}`),
    ).toEqual(['request-12346 unitary 2 2', 'request-12345 unitary 1 1']);
    const health = await t.app.inject({ method: 'GET', url: '/im/health', headers: ajo });
    expect(health.json()).toEqual({ status: 'UP' });
  });

  it('a repeated requestId answers the first response and sends nothing again', async () => {
    const body = unitary(receipts.id, 'order-777', [
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
    await runScheduler(t);
    expect((await mailboxSubjects(t, admin)).filter((s) => s.includes('R-777'))).toHaveLength(1);
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
      unitary(receipts.id, 'durable-1', [
        {
          type: 'aep',
          userId: 'jane@example.com',
          namespace: 'email',
          context: { order: { id: 'D-1', items: [] } },
        },
      ]),
    );
    const { executionId } = r.json<{ executionId: string }>();
    const stored = await t.database.pool.query<{ status: string; render_data: unknown }>(
      'SELECT status, render_data FROM messages WHERE execution_id = $1',
      [executionId],
    );
    expect(stored.rows).toEqual([
      { status: 'queued', render_data: { context: { order: { id: 'D-1', items: [] } } } },
    ]);
    await runScheduler(t);
    expect((await mailboxSubjects(t, admin)).filter((s) => s.includes('D-1'))).toEqual([
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
    const found = await t.app.inject({
      method: 'GET',
      url: '/profiles/lookup?namespace=email&value=new.person@example.com',
      headers: admin,
    });
    expect(found.statusCode).toBe(200);
  });
});

describe('refused calls', () => {
  async function refused(path: string, body: unknown, status = 400) {
    const r = await call(path, body);
    expect(r.statusCode, r.body).toBe(status);
    const error = r.json<ImErrorBody>();
    expect(error).toMatchObject({
      status,
      type: expect.stringMatching(/^urn:clarion:im:/) as string,
      title: expect.any(String) as string,
    });
    expect(typeof error.report.additionalContext).toBe('object');
    return error;
  }
  const aep = (userId: string) => ({ type: 'aep', userId, namespace: 'email' });

  it('answers each validation rule with 400 in AJO’s shape', async () => {
    const path = '/im/executions/unitary';
    const cases: [unknown, string][] = [
      [{ campaignId: receipts.id, recipients: [aep('john@example.com')] }, '/requestId'],
      [{ requestId: 'x', recipients: [aep('john@example.com')] }, '/campaignId'],
      [{ requestId: 'x', campaignId: receipts.id }, '/recipients'],
      [unitary(receipts.id, 'x', []), '/recipients'],
      [
        unitary(
          receipts.id,
          'x',
          Array.from({ length: 21 }, (_, i) => aep(`p${i}@example.com`)),
        ),
        '/recipients',
      ],
      [
        unitary(receipts.id, 'x', [aep('john@example.com'), aep('john@example.com')]),
        '/recipients/1/userId',
      ],
      [
        unitary(receipts.id, 'x', [{ type: 'robot', userId: 'a', namespace: 'email' }]),
        '/recipients/0/type',
      ],
      [unitary(receipts.id, 'x', [{ type: 'aep', namespace: 'email' }]), '/recipients/0/userId'],
      [
        unitary(receipts.id, 'x', [
          { ...aep('john@example.com'), channelData: { emailAddress: 'not-an-address' } },
        ]),
        '/recipients/0/channelData/emailAddress',
      ],
      [
        unitary(receipts.id, 'x', [{ type: 'aep', userId: 'a', namespace: 'nope' }]),
        '/recipients/0/namespace',
      ],
    ];
    for (const [body, field] of cases) {
      const error = await refused(path, body);
      expect(error.type, field).toBe('urn:clarion:im:IM_VALIDATION');
      expect(error.report.additionalContext.field, JSON.stringify(body).slice(0, 80)).toBe(field);
    }
    const big = await refused(
      path,
      unitary(receipts.id, 'x', [
        { ...aep('john@example.com'), context: { blob: 'x'.repeat(210 * 1024) } },
      ]),
    );
    expect(big.type).toBe('urn:clarion:im:IM_CONTEXT_TOO_LARGE');
    const unknown = await refused(path, unitary(receipts.id, 'x', [aep('nobody@example.com')]));
    expect(unknown).toMatchObject({
      type: 'urn:clarion:im:IM_PROFILE_NOT_FOUND',
      report: {
        additionalContext: {
          userId: 'nobody@example.com',
          requestId: 'x',
          campaignId: receipts.id,
        },
      },
    });
    const ht = await refused(
      '/im/executions/highthroughput',
      unitary(receipts.id, 'x', [aep('john@example.com')]),
    );
    expect(ht.report.additionalContext.field).toBe('/recipients/0/type');
  });

  it('refuses campaigns that are unknown, not live, not API-triggered, outside their window or of the other mode', async () => {
    const path = '/im/executions/unitary';
    const one = [aep('john@example.com')];
    expect((await refused(path, unitary('campaign-12345', 'x', one), 404)).type).toBe(
      'urn:clarion:im:IM_CAMPAIGN_NOT_FOUND',
    );
    const draft = await createCampaign(t, admin, {
      name: 'Draft api',
      type: 'api',
      category: 'transactional',
    });
    expect((await refused(path, unitary(draft.id, 'x', one))).type).toBe(
      'urn:clarion:im:IM_CAMPAIGN_NOT_LIVE',
    );
    const scheduled = await createCampaign(t, admin, { name: 'Scheduled one' });
    expect((await refused(path, unitary(scheduled.id, 'x', one))).type).toBe(
      'urn:clarion:im:IM_CAMPAIGN_TYPE',
    );
    const later = await liveCampaign({
      name: 'Black Friday receipts',
      trigger: {
        createProfiles: false,
        highThroughput: false,
        feedback: false,
        startAt: '2026-12-01T00:00:00Z',
      },
    });
    expect((await refused(path, unitary(later.id, 'x', one))).type).toBe(
      'urn:clarion:im:IM_OUTSIDE_WINDOW',
    );
    expect(
      (
        await refused(
          '/im/executions/highthroughput',
          unitary(receipts.id, 'x', [
            { type: 'external', userId: 'a@example.com', namespace: 'email' },
          ]),
        )
      ).type,
    ).toBe('urn:clarion:im:IM_CAMPAIGN_MODE');
  });

  it('answers 429 with Retry-After past the campaign’s rate', async () => {
    const limited = await liveCampaign({
      name: 'Limited',
      trigger: { createProfiles: false, highThroughput: false, feedback: false, ratePerSecond: 2 },
    });
    const statuses: number[] = [];
    let retryAfter: string | undefined;
    for (let i = 0; i < 4; i++) {
      const r = await call(
        '/im/executions/unitary',
        unitary(limited.id, `rate-${i}`, [aep('john@example.com')]),
      );
      statuses.push(r.statusCode);
      if (r.statusCode === 429) retryAfter = String(r.headers['retry-after']);
    }
    expect(statuses).toEqual([202, 202, 429, 429]);
    expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
    clock.advance(1000);
    expect(
      (
        await call(
          '/im/executions/unitary',
          unitary(limited.id, 'rate-9', [aep('john@example.com')]),
        )
      ).statusCode,
    ).toBe(202);
  });

  it('answers missing credentials and a viewer in AJO’s shape', async () => {
    const r = await t.app.inject({ method: 'POST', url: '/im/executions/unitary', payload: {} });
    expect(r.statusCode).toBe(401);
    expect(r.json<ImErrorBody>().type).toBe('urn:clarion:im:UNAUTHENTICATED');
    const viewer = await t.keyHeaders('campaignViewer');
    const forbidden = await call(
      '/im/executions/unitary',
      unitary(receipts.id, 'v', [aep('john@example.com')]),
      viewer,
    );
    expect(forbidden.statusCode).toBe(403);
    expect(forbidden.json<ImErrorBody>().type).toBe('urn:clarion:im:FORBIDDEN');
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
    await runScheduler(t);
    expect((await mailboxSubjects(t, admin)).filter((s) => s.includes('Reset code'))).toEqual([
      'someone@example.org Reset code 482913',
    ]);
  });
});

describe('audience executions', () => {
  it('sends to an audience now, and on a schedule that can be read and deleted', async () => {
    const audienceId = await groupAudience(t, admin, 'im');
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
        await t.app.inject({
          method: 'GET',
          url: `/im/executions/audience/${executionId}`,
          headers: ajo,
        })
      ).json<Record<string, unknown>>();
    expect(await status()).toMatchObject({
      executionId,
      campaignId: news.id,
      audienceId,
      status: 'InProgress',
      targetedProfileCount: 2,
    });
    await runScheduler(t);
    expect(await status()).toMatchObject({ status: 'Succeeded' });
    expect(
      (await mailboxSubjects(t, admin)).filter((s) => s.includes('Sale on Gaming Laptop')),
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
      t.app.inject({ method: 'GET', url: `/im/executions/schedules/${id}`, headers: ajo });
    expect((await get(scheduled.scheduleId)).json()).toMatchObject({ scheduleStatus: 'Scheduled' });
    clock.advance(3_600_000);
    await runScheduler(t);
    const fired = (await get(scheduled.scheduleId)).json<{
      scheduleStatus: string;
      executionDetails?: { executionId: string };
    }>();
    expect(fired.scheduleStatus).toBe('Triggered');
    expect(fired.executionDetails?.executionId).toMatch(/^[0-9a-f-]{36}$/);
    await runScheduler(t);
    expect(
      (await mailboxSubjects(t, admin)).filter((s) => s.includes('Sale on LED TV')),
    ).toHaveLength(2);
    const gone = await t.app.inject({
      method: 'DELETE',
      url: `/im/executions/schedules/${scheduled.scheduleId}`,
      headers: ajo,
    });
    expect(gone.statusCode).toBe(409);

    const third = await call('/im/executions/audience', {
      requestId: 'sale-3',
      campaignId: news.id,
      audience: { id: audienceId },
      schedule: { executeAt: new Date(clock.now().getTime() + 3_600_000).toISOString() },
    });
    const deleted = await t.app.inject({
      method: 'DELETE',
      url: `/im/executions/schedules/${third.json<{ scheduleId: string }>().scheduleId}`,
      headers: ajo,
    });
    expect(deleted.statusCode).toBe(200);
    expect(deleted.json()).toEqual({});
    expect((await get(third.json<{ scheduleId: string }>().scheduleId)).statusCode).toBe(404);
  });
});

describe('end to end over SMTP', () => {
  it('an order confirmation with context and line items arrives at the SMTP server', async () => {
    const keys = rsaKeyPair();
    const created = await t.app.inject({
      method: 'POST',
      url: '/channel-configurations',
      headers: admin,
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
    await t.app.inject({
      method: 'POST',
      url: `/channel-configurations/${configurationId}/activate`,
      headers: admin,
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
    await runScheduler(t);
    const sent = await t.database.pool.query(
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
    await runScheduler(t);
    expect(sink.received).toHaveLength(13);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(sink.open).toBe(0);
    // A sender's SMTP pool opens its connections (5 here); at most MAX_OPEN_SENDERS pools at once.
    expect(sink.maxOpen).toBeLessThanOrEqual(MAX_OPEN_SENDERS * 5);
  });
});
