import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, TestClock, type TestApp } from '../../http/testing.ts';
import { findSandboxByName } from '../../platform/sandboxes.ts';
import type { Configuration, Credentials } from '../model.ts';
import { createProviders, type ChannelProvider } from '../providers/factory.ts';
import type { DeliveryResult } from '../providers/types.ts';
import { emailSettings, outgoingEmail, rsaKeyPair } from '../providers/testing/fixtures.ts';
import type { MailboxMessage, MailboxMessageSummary } from './model.ts';

let t: TestApp;
let h: Record<string, string>;
let sandboxId: string;
const clock = new TestClock();
beforeAll(async () => {
  t = await createTestApp({ clock });
  h = await t.keyHeaders('campaignViewer');
  sandboxId = (await findSandboxByName(t.db, 'prod'))!.id;
});
afterAll(async () => t.close());

const common = {
  name: 'Mailbox',
  description: '',
  category: 'marketing' as const,
  status: 'active' as const,
  credentialsSet: [],
  version: 1,
  createdBy: 'test',
  createdAt: '2026-11-27T09:00:00.000Z',
  updatedAt: '2026-11-27T09:00:00.000Z',
  activatedAt: '2026-11-27T09:00:00.000Z',
};

function providerFor(configuration: Configuration, credentials: Credentials = {}) {
  return createProviders({ configuration, credentials }, { sandboxId, db: t.database.db, clock });
}
function sent(result: DeliveryResult): string {
  if (result.status !== 'sent') throw new Error(`not sent: ${JSON.stringify(result)}`);
  return result.providerId;
}
const get = async <T>(url: string) => {
  const response = await t.app.inject({ method: 'GET', url, headers: h });
  expect(response.statusCode, response.body).toBe(200);
  return response.json<T>();
};

describe('local mailbox', () => {
  it('keeps an email as signed MIME and shows it parsed at GET /mailbox/{id}', async () => {
    const email = providerFor(
      {
        ...common,
        id: crypto.randomUUID(),
        channel: 'email',
        settings: emailSettings({ bccArchive: 'archive@shop.example.com' }),
      },
      { dkimPrivateKey: rsaKeyPair().privatePem },
    ) as Extract<ChannelProvider, { channel: 'email' }>;
    const id = sent(await email.provider.send(outgoingEmail()));
    await email.provider.close();

    const message = await get<MailboxMessage>(`/mailbox/${id}`);
    expect(message).toMatchObject({
      id,
      channel: 'email',
      messageId: '<exec-1.profile-1@shop.example.com>',
      recipient: 'ada@example.org',
      subject: 'Winter sale — 20% off',
      preview: 'Hello Ada, the sale is on.',
    });
    const headers = new Map(message.email!.headers.map((x) => [x.name.toLowerCase(), x.value]));
    expect(headers.get('message-id')).toBe('<exec-1.profile-1@shop.example.com>');
    expect(headers.get('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
    expect(headers.get('dkim-signature')).toMatch(/d=shop\.example\.com; .*s=s2026/);
    expect(headers.has('bcc')).toBe(false);
    expect(message.email!.html).toContain('Hello <b>Ada</b>');
    expect(message.email!.text?.trim()).toBe('Hello Ada, the sale is on.');

    const raw = await t.app.inject({ method: 'GET', url: `/mailbox/${id}/raw`, headers: h });
    expect(raw.headers['content-type']).toBe('message/rfc822');
    expect(raw.body).toMatch(/^DKIM-Signature: /);
    expect(raw.body.length).toBe(message.email!.size);
  });

  it('keeps SMS and push payloads, lists newest first with filters and a cursor', async () => {
    const configurationId = crypto.randomUUID();
    const sms = providerFor({
      ...common,
      id: configurationId,
      channel: 'sms',
      settings: {
        senderNumber: '+14155550100',
        retryPeriodMinutes: 60,
        provider: { kind: 'mailbox' },
      },
    }) as Extract<ChannelProvider, { channel: 'sms' }>;
    const push = providerFor({
      ...common,
      id: crypto.randomUUID(),
      channel: 'push',
      settings: {
        platform: 'fcm',
        appId: 'com.example.shop',
        retryPeriodMinutes: 60,
        mailbox: true,
      },
    }) as Extract<ChannelProvider, { channel: 'push' }>;

    clock.advance(1000);
    const smsId = sent(
      await sms.provider.send({ messageId: 's1', to: '+14155550101', body: 'Code 4711' }),
    );
    clock.advance(1000);
    const pushId = sent(
      await push.provider.send({
        messageId: 'p1',
        token: 'device-token-1',
        message: { title: 'Shipped', body: 'Order 42 is on its way', data: { orderId: '42' } },
      }),
    );

    expect(await get<MailboxMessage>(`/mailbox/${smsId}`)).toMatchObject({
      channel: 'sms',
      configurationId,
      payload: { to: '+14155550101', from: '+14155550100', body: 'Code 4711' },
    });
    expect((await get<MailboxMessage>(`/mailbox/${pushId}`)).payload).toEqual({
      platform: 'fcm',
      appId: 'com.example.shop',
      token: 'device-token-1',
      body: {
        message: {
          token: 'device-token-1',
          notification: { title: 'Shipped', body: 'Order 42 is on its way' },
          data: { orderId: '42' },
          android: { priority: 'HIGH' },
          apns: { headers: { 'apns-priority': '10' }, payload: { aps: {} } },
        },
      },
    });

    type List = { items: MailboxMessageSummary[]; nextCursor: string | null };
    const first = await get<List>('/mailbox?limit=2');
    expect(first.items.map((m) => m.id)).toEqual([pushId, smsId]);
    const second = await get<List>(
      `/mailbox?limit=2&cursor=${encodeURIComponent(first.nextCursor!)}`,
    );
    expect(second.items.map((m) => m.channel)).toEqual(['email']);
    expect(second.nextCursor).toBeNull();

    expect((await get<List>('/mailbox?channel=sms')).items.map((m) => m.id)).toEqual([smsId]);
    expect((await get<List>('/mailbox?recipient=ADA@example.org')).items).toHaveLength(1);
    expect((await get<List>('/mailbox?q=on%20its%20way')).items.map((m) => m.id)).toEqual([pushId]);
  });

  it('answers 404 for an unknown message and 400 for a forged cursor', async () => {
    const missing = await t.app.inject({
      method: 'GET',
      url: `/mailbox/${crypto.randomUUID()}`,
      headers: h,
    });
    expect(missing.statusCode).toBe(404);
    const forged = await t.app.inject({ method: 'GET', url: '/mailbox?cursor=nope', headers: h });
    expect(forged.statusCode).toBe(400);
  });
});
