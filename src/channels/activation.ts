// What a configuration needs before it can send: checks beyond the schema, each naming the
// field it is about. Run on activation and on every change of an active configuration.
import { createECDH, createPrivateKey, type KeyObject } from 'node:crypto';
import { assertNever } from '../platform/assert.ts';
import type { FieldError } from '../platform/errors.ts';
import { p256PrivateBytes } from './providers/jwt.ts';
import type {
  ConfigurationInput,
  Credentials,
  EmailSettings,
  MessageCategory,
  PushSettings,
  SmsSettings,
} from './model.ts';

/** SPEC X1: marketing email retries for at least 6 hours, transactional for at least 10 minutes. */
export const MIN_MARKETING_RETRY_MINUTES = 360;

function privateKey(pem: string | undefined): KeyObject | undefined {
  if (!pem) return undefined;
  try {
    return createPrivateKey(pem);
  } catch {
    return undefined;
  }
}

const domainOf = (address: string) => address.slice(address.lastIndexOf('@') + 1).toLowerCase();

function emailProblems(
  settings: EmailSettings,
  category: MessageCategory,
  credentials: Credentials,
): FieldError[] {
  const problems: FieldError[] = [];
  const at = (path: string, message: string) =>
    problems.push({ path: `/settings/${path}`, message });
  if (category === 'marketing' && settings.retryPeriodMinutes < MIN_MARKETING_RETRY_MINUTES)
    at('retryPeriodMinutes', 'must be at least 360 minutes (6 hours) for marketing messages');
  if (category === 'marketing' && settings.sendToSpamComplainers)
    at('sendToSpamComplainers', 'is only allowed for transactional messages');
  if (
    category === 'marketing' &&
    !settings.listUnsubscribe.oneClick &&
    !settings.listUnsubscribe.mailto
  )
    at('listUnsubscribe', 'marketing email needs a one-click or mailto unsubscribe');
  const provider = settings.provider;
  switch (provider.kind) {
    case 'mailbox':
      break;
    case 'smtp':
      if (provider.username && !credentials.smtpPassword)
        problems.push({
          path: '/credentials/smtpPassword',
          message: 'is required with a username',
        });
      break;
    case 'http':
      if (!credentials.apiKey)
        problems.push({
          path: '/credentials/apiKey',
          message: 'is required for an HTTP email API',
        });
      break;
    default:
      assertNever(provider);
  }
  if (provider.kind === 'mailbox') return problems;
  if (!settings.bounceAddress) at('bounceAddress', 'is required to receive bounces');
  if (!settings.dkim) {
    at('dkim', `the sender domain ${domainOf(settings.senderAddress)} needs a DKIM key`);
    return problems;
  }
  const sender = domainOf(settings.senderAddress);
  const signing = settings.dkim.domain.toLowerCase();
  if (sender !== signing && !sender.endsWith(`.${signing}`))
    at('dkim/domain', `must be the sender's domain (${sender}) or a parent of it`);
  const key = privateKey(credentials.dkimPrivateKey);
  if (!key)
    problems.push({ path: '/credentials/dkimPrivateKey', message: 'is not a PEM private key' });
  // nodemailer signs DKIM with RSA only; another key type would send unsigned mail.
  else if (key.asymmetricKeyType !== 'rsa')
    problems.push({ path: '/credentials/dkimPrivateKey', message: 'must be an RSA key' });
  else if ((key.asymmetricKeyDetails?.modulusLength ?? 0) < 1024)
    problems.push({ path: '/credentials/dkimPrivateKey', message: 'an RSA key needs ≥ 1024 bits' });
  return problems;
}

function smsProblems(settings: SmsSettings, credentials: Credentials): FieldError[] {
  const provider = settings.provider;
  switch (provider.kind) {
    case 'twilio':
      return credentials.authToken
        ? []
        : [{ path: '/credentials/authToken', message: 'is required for a Twilio-compatible API' }];
    case 'webhook':
    case 'mailbox':
      return [];
    default:
      return assertNever(provider);
  }
}

function fcmAccountProblems(json: string | undefined): FieldError[] {
  const path = '/credentials/fcmServiceAccount';
  if (!json) return [{ path, message: 'is required for FCM' }];
  let account: unknown;
  try {
    account = JSON.parse(json);
  } catch {
    return [{ path, message: 'is not JSON (paste the service-account key file)' }];
  }
  const fields = account as Record<string, unknown> | null;
  for (const field of ['project_id', 'client_email', 'private_key'])
    if (typeof fields?.[field] !== 'string') return [{ path, message: `has no ${field}` }];
  const key = privateKey(fields?.private_key as string);
  return key?.asymmetricKeyType === 'rsa'
    ? []
    : [{ path, message: 'its private_key is not an RSA private key' }];
}

function vapidProblems(settings: PushSettings, credentials: Credentials): FieldError[] {
  if (!settings.web) return [{ path: '/settings/web', message: 'is required for Web Push' }];
  const path = '/credentials/vapidPrivateKey';
  const raw = credentials.vapidPrivateKey;
  if (!raw) return [{ path, message: 'is required for Web Push' }];
  const secret = p256PrivateBytes(raw);
  if (!secret) return [{ path, message: 'must be 32 bytes, base64url-encoded' }];
  try {
    const ecdh = createECDH('prime256v1');
    ecdh.setPrivateKey(secret);
    const derived = ecdh.getPublicKey().toString('base64url');
    return derived === settings.web.publicKey
      ? []
      : [{ path: '/settings/web/publicKey', message: 'does not match the VAPID private key' }];
  } catch {
    return [{ path, message: 'is not a P-256 private key' }];
  }
}

function pushProblems(settings: PushSettings, credentials: Credentials): FieldError[] {
  // Captured in the local mailbox: nothing reaches the platform, so no credentials are needed.
  if (settings.mailbox) return [];
  switch (settings.platform) {
    case 'apns':
    case 'apnsSandbox': {
      const problems: FieldError[] = [];
      if (!settings.apns)
        problems.push({ path: '/settings/apns', message: 'team id and key id are required' });
      const key = privateKey(credentials.apnsPrivateKey);
      if (key?.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== 'prime256v1')
        problems.push({
          path: '/credentials/apnsPrivateKey',
          message: 'must be the .p8 token key (an EC P-256 private key in PEM)',
        });
      return problems;
    }
    case 'fcm':
      return fcmAccountProblems(credentials.fcmServiceAccount);
    case 'web':
      return vapidProblems(settings, credentials);
    default:
      return assertNever(settings.platform);
  }
}

type Part<T> = T extends unknown
  ? Pick<T, Extract<keyof T, 'channel' | 'category' | 'settings'>>
  : never;
/** The parts of a configuration the checks read, still discriminated by channel. */
export type ConfigurationParts = Part<ConfigurationInput>;

/** Everything that keeps the configuration from sending; empty when it can be activated. */
export function activationProblems(
  input: ConfigurationParts,
  credentials: Credentials,
): FieldError[] {
  switch (input.channel) {
    case 'email':
      return emailProblems(input.settings, input.category, credentials);
    case 'sms':
      return smsProblems(input.settings, credentials);
    case 'push':
      return pushProblems(input.settings, credentials);
    default:
      return assertNever(input);
  }
}
