// Web Push (RFC 8030) with VAPID (RFC 8292) and aes128gcm payload encryption (RFC 8291). The
// payload is encrypted with the `web-push` package; the VAPID JWT is signed here with the
// injected clock and kept per push service for 12 hours (its lifetime is at most 24).
//
// The service worker receives this JSON: { title, body, image?, url?, badge?, sound?, data? }.
// web-push is CommonJS without static named exports: Node's ESM loader only sees its default.
import webPush from 'web-push';
import type { Credentials, PushSettings } from '../model.ts';
import { classifyHttpStatus, httpRequest, networkFailure } from './http.ts';
import { epochSeconds, p256PrivateKey, signJwt } from './jwt.ts';
import {
  DEFAULT_TIMEOUT_MS,
  failed,
  type DeliveryResult,
  type OutgoingPush,
  type ProviderDeps,
  type PushMessage,
  type PushProvider,
} from './types.ts';

const VAPID_LIFETIME_S = 12 * 3600;
/** Sign a new VAPID token when the cached one has less than this left. */
const VAPID_RENEW_S = 3600;
/** How long a push service keeps a message for an offline browser (4 weeks, the usual maximum). */
const DEFAULT_TTL_S = 2_419_200;

export function webPushPayload(m: PushMessage) {
  return {
    title: m.title,
    body: m.body,
    ...(m.imageUrl ? { image: m.imageUrl } : {}),
    ...(m.url ? { url: m.url } : {}),
    ...(m.badge === undefined ? {} : { badge: m.badge }),
    ...(m.sound ? { sound: m.sound } : {}),
    ...(m.data ? { data: m.data } : {}),
  };
}

export function createWebPushProvider(
  settings: PushSettings,
  credentials: Credentials,
  deps: ProviderDeps,
): PushProvider {
  const web = settings.web;
  if (!web || !credentials.vapidPrivateKey) throw new Error('Web Push needs VAPID keys');
  const key = p256PrivateKey(credentials.vapidPrivateKey, web.publicKey);
  const timeout = deps.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const vapid = new Map<string, { header: string; expires: number }>();

  function authorization(endpoint: string): string {
    const audience = new URL(endpoint).origin;
    const now = epochSeconds(deps.clock.now());
    const cached = vapid.get(audience);
    if (cached && cached.expires - now > VAPID_RENEW_S) return cached.header;
    const expires = now + VAPID_LIFETIME_S;
    const jwt = signJwt('ES256', {}, { aud: audience, exp: expires, sub: web!.subject }, key);
    const header = `vapid t=${jwt}, k=${web!.publicKey}`;
    vapid.set(audience, { header, expires });
    return header;
  }

  return {
    async send(push: OutgoingPush): Promise<DeliveryResult> {
      if (!push.webKeys)
        return failed('permanent', 'NO_KEYS', 'the subscription has no p256dh/auth keys', true);
      const m = push.message;
      let cipherText: Buffer;
      try {
        cipherText = webPush.encrypt(
          push.webKeys.p256dh,
          push.webKeys.auth,
          JSON.stringify(webPushPayload(m)),
          'aes128gcm',
        ).cipherText;
      } catch (error) {
        // The subscription's keys are not a valid P-256 point and secret: it can never be sent to.
        return failed('permanent', 'BAD_KEYS', (error as Error).message, true);
      }
      let answer;
      try {
        answer = await httpRequest(
          push.token,
          {
            method: 'POST',
            headers: {
              authorization: authorization(push.token),
              'content-encoding': 'aes128gcm',
              'content-type': 'application/octet-stream',
              ttl: String(m.ttlSeconds ?? DEFAULT_TTL_S),
              urgency: m.priority === 'normal' ? 'normal' : 'high',
            },
            body: new Uint8Array(cipherText),
          },
          timeout,
        );
      } catch (error) {
        return networkFailure(error);
      }
      if (answer.status >= 200 && answer.status < 300)
        return { status: 'sent', providerId: answer.headers.get('location') ?? push.messageId };
      const reason = answer.text.slice(0, 500) || `HTTP ${answer.status}`;
      // 404 and 410: the subscription expired or the user revoked it.
      if (answer.status === 404 || answer.status === 410)
        return failed('permanent', `http-${answer.status}`, reason, true);
      return classifyHttpStatus(answer.status, `http-${answer.status}`, reason);
    },
    async close() {},
  };
}
