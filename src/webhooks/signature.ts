// The signature of a webhook request: `x-clarion-signature: t=<unix seconds>,v1=<hex>`, where
// the hex is HMAC-SHA256 of `<t>.<raw body>` under the webhook's secret. Receivers recompute it
// over the raw body and compare in constant time, and refuse old timestamps (replays).
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'x-clarion-signature';
export const EVENT_ID_HEADER = 'x-clarion-event-id';

export function signatureHeader(secret: string, body: string, at: Date): string {
  const t = Math.floor(at.getTime() / 1000);
  const v1 = createHmac('sha256', secret).update(`${t}.${body}`).digest('hex');
  return `t=${t},v1=${v1}`;
}

/** What a receiver does: true when the header signs this body with this secret. */
export function verifySignature(
  secret: string,
  body: string,
  header: string,
  options: { now: Date; toleranceSeconds?: number },
): boolean {
  const parts = new Map(
    header.split(',').map((part) => {
      const at = part.indexOf('=');
      return [part.slice(0, at).trim(), part.slice(at + 1).trim()] as const;
    }),
  );
  const t = Number(parts.get('t'));
  const given = parts.get('v1') ?? '';
  if (!Number.isInteger(t) || !/^[0-9a-f]{64}$/.test(given)) return false;
  if (Math.abs(options.now.getTime() / 1000 - t) > (options.toleranceSeconds ?? 300)) return false;
  const expected = createHmac('sha256', secret).update(`${t}.${body}`).digest();
  return timingSafeEqual(expected, Buffer.from(given, 'hex'));
}
