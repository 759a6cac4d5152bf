// Signed tracking tokens: what a tracking link is about (the message — for the open pixel, the
// mirror page and unsubscribe — and for a click the link and its target) travels in the URL,
// with an HMAC-SHA256 over it under a key derived from CLARION_SECRET. A changed byte gives 400,
// so no one can turn Clarion into an open redirect.
import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import { assertNever } from '../../platform/assert.ts';

export interface MessageRef {
  sandboxId: string;
  executionId: string;
  recipientKey: string;
  actionId: string;
}

export type TrackingClaim =
  | ({ kind: 'open' } & MessageRef)
  | ({ kind: 'mirror' } & MessageRef)
  | ({ kind: 'click'; link: number; url: string } & MessageRef)
  | ({ kind: 'unsubscribe'; channel: 'email' | 'sms' | 'push' } & MessageRef);

const keys = new Map<string, Buffer>();
function keyOf(secret: string): Buffer {
  let key = keys.get(secret);
  if (!key) {
    key = Buffer.from(hkdfSync('sha256', secret, 'clarion', 'tracking-links/v1', 32));
    keys.set(secret, key);
  }
  return key;
}

const mac = (secret: string, body: string) =>
  createHmac('sha256', keyOf(secret)).update(body).digest().subarray(0, 18);

function encode(claim: TrackingClaim): unknown[] {
  const ref = [claim.sandboxId, claim.executionId, claim.recipientKey, claim.actionId];
  switch (claim.kind) {
    case 'open':
      return ['o', ...ref];
    case 'mirror':
      return ['m', ...ref];
    case 'click':
      return ['c', ...ref, claim.link, claim.url];
    case 'unsubscribe':
      return ['u', ...ref, claim.channel];
    default:
      return assertNever(claim);
  }
}

export function signClaim(secret: string, claim: TrackingClaim): string {
  const body = Buffer.from(JSON.stringify(encode(claim))).toString('base64url');
  return `${body}.${mac(secret, body).toString('base64url')}`;
}

const isText = (value: unknown): value is string => typeof value === 'string';

/** The claim of a token whose signature holds; undefined for anything else. */
export function verifyClaim(secret: string, token: string): TrackingClaim | undefined {
  const [body, signature, extra] = token.split('.');
  if (!body || !signature || extra !== undefined) return undefined;
  const expected = mac(secret, body);
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  let parts: unknown;
  try {
    parts = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (!Array.isArray(parts)) return undefined;
  const [kind, sandboxId, executionId, recipientKey, actionId, a, b] = parts as unknown[];
  if (![sandboxId, executionId, recipientKey, actionId].every(isText)) return undefined;
  const ref = {
    sandboxId: sandboxId as string,
    executionId: executionId as string,
    recipientKey: recipientKey as string,
    actionId: actionId as string,
  };
  if (kind === 'o') return { kind: 'open', ...ref };
  if (kind === 'm') return { kind: 'mirror', ...ref };
  if (kind === 'c' && typeof a === 'number' && isText(b))
    return { kind: 'click', ...ref, link: a, url: b };
  if (kind === 'u' && (a === 'email' || a === 'sms' || a === 'push'))
    return { kind: 'unsubscribe', ...ref, channel: a };
  return undefined;
}
