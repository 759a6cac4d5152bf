// Settings and keys for provider tests.
import { generateKeyPairSync } from 'node:crypto';
import type { EmailSettings } from '../../model.ts';
import type { OutgoingEmail } from '../types.ts';

export function rsaKeyPair(bits = 2048): { privatePem: string; publicDer: Buffer } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: bits });
  return {
    privatePem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicDer: publicKey.export({ type: 'spki', format: 'der' }),
  };
}

export function emailSettings(overrides: Partial<EmailSettings> = {}): EmailSettings {
  return {
    senderName: 'Clarion Shop',
    senderAddress: 'news@shop.example.com',
    bounceAddress: 'bounces@shop.example.com',
    listUnsubscribe: { oneClick: true, mailto: 'unsubscribe@shop.example.com' },
    urlParameters: [],
    retryPeriodMinutes: 5040,
    softBounceThreshold: 5,
    sendToSpamComplainers: false,
    seedList: [],
    dkim: { domain: 'shop.example.com', selector: 's2026' },
    provider: { kind: 'mailbox' },
    ...overrides,
  };
}

export function outgoingEmail(overrides: Partial<OutgoingEmail> = {}): OutgoingEmail {
  return {
    messageId: '<exec-1.profile-1@shop.example.com>',
    from: { name: 'Clarion Shop', address: 'news@shop.example.com' },
    to: { name: 'Ada Lovelace', address: 'ada@example.org' },
    replyTo: { address: 'help@shop.example.com' },
    subject: 'Winter sale — 20% off',
    html: '<p>Hello <b>Ada</b>, the sale is on.</p>',
    text: 'Hello Ada, the sale is on.',
    headers: { 'X-Campaign-Id': 'c-42' },
    envelopeFrom: 'bounces+exec-1.profile-1@shop.example.com',
    listUnsubscribe: {
      url: 'https://shop.example.com/u/abc123',
      mailto: 'unsubscribe@shop.example.com',
    },
    ...overrides,
  };
}
