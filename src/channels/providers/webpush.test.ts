import { createECDH, createPublicKey } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PushSettings } from '../model.ts';
import { closedUrl, startHttpPeer, type HttpPeer } from './testing/http-peer.ts';
import { verifyJwt } from './testing/jwt-check.ts';
import { decryptWebPush, newSubscriber } from './testing/webpush-decrypt.ts';
import { createWebPushProvider } from './webpush.ts';

const vapid = createECDH('prime256v1');
vapid.generateKeys();
const VAPID_PUBLIC = vapid.getPublicKey().toString('base64url');
const VAPID_PRIVATE = vapid.getPrivateKey().toString('base64url');
const SUBJECT = 'mailto:push@shop.example.com';
const now = new Date('2026-11-27T09:00:00Z');
const clock = { now: () => new Date(now) };

/** The public key a push service reads from the `k=` parameter. */
function vapidKey(k: string) {
  const point = Buffer.from(k, 'base64url');
  return createPublicKey({
    format: 'jwk',
    key: {
      kty: 'EC',
      crv: 'P-256',
      x: point.subarray(1, 33).toString('base64url'),
      y: point.subarray(33).toString('base64url'),
    },
  });
}

let service: HttpPeer;
beforeAll(async () => {
  service = await startHttpPeer((request) => {
    const auth = /^vapid t=([^,]+), k=(.+)$/.exec(String(request.headers.authorization));
    const jwt = auth ? verifyJwt(auth[1]!, vapidKey(auth[2]!)) : undefined;
    if (!jwt || jwt.claims.aud !== service.url) return { status: 403 };
    if (request.path === '/push/gone') return { status: 410 };
    if (request.path === '/push/missing') return { status: 404 };
    if (request.path === '/push/busy') return { status: 429 };
    return { status: 201, headers: { location: `${service.url}/m/1` } };
  });
});
afterAll(async () => service.close());

function provider() {
  const settings: PushSettings = {
    platform: 'web',
    appId: 'https://shop.example.com',
    retryPeriodMinutes: 60,
    web: { subject: SUBJECT, publicKey: VAPID_PUBLIC },
  };
  return createWebPushProvider(settings, { vapidPrivateKey: VAPID_PRIVATE }, { clock });
}

const message = {
  title: 'Flash sale',
  body: 'Two hours only',
  url: 'https://shop.example.com/sale',
  imageUrl: 'https://cdn.example.com/sale.png',
  data: { campaign: 'flash' },
  ttlSeconds: 7200,
};

describe('Web Push provider (VAPID, aes128gcm)', () => {
  it('sends a payload only the subscription can decrypt, with a VAPID token for the push service', async () => {
    const subscriber = newSubscriber();
    const push = provider();
    const result = await push.send({
      messageId: 'exec-1.p1',
      token: `${service.url}/push/sub-1`,
      webKeys: subscriber.keys,
      message,
    });
    expect(result).toEqual({ status: 'sent', providerId: `${service.url}/m/1` });

    const request = service.requests.at(-1)!;
    expect(request.path).toBe('/push/sub-1');
    expect(request.headers).toMatchObject({
      'content-encoding': 'aes128gcm',
      'content-type': 'application/octet-stream',
      ttl: '7200',
      urgency: 'high',
    });
    const [, token, k] = /^vapid t=([^,]+), k=(.+)$/.exec(String(request.headers.authorization))!;
    expect(k).toBe(VAPID_PUBLIC);
    expect(verifyJwt(token!, vapidKey(k!))?.claims).toEqual({
      aud: service.url,
      sub: SUBJECT,
      exp: now.getTime() / 1000 + 12 * 3600,
    });
    expect(request.body.toString()).not.toContain('Flash sale');
    expect(JSON.parse(decryptWebPush(subscriber, request.body))).toEqual({
      title: 'Flash sale',
      body: 'Two hours only',
      image: 'https://cdn.example.com/sale.png',
      url: 'https://shop.example.com/sale',
      data: { campaign: 'flash' },
    });
  });

  it('404 and 410 mark the subscription invalid; 429 and an unreachable service are transient', async () => {
    const push = provider();
    const webKeys = newSubscriber().keys;
    const to = (path: string) => ({
      messageId: 'm',
      token: `${service.url}${path}`,
      webKeys,
      message,
    });
    expect(await push.send(to('/push/gone'))).toMatchObject({
      status: 'failed',
      kind: 'permanent',
      code: 'http-410',
      invalidToken: true,
    });
    expect(await push.send(to('/push/missing'))).toMatchObject({ invalidToken: true });
    const busy = await push.send(to('/push/busy'));
    expect(busy).toMatchObject({ kind: 'transient', code: 'http-429' });
    expect(busy).not.toHaveProperty('invalidToken');
    const offline = { messageId: 'm', token: `${await closedUrl()}/push/x`, webKeys, message };
    expect(await push.send(offline)).toMatchObject({ kind: 'transient', code: 'ECONNREFUSED' });
  });
});
