// Push through Apple Push Notification service over HTTP/2 with token authentication: one
// long-lived HTTP/2 session per configuration, a provider JWT (ES256, kid = key id, iss = team
// id) reused for up to 50 minutes (Apple refuses tokens older than an hour and too-frequent new
// ones), and a POST to /3/device/{token} per notification.
import { createHash, createPrivateKey } from 'node:crypto';
import { connect, constants, type ClientHttp2Session } from 'node:http2';
import type { Credentials, PushSettings } from '../model.ts';
import { epochSeconds, signJwt } from './jwt.ts';
import {
  DEFAULT_TIMEOUT_MS,
  failed,
  type DeliveryResult,
  type OutgoingPush,
  type ProviderDeps,
  type PushMessage,
  type PushProvider,
} from './types.ts';

const TOKEN_REUSE_MS = 50 * 60_000;
/** The device token is dead or belongs to another app: the caller deactivates it. */
const DEAD_TOKEN = new Set(['BadDeviceToken', 'DeviceTokenNotForTopic', 'Unregistered']);
/** Our provider token went stale or was refused: sign a new one and retry later. */
const STALE_JWT = new Set(['ExpiredProviderToken', 'InvalidProviderToken']);

/** APNs wants a UUID; one derived from the message id keeps a retry recognisable as the same. */
export function apnsIdFor(messageId: string): string {
  const h = createHash('sha256').update(messageId).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export function apnsPayload(m: PushMessage) {
  return {
    aps: {
      alert: { title: m.title, body: m.body },
      ...(m.badge === undefined ? {} : { badge: m.badge }),
      ...(m.sound ? { sound: m.sound } : {}),
      // Lets a notification service extension download and attach the image.
      ...(m.imageUrl ? { 'mutable-content': 1 } : {}),
    },
    ...m.data,
    ...(m.url ? { url: m.url } : {}),
    ...(m.imageUrl ? { imageUrl: m.imageUrl } : {}),
  };
}

export function createApnsProvider(
  settings: PushSettings,
  credentials: Credentials,
  deps: ProviderDeps,
): PushProvider {
  const apns = settings.apns;
  if (!apns || !credentials.apnsPrivateKey) throw new Error('APNs needs a team id, key id and key');
  const key = createPrivateKey(credentials.apnsPrivateKey);
  const timeout = deps.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const origin =
    apns.endpoint ??
    (settings.platform === 'apnsSandbox'
      ? 'https://api.sandbox.push.apple.com'
      : 'https://api.push.apple.com');
  let session: ClientHttp2Session | undefined;
  let jwt: { value: string; issuedAt: number } | undefined;

  function providerToken(): string {
    const now = deps.clock.now().getTime();
    if (!jwt || now - jwt.issuedAt >= TOKEN_REUSE_MS) {
      const value = signJwt(
        'ES256',
        { kid: apns!.keyId },
        { iss: apns!.teamId, iat: epochSeconds(new Date(now)) },
        key,
      );
      jwt = { value, issuedAt: now };
    }
    return jwt.value;
  }

  function connection(): ClientHttp2Session {
    if (session && !session.closed && !session.destroyed) return session;
    const opened = connect(origin);
    // A dropped or refused connection fails the requests on it; the next send reconnects.
    opened.on('error', () => undefined);
    opened.on('close', () => (session === opened ? (session = undefined) : undefined));
    opened.on('goaway', () => (session === opened ? (session = undefined) : undefined));
    session = opened;
    return opened;
  }

  function post(push: OutgoingPush, id: string) {
    const m = push.message;
    const expiration =
      m.ttlSeconds === undefined ? 0 : epochSeconds(deps.clock.now()) + m.ttlSeconds;
    return new Promise<{ status: number; apnsId: string | undefined; body: string }>(
      (resolve, reject) => {
        const request = connection().request({
          ':method': 'POST',
          ':path': `/3/device/${encodeURIComponent(push.token)}`,
          authorization: `bearer ${providerToken()}`,
          'apns-topic': settings.appId,
          'apns-push-type': 'alert',
          'apns-id': id,
          'apns-expiration': String(expiration),
          'apns-priority': m.priority === 'normal' ? '5' : '10',
          'content-type': 'application/json',
        });
        let status = 0;
        let apnsId: string | undefined;
        const chunks: Buffer[] = [];
        request.setTimeout(timeout, () => {
          request.close(constants.NGHTTP2_CANCEL);
          reject(Object.assign(new Error('no answer in time'), { code: 'TIMEOUT' }));
        });
        request.on('response', (headers) => {
          status = Number(headers[':status']);
          const answered = headers['apns-id'];
          apnsId = typeof answered === 'string' ? answered : undefined;
        });
        request.on('data', (chunk: Buffer) => chunks.push(chunk));
        request.on('end', () =>
          resolve({ status, apnsId, body: Buffer.concat(chunks).toString() }),
        );
        request.on('error', reject);
        request.end(JSON.stringify(apnsPayload(m)));
      },
    );
  }

  return {
    async send(push: OutgoingPush): Promise<DeliveryResult> {
      const id = apnsIdFor(push.messageId);
      let answer;
      try {
        answer = await post(push, id);
      } catch (error) {
        const e = error as { code?: string; message?: string };
        return failed('transient', e.code ?? 'NETWORK', e.message ?? String(error));
      }
      if (answer.status === 200) return { status: 'sent', providerId: answer.apnsId ?? id };
      let reason = `HTTP ${answer.status}`;
      try {
        const parsed = JSON.parse(answer.body) as { reason?: unknown };
        if (typeof parsed.reason === 'string') reason = parsed.reason;
      } catch {
        // An answer without a JSON body keeps the status as its reason.
      }
      if (answer.status === 410 || DEAD_TOKEN.has(reason))
        return failed('permanent', reason, reason, true);
      if (STALE_JWT.has(reason)) {
        jwt = undefined;
        return failed('transient', reason, reason);
      }
      const transient = answer.status === 429 || answer.status >= 500 || answer.status === 403;
      return failed(transient ? 'transient' : 'permanent', reason, reason);
    },
    async close() {
      const open = session;
      session = undefined;
      if (open && !open.closed) await new Promise<void>((resolve) => open.close(resolve));
    },
  };
}
