import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PushSettings } from '../model.ts';
import { createFcmProvider } from './fcm.ts';
import { startHttpPeer, type HttpPeer, type RecordedRequest } from './testing/http-peer.ts';
import { verifyJwt } from './testing/jwt-check.ts';

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const CLIENT_EMAIL = 'push@demo-project.iam.gserviceaccount.com';
let now = new Date('2026-11-27T09:00:00Z');
const clock = { now: () => new Date(now) };

let peer: HttpPeer;
const issued: string[] = [];

function tokenAnswer(request: RecordedRequest) {
  const form = new URLSearchParams(request.body.toString());
  const jwt = verifyJwt(form.get('assertion') ?? '', publicKey);
  if (form.get('grant_type') !== 'urn:ietf:params:oauth:grant-type:jwt-bearer' || !jwt)
    return { status: 400, json: { error: 'invalid_grant' } };
  expect(jwt.header).toMatchObject({ alg: 'RS256', kid: 'key-1' });
  expect(jwt.claims).toMatchObject({
    iss: CLIENT_EMAIL,
    aud: `${peer.url}/token`,
    scope: 'https://www.googleapis.com/auth/firebase.messaging',
    iat: now.getTime() / 1000,
    exp: now.getTime() / 1000 + 3600,
  });
  issued.push(`ya29.token-${issued.length + 1}`);
  return { status: 200, json: { access_token: issued.at(-1), expires_in: 3600 } };
}

function sendAnswer(request: RecordedRequest) {
  if (request.headers.authorization !== `Bearer ${issued.at(-1)}`)
    return { status: 401, json: { error: { code: 401, status: 'UNAUTHENTICATED' } } };
  const { message } = JSON.parse(request.body.toString()) as { message: { token: string } };
  if (message.token === 'dead-token')
    return {
      status: 404,
      json: {
        error: {
          code: 404,
          message: 'Requested entity was not found.',
          status: 'NOT_FOUND',
          details: [
            {
              '@type': 'type.googleapis.com/google.firebase.fcm.v1.FcmError',
              errorCode: 'UNREGISTERED',
            },
          ],
        },
      },
    };
  if (message.token === 'not-a-token')
    return {
      status: 400,
      json: {
        error: {
          code: 400,
          message: 'The registration token is not a valid FCM registration token',
          status: 'INVALID_ARGUMENT',
          details: [
            {
              '@type': 'type.googleapis.com/google.rpc.BadRequest',
              fieldViolations: [{ field: 'message.token', description: 'Invalid token' }],
            },
          ],
        },
      },
    };
  if (message.token === 'busy')
    return { status: 503, json: { error: { code: 503, status: 'UNAVAILABLE', message: 'x' } } };
  return { status: 200, json: { name: `projects/demo-project/messages/${request.body.length}` } };
}

beforeAll(async () => {
  peer = await startHttpPeer((request) =>
    request.path === '/token'
      ? tokenAnswer(request)
      : request.path === '/v1/projects/demo-project/messages:send'
        ? sendAnswer(request)
        : { status: 404 },
  );
});
afterAll(async () => peer.close());

function provider() {
  const settings: PushSettings = {
    platform: 'fcm',
    appId: 'com.example.shop',
    retryPeriodMinutes: 60,
    fcm: { endpoint: peer.url, tokenUrl: `${peer.url}/token` },
  };
  const fcmServiceAccount = JSON.stringify({
    type: 'service_account',
    project_id: 'demo-project',
    private_key_id: 'key-1',
    private_key: privateKey.export({ type: 'pkcs8', format: 'pem' }),
    client_email: CLIENT_EMAIL,
    token_uri: 'https://oauth2.example.invalid/token',
  });
  return createFcmProvider(settings, { fcmServiceAccount }, { clock });
}

const message = {
  title: 'Your order shipped',
  body: 'It arrives Thursday',
  imageUrl: 'https://cdn.example.com/box.png',
  url: 'shop://orders/42',
  data: { orderId: '42' },
  badge: 3,
  sound: 'default',
};

describe('FCM HTTP v1 provider', () => {
  it('exchanges a signed service-account JWT for a token, reuses it until it expires, and sends the message', async () => {
    const fcm = provider();
    const first = await fcm.send({ messageId: 'm1', token: 'device-1', message });
    expect(first).toMatchObject({ status: 'sent' });
    expect((first as { providerId: string }).providerId).toMatch(
      /^projects\/demo-project\/messages\//,
    );
    await fcm.send({ messageId: 'm2', token: 'device-2', message });
    expect(issued).toHaveLength(1);

    const sent = peer.requests.filter((r) => r.path.endsWith('messages:send'));
    expect(JSON.parse(sent.at(-1)!.body.toString())).toEqual({
      message: {
        token: 'device-2',
        notification: {
          title: 'Your order shipped',
          body: 'It arrives Thursday',
          image: 'https://cdn.example.com/box.png',
        },
        data: { orderId: '42', url: 'shop://orders/42' },
        android: { priority: 'HIGH', notification: { sound: 'default' } },
        apns: {
          headers: { 'apns-priority': '10' },
          payload: { aps: { badge: 3, sound: 'default', 'mutable-content': 1 } },
        },
      },
    });

    now = new Date(now.getTime() + 3600_000);
    expect(await fcm.send({ messageId: 'm3', token: 'device-3', message })).toMatchObject({
      status: 'sent',
    });
    expect(issued).toHaveLength(2);
  });

  it('marks unregistered and invalid tokens so the caller can deactivate them', async () => {
    const fcm = provider();
    expect(await fcm.send({ messageId: 'm4', token: 'dead-token', message })).toEqual({
      status: 'failed',
      kind: 'permanent',
      code: 'UNREGISTERED',
      reason: 'Requested entity was not found.',
      invalidToken: true,
    });
    expect(await fcm.send({ messageId: 'm5', token: 'not-a-token', message })).toMatchObject({
      kind: 'permanent',
      code: 'INVALID_ARGUMENT',
      invalidToken: true,
    });
    const busy = await fcm.send({ messageId: 'm6', token: 'busy', message });
    expect(busy).toMatchObject({ kind: 'transient', code: 'UNAVAILABLE' });
    expect(busy).not.toHaveProperty('invalidToken');
  });
});
