// Random bearer tokens are stored only as SHA-256 digests: high-entropy secrets need no slow hash.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';

export function newToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

export function digestToken(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}

export function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** Passwords use argon2id (slow on purpose). */
export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/** A human-typable password for the first administrator when none is configured. */
export function generatePassword(): string {
  return randomBytes(15).toString('base64url');
}
