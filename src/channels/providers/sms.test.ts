import { createHmac, timingSafeEqual } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SmsSettings } from '../model.ts';
import { createSmsWebhookProvider } from './sms-webhook.ts';
import { startHttpPeer, type Answer, type HttpPeer } from './testing/http-peer.ts';
import { createTwilioProvider } from './twilio.ts';

const clock = { now: () => new Date('2026-11-27T09:00:00Z') };
const sms = {
  messageId: 'exec-1.profile-1',
  to: '+14155550101',
  body: 'Your code is 4711 — valid 10 min',
  statusCallbackUrl: 'https://clarion.example.com/hooks/twilio',
};

describe('Twilio-compatible SMS provider', () => {
  const SID = 'AC0123456789abcdef0123456789abcdef';
  const TOKEN = 'twilio-token-9x';
  let twilio: HttpPeer;
  let nextAnswer: Answer;
  beforeAll(async () => {
    twilio = await startHttpPeer((request) => {
      const expected = `Basic ${Buffer.from(`${SID}:${TOKEN}`).toString('base64')}`;
      if (request.headers.authorization !== expected)
        return { status: 401, json: { code: 20003, message: 'Authenticate', status: 401 } };
      return nextAnswer;
    });
  });
  afterAll(async () => twilio.close());

  const settings = (): SmsSettings => ({
    senderNumber: '+14155550100',
    retryPeriodMinutes: 60,
    provider: { kind: 'twilio', baseUrl: `${twilio.url}/`, accountSid: SID },
  });
  function provider(authToken = TOKEN) {
    const s = settings();
    if (s.provider.kind !== 'twilio') throw new Error('twilio settings expected');
    return createTwilioProvider(s, s.provider, { authToken });
  }

  it("posts Twilio's form to the account's Messages resource and returns the message sid", async () => {
    nextAnswer = { status: 201, json: { sid: 'SM9f2c', status: 'queued' } };
    expect(await provider().send(sms)).toEqual({ status: 'sent', providerId: 'SM9f2c' });
    const request = twilio.requests.at(-1)!;
    expect(request.method).toBe('POST');
    expect(request.path).toBe(`/2010-04-01/Accounts/${SID}/Messages.json`);
    expect(request.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(Object.fromEntries(new URLSearchParams(request.body.toString()))).toEqual({
      To: '+14155550101',
      From: '+14155550100',
      Body: 'Your code is 4711 — valid 10 min',
      StatusCallback: 'https://clarion.example.com/hooks/twilio',
    });
  });

  it("classifies Twilio's error codes", async () => {
    const p = provider();
    nextAnswer = { status: 400, json: { code: 21211, message: "Invalid 'To' Phone Number" } };
    expect(await p.send(sms)).toEqual({
      status: 'failed',
      kind: 'permanent',
      code: '21211',
      reason: "Invalid 'To' Phone Number",
    });
    nextAnswer = { status: 400, json: { code: 21610, message: 'Attempt to send to unsubscribed' } };
    expect(await p.send(sms)).toMatchObject({ kind: 'permanent', code: '21610' });
    nextAnswer = { status: 429, json: { code: 20429, message: 'Too Many Requests' } };
    expect(await p.send(sms)).toMatchObject({ kind: 'transient', code: '20429' });
    nextAnswer = { status: 503 };
    expect(await p.send(sms)).toMatchObject({ kind: 'transient', code: 'http-503' });
    // A wrong token is the configuration's fault: retried, nobody suppressed.
    expect(await provider('wrong').send(sms)).toMatchObject({ kind: 'transient', code: '20003' });
  });
});

describe('SMS webhook provider', () => {
  const SECRET = 'whsec-4f1b';
  let hook: HttpPeer;
  beforeAll(async () => {
    hook = await startHttpPeer((request) => {
      const timestamp = String(request.headers['x-clarion-timestamp']);
      const expected = Buffer.from(
        'v1=' +
          createHmac('sha256', SECRET)
            .update(`${timestamp}.${request.body.toString()}`)
            .digest('hex'),
      );
      const given = Buffer.from(String(request.headers['x-clarion-signature']));
      const valid = given.length === expected.length && timingSafeEqual(given, expected);
      return valid
        ? { status: 200, json: { id: 'hook-77' } }
        : { status: 400, json: { code: 'bad_signature', message: 'signature does not match' } };
    });
  });
  afterAll(async () => hook.close());

  function provider(webhookSecret?: string) {
    const s: SmsSettings = {
      senderNumber: 'Clarion',
      retryPeriodMinutes: 60,
      provider: { kind: 'webhook', url: `${hook.url}/sms` },
    };
    if (s.provider.kind !== 'webhook') throw new Error('webhook settings expected');
    return createSmsWebhookProvider(s, s.provider, webhookSecret ? { webhookSecret } : {}, {
      clock,
    });
  }

  it('posts JSON signed with HMAC-SHA256 over the timestamp and body', async () => {
    expect(await provider(SECRET).send(sms)).toEqual({ status: 'sent', providerId: 'hook-77' });
    const request = hook.requests.at(-1)!;
    expect(request.path).toBe('/sms');
    expect(request.headers['x-clarion-timestamp']).toBe(String(Date.UTC(2026, 10, 27, 9) / 1000));
    expect(JSON.parse(request.body.toString())).toEqual({
      to: '+14155550101',
      from: 'Clarion',
      body: 'Your code is 4711 — valid 10 min',
      messageId: 'exec-1.profile-1',
      statusCallbackUrl: 'https://clarion.example.com/hooks/twilio',
    });
  });

  it('a request signed with another secret is refused by the receiver (permanent 4xx)', async () => {
    expect(await provider('other-secret').send(sms)).toEqual({
      status: 'failed',
      kind: 'permanent',
      code: 'bad_signature',
      reason: 'signature does not match',
    });
  });
});
