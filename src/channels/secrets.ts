// Credentials at rest: AES-256-GCM under a key derived from CLARION_SECRET (HKDF-SHA256). The
// sandbox and configuration ids are the additional authenticated data, so ciphertext copied to
// another row does not decrypt.
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { Value } from '@sinclair/typebox/value';
import { Credentials } from './model.ts';

const FORMAT_VERSION = 1;
const keys = new Map<string, Buffer>();

function keyOf(secret: string): Buffer {
  let key = keys.get(secret);
  if (!key) {
    key = Buffer.from(hkdfSync('sha256', secret, 'clarion', 'channel-credentials/v1', 32));
    keys.set(secret, key);
  }
  return key;
}

/** version (1 byte) | iv (12) | tag (16) | ciphertext of the JSON. */
export function sealCredentials(secret: string, boundTo: string, credentials: Credentials): Buffer {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyOf(secret), iv);
  cipher.setAAD(Buffer.from(boundTo));
  const body = Buffer.concat([cipher.update(JSON.stringify(credentials), 'utf8'), cipher.final()]);
  return Buffer.concat([Buffer.from([FORMAT_VERSION]), iv, cipher.getAuthTag(), body]);
}

export function openCredentials(secret: string, boundTo: string, sealed: Buffer): Credentials {
  if (sealed[0] !== FORMAT_VERSION) throw new Error('stored credentials have an unknown format');
  const decipher = createDecipheriv('aes-256-gcm', keyOf(secret), sealed.subarray(1, 13));
  decipher.setAAD(Buffer.from(boundTo));
  decipher.setAuthTag(sealed.subarray(13, 29));
  const text = Buffer.concat([decipher.update(sealed.subarray(29)), decipher.final()]).toString(
    'utf8',
  );
  return Value.Parse(Credentials, JSON.parse(text));
}
