// Verifies a compact JWS the way a push service would, for the test peers.
import { verify, type KeyObject } from 'node:crypto';

export interface CheckedJwt {
  header: Record<string, unknown>;
  claims: Record<string, unknown>;
}

/** The decoded JWT when its signature verifies with the key; undefined otherwise. */
export function verifyJwt(jwt: string, key: KeyObject): CheckedJwt | undefined {
  const [head, body, signature] = jwt.split('.');
  if (!head || !body || !signature) return undefined;
  const header = JSON.parse(Buffer.from(head, 'base64url').toString()) as Record<string, unknown>;
  const ok = verify(
    'sha256',
    Buffer.from(`${head}.${body}`),
    header.alg === 'ES256' ? { key, dsaEncoding: 'ieee-p1363' } : key,
    Buffer.from(signature, 'base64url'),
  );
  if (!ok) return undefined;
  return {
    header,
    claims: JSON.parse(Buffer.from(body, 'base64url').toString()) as Record<string, unknown>,
  };
}
