// Compact JWS for the push services: RS256 (FCM service accounts), ES256 (APNs token keys and
// VAPID). ES256 signatures are the raw r||s form JWS requires, not DER.
import { createPrivateKey, sign, type KeyObject } from 'node:crypto';

const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

export function signJwt(
  alg: 'RS256' | 'ES256',
  header: Record<string, string>,
  claims: Record<string, unknown>,
  key: KeyObject,
): string {
  const input = `${encode({ alg, typ: 'JWT', ...header })}.${encode(claims)}`;
  const signature = sign('sha256', Buffer.from(input), {
    key,
    ...(alg === 'ES256' ? { dsaEncoding: 'ieee-p1363' as const } : {}),
  });
  return `${input}.${signature.toString('base64url')}`;
}

/**
 * The 32 bytes of a raw P-256 private key, or undefined. Tools that print the key as a number
 * (Node's ECDH among them) drop leading zero bytes — about one key in 250 — so shorter keys are
 * padded back.
 */
export function p256PrivateBytes(privateKey: string): Buffer | undefined {
  const raw = Buffer.from(privateKey, 'base64url');
  if (raw.length === 0 || raw.length > 32) return undefined;
  return Buffer.concat([Buffer.alloc(32 - raw.length), raw]);
}

/** A P-256 private key from the raw base64url forms VAPID keys are exchanged in. */
export function p256PrivateKey(privateKey: string, publicKey: string): KeyObject {
  const point = Buffer.from(publicKey, 'base64url');
  const d = p256PrivateBytes(privateKey);
  if (!d) throw new Error('a VAPID private key is 32 bytes');
  return createPrivateKey({
    format: 'jwk',
    key: {
      kty: 'EC',
      crv: 'P-256',
      d: d.toString('base64url'),
      x: point.subarray(1, 33).toString('base64url'),
      y: point.subarray(33, 65).toString('base64url'),
    },
  });
}

/** Seconds since the epoch, as JWT claims count time. */
export const epochSeconds = (date: Date) => Math.floor(date.getTime() / 1000);
