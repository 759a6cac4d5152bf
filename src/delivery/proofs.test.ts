import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Configuration } from '../channels/model.ts';
import { rsaKeyPair } from '../channels/providers/testing/fixtures.ts';
import { startSmtpSink, type SmtpSink } from '../channels/providers/testing/smtp-sink.ts';
import { createTestApp, type TestApp } from '../http/testing.ts';
import type { Profile } from '../profiles/model.ts';

let t: TestApp;
let h: Record<string, string>;
let sink: SmtpSink;
let configId: string;
const people: Record<string, string> = {};

beforeAll(async () => {
  t = await createTestApp();
  h = await t.keyHeaders('campaignAdministrator');
  sink = await startSmtpSink();
  for (const [name, testProfile] of [
    ['Ada', true],
    ['Bob', false],
  ] as const) {
    const r = await t.app.inject({
      method: 'POST',
      url: '/profiles',
      headers: h,
      payload: {
        identities: [{ namespace: 'email', value: `${name.toLowerCase()}@example.com` }],
        attributes: { firstName: name },
        testProfile,
      },
    });
    expect(r.statusCode, r.body).toBe(201);
    people[name] = r.json<Profile>().id;
  }
  const keys = rsaKeyPair();
  const created = await t.app.inject({
    method: 'POST',
    url: '/channel-configurations',
    headers: h,
    payload: {
      name: 'News',
      channel: 'email',
      category: 'marketing',
      settings: {
        senderName: 'Shop',
        senderAddress: 'news@shop.example.com',
        bounceAddress: 'bounces@shop.example.com',
        listUnsubscribe: { oneClick: true },
        urlParameters: [],
        retryPeriodMinutes: 360,
        softBounceThreshold: 5,
        sendToSpamComplainers: false,
        seedList: [],
        dkim: { domain: 'shop.example.com', selector: 's1' },
        provider: { kind: 'smtp', host: '127.0.0.1', port: sink.port, security: 'none' },
      },
      credentials: { dkimPrivateKey: keys.privatePem },
    },
  });
  configId = created.json<Configuration>().id;
  await t.app.inject({
    method: 'POST',
    url: `/channel-configurations/${configId}/activate`,
    headers: h,
  });
});
afterAll(async () => {
  await sink.close();
  await t.close();
});

const proof = (body: object) =>
  t.app.inject({ method: 'POST', url: '/proofs', headers: h, payload: body });
const email = {
  channel: 'email',
  content: {
    subject: 'Hi {{profile.firstName}}',
    format: 'html',
    body: '<p>Hello {{profile.firstName}}</p>',
  },
};

describe('proofs', () => {
  it('sends the content rendered for a test profile to each address, marked as a proof', async () => {
    const sent = await proof({
      configurationId: configId,
      content: email,
      addresses: ['qa@shop.example.com', 'boss@shop.example.com'],
      profileIds: [people.Ada],
    });
    expect(sent.statusCode, sent.body).toBe(200);
    expect(sent.json<{ results: { status: string }[] }>().results.map((r) => r.status)).toEqual([
      'sent',
      'sent',
    ]);
    const mails = await Promise.all(sink.received.map((m) => simpleParser(m.raw)));
    expect(mails.map((m) => [m.to && 'text' in m.to ? m.to.text : '', m.subject]).sort()).toEqual([
      ['boss@shop.example.com', '[Proof] Hi Ada'],
      ['qa@shop.example.com', '[Proof] Hi Ada'],
    ]);
  });

  it('refuses what it must not send, naming the field', async () => {
    const notTest = await proof({
      configurationId: configId,
      content: email,
      addresses: ['qa@shop.example.com'],
      profileIds: [people.Bob],
    });
    expect(notTest.statusCode).toBe(400);
    expect(notTest.json()).toMatchObject({
      details: [{ path: '/profileIds/0', message: 'is not a test profile' }],
    });
    const many = await proof({
      configurationId: configId,
      content: email,
      addresses: Array.from({ length: 11 }, (_, i) => `qa${i}@shop.example.com`),
    });
    expect(many.statusCode).toBe(400);
    const sms = await proof({
      configurationId: configId,
      content: { channel: 'sms', content: { body: 'Hi' } },
      addresses: ['+442079460001'],
    });
    expect(sms.statusCode).toBe(400);
    expect(sms.json()).toMatchObject({ details: [{ path: '/content/channel' }] });
    await t.app.inject({
      method: 'POST',
      url: `/channel-configurations/${configId}/deactivate`,
      headers: h,
    });
    const inactive = await proof({
      configurationId: configId,
      content: email,
      addresses: ['qa@shop.example.com'],
    });
    expect(inactive.statusCode).toBe(409);
    expect(sink.received).toHaveLength(2);
  });
});
