import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmailSettings } from '../model.ts';
import { createHttpEmailProvider } from './email-http.ts';
import { closedUrl, startHttpPeer, type Answer, type HttpPeer } from './testing/http-peer.ts';
import { emailSettings, outgoingEmail } from './testing/fixtures.ts';

const API_KEY = 'key-ZK29x';
let peer: HttpPeer;
let nextAnswer: Answer;
beforeAll(async () => {
  peer = await startHttpPeer((request) =>
    request.headers.authorization === `Bearer ${API_KEY}`
      ? nextAnswer
      : { status: 401, json: { code: 'unauthorized', message: 'bad key' } },
  );
});
afterAll(async () => peer.close());

function provider(url: string, apiKey = API_KEY) {
  const settings: EmailSettings = emailSettings({
    bccArchive: 'archive@shop.example.com',
    provider: { kind: 'http', url },
  });
  if (settings.provider.kind !== 'http') throw new Error('http settings expected');
  return createHttpEmailProvider(settings, settings.provider, { apiKey });
}

describe('HTTP email API provider', () => {
  it('posts the message as JSON with the bearer key and an idempotency key', async () => {
    nextAnswer = { status: 202, json: { id: 'api-msg-1' } };
    const email = outgoingEmail();
    const result = await provider(`${peer.url}/v1/send`).send(email);
    expect(result).toEqual({ status: 'sent', providerId: 'api-msg-1' });

    const request = peer.requests.at(-1)!;
    expect(request.method).toBe('POST');
    expect(request.path).toBe('/v1/send');
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.headers['idempotency-key']).toBe(email.messageId);
    expect(JSON.parse(request.body.toString())).toEqual({
      messageId: '<exec-1.profile-1@shop.example.com>',
      from: { name: 'Clarion Shop', address: 'news@shop.example.com' },
      to: [{ name: 'Ada Lovelace', address: 'ada@example.org' }],
      bcc: [{ address: 'archive@shop.example.com' }],
      replyTo: { address: 'help@shop.example.com' },
      envelopeFrom: 'bounces+exec-1.profile-1@shop.example.com',
      subject: 'Winter sale — 20% off',
      html: email.html,
      text: email.text,
      headers: {
        'X-Campaign-Id': 'c-42',
        'List-Unsubscribe':
          '<https://shop.example.com/u/abc123>, <mailto:unsubscribe@shop.example.com>',
        'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
      },
    });
  });

  it('falls back to the Message-ID when the answer names no id', async () => {
    nextAnswer = { status: 200 };
    expect(await provider(peer.url).send(outgoingEmail())).toEqual({
      status: 'sent',
      providerId: '<exec-1.profile-1@shop.example.com>',
    });
  });

  it('classifies answers: 429 and 5xx transient, 400 permanent, a wrong key transient', async () => {
    const api = provider(peer.url);
    nextAnswer = { status: 429, json: { code: 'rate_limited', message: 'slow down' } };
    expect(await api.send(outgoingEmail())).toEqual({
      status: 'failed',
      kind: 'transient',
      code: 'rate_limited',
      reason: 'slow down',
    });
    nextAnswer = { status: 503 };
    expect(await api.send(outgoingEmail())).toMatchObject({ kind: 'transient', code: 'http-503' });
    nextAnswer = { status: 422, json: { code: 'invalid_recipient', message: 'no such domain' } };
    expect(await api.send(outgoingEmail())).toMatchObject({
      kind: 'permanent',
      code: 'invalid_recipient',
    });
    expect(await provider(peer.url, 'wrong').send(outgoingEmail())).toMatchObject({
      kind: 'transient',
      code: 'unauthorized',
    });
  });

  it('a service that cannot be reached is a transient failure', async () => {
    expect(await provider(await closedUrl()).send(outgoingEmail())).toMatchObject({
      status: 'failed',
      kind: 'transient',
      code: 'ECONNREFUSED',
    });
  });
});
