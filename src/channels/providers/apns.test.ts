import { generateKeyPairSync } from 'node:crypto';
import { createServer, type Http2Server, type IncomingHttpHeaders } from 'node:http2';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PushSettings } from '../model.ts';
import { apnsIdFor, createApnsProvider } from './apns.ts';
import { verifyJwt } from './testing/jwt-check.ts';

const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
const TEAM = 'TEAM123456';
const KEY_ID = 'KEY9876543';
let now = new Date('2026-11-27T09:00:00Z');
const clock = { now: () => new Date(now) };

interface Received {
  headers: IncomingHttpHeaders;
  body: unknown;
  jwtIat: unknown;
}
let server: Http2Server;
let origin: string;
let sessions = 0;
const received: Received[] = [];

beforeAll(async () => {
  // Plain HTTP/2 (h2c) on loopback: the same frames and headers APNs speaks, without TLS.
  server = createServer();
  server.on('session', () => sessions++);
  server.on('stream', (stream, headers) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => {
      const auth = String(headers.authorization ?? '');
      const jwt = verifyJwt(auth.replace(/^bearer /, ''), publicKey);
      const answer = (status: number, reason?: string) => {
        stream.respond({ ':status': status, 'apns-id': String(headers['apns-id']) });
        stream.end(reason ? JSON.stringify({ reason }) : undefined);
      };
      if (
        !jwt ||
        jwt.header.kid !== KEY_ID ||
        jwt.claims.iss !== TEAM ||
        jwt.header.alg !== 'ES256'
      )
        return answer(403, 'InvalidProviderToken');
      received.push({
        headers,
        body: JSON.parse(Buffer.concat(chunks).toString()),
        jwtIat: jwt.claims.iat,
      });
      const token = String(headers[':path']).replace('/3/device/', '');
      if (token === 'gone') return answer(410, 'Unregistered');
      if (token === 'bad') return answer(400, 'BadDeviceToken');
      if (token === 'busy') return answer(429, 'TooManyRequests');
      if (headers['apns-topic'] !== 'com.example.shop') return answer(400, 'TopicDisallowed');
      answer(200);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => new Promise<void>((resolve) => server.close(() => resolve())));

function provider() {
  const settings: PushSettings = {
    platform: 'apns',
    appId: 'com.example.shop',
    retryPeriodMinutes: 60,
    apns: { teamId: TEAM, keyId: KEY_ID, endpoint: origin },
  };
  const apnsPrivateKey = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  return createApnsProvider(settings, { apnsPrivateKey }, { clock });
}

const message = {
  title: 'Back in stock',
  body: 'The blue kettle is back',
  url: 'shop://products/kettle',
  data: { productId: 'kettle' },
  badge: 1,
  sound: 'chime.caf',
  ttlSeconds: 3600,
};

describe('APNs provider (HTTP/2, token auth)', () => {
  it('posts to /3/device/{token} with an ES256 provider token and the APNs headers, on one connection', async () => {
    const apns = provider();
    const sessionsBefore = sessions;
    const result = await apns.send({ messageId: 'exec-1.p1', token: 'a1b2c3', message });
    expect(result).toEqual({ status: 'sent', providerId: apnsIdFor('exec-1.p1') });
    await apns.send({ messageId: 'exec-1.p2', token: 'd4e5f6', message });

    const [first, second] = received.slice(-2);
    expect(first!.headers).toMatchObject({
      ':method': 'POST',
      ':path': '/3/device/a1b2c3',
      'apns-topic': 'com.example.shop',
      'apns-push-type': 'alert',
      'apns-id': apnsIdFor('exec-1.p1'),
      'apns-expiration': String(now.getTime() / 1000 + 3600),
      'apns-priority': '10',
    });
    expect(apnsIdFor('exec-1.p1')).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-8[0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(first!.body).toEqual({
      aps: {
        alert: { title: 'Back in stock', body: 'The blue kettle is back' },
        badge: 1,
        sound: 'chime.caf',
      },
      productId: 'kettle',
      url: 'shop://products/kettle',
    });
    expect(first!.jwtIat).toBe(now.getTime() / 1000);
    expect(second!.headers.authorization).toBe(first!.headers.authorization);
    expect(sessions - sessionsBefore).toBe(1);

    // Past 50 minutes the provider token is signed anew.
    now = new Date(now.getTime() + 51 * 60_000);
    await apns.send({ messageId: 'exec-1.p3', token: 'a1b2c3', message });
    expect(received.at(-1)!.jwtIat).toBe(now.getTime() / 1000);
    expect(received.at(-1)!.headers.authorization).not.toBe(first!.headers.authorization);
    await apns.close();
  });

  it('410 Unregistered and 400 BadDeviceToken mark the token invalid; 429 is transient', async () => {
    const apns = provider();
    expect(await apns.send({ messageId: 'm1', token: 'gone', message })).toEqual({
      status: 'failed',
      kind: 'permanent',
      code: 'Unregistered',
      reason: 'Unregistered',
      invalidToken: true,
    });
    expect(await apns.send({ messageId: 'm2', token: 'bad', message })).toMatchObject({
      kind: 'permanent',
      code: 'BadDeviceToken',
      invalidToken: true,
    });
    const busy = await apns.send({ messageId: 'm3', token: 'busy', message });
    expect(busy).toMatchObject({ kind: 'transient', code: 'TooManyRequests' });
    expect(busy).not.toHaveProperty('invalidToken');
    await apns.close();
  });

  it('a server that cannot be reached is a transient failure', async () => {
    const settings: PushSettings = {
      platform: 'apns',
      appId: 'com.example.shop',
      retryPeriodMinutes: 60,
      apns: { teamId: TEAM, keyId: KEY_ID, endpoint: 'http://127.0.0.1:1' },
    };
    const apnsPrivateKey = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const apns = createApnsProvider(settings, { apnsPrivateKey }, { clock });
    expect(await apns.send({ messageId: 'm4', token: 'a1', message })).toMatchObject({
      status: 'failed',
      kind: 'transient',
    });
    await apns.close();
  });
});
