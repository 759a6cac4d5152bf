// The configuration being edited is a ConfigurationInput as the API takes it; credentials are
// kept apart as the changes to send (a value replaces, "" removes) since none is ever read back.
import { assertNever } from '../../../src/platform/assert.ts';
import type {
  Channel,
  Configuration,
  ConfigurationInput,
  CredentialName,
  Credentials,
  EmailSettings,
  PushSettings,
  SmsSettings,
} from '../api/channels.ts';

export type CredentialChanges = Partial<Record<CredentialName, string>>;

export function starterInput(channel: Channel): ConfigurationInput {
  const common = { name: '', description: '', category: 'marketing' as const };
  switch (channel) {
    case 'email':
      return {
        ...common,
        channel,
        settings: {
          senderName: '',
          senderAddress: '',
          listUnsubscribe: { oneClick: true },
          urlParameters: [],
          retryPeriodMinutes: 360,
          softBounceThreshold: 5,
          sendToSpamComplainers: false,
          seedList: [],
          provider: { kind: 'mailbox' },
        },
      };
    case 'sms':
      return {
        ...common,
        channel,
        settings: { senderNumber: '', retryPeriodMinutes: 360, provider: { kind: 'mailbox' } },
      };
    case 'push':
      return {
        ...common,
        channel,
        settings: { platform: 'fcm', appId: '', mailbox: true, retryPeriodMinutes: 360 },
      };
    default:
      return assertNever(channel);
  }
}

/** The editable parts of a saved configuration. */
export function inputOf(configuration: Configuration): ConfigurationInput {
  const common = {
    name: configuration.name,
    description: configuration.description,
    category: configuration.category,
    ...(configuration.maxPerSecond === undefined
      ? {}
      : { maxPerSecond: configuration.maxPerSecond }),
  };
  switch (configuration.channel) {
    case 'email':
      return { ...common, channel: 'email', settings: configuration.settings };
    case 'sms':
      return { ...common, channel: 'sms', settings: configuration.settings };
    case 'push':
      return { ...common, channel: 'push', settings: configuration.settings };
    default:
      return assertNever(configuration);
  }
}

/** What is sent: the form, with the credential changes when there are any. */
export function bodyOf(input: ConfigurationInput, changes: CredentialChanges): ConfigurationInput {
  const credentials: Credentials = { ...changes };
  const trimmed = { ...input, name: input.name.trim() };
  return Object.keys(credentials).length > 0 ? { ...trimmed, credentials } : trimmed;
}

/** The credentials the settings use, in the order the form shows them. */
export function credentialsFor(input: ConfigurationInput): CredentialName[] {
  switch (input.channel) {
    case 'email':
      return emailCredentials(input.settings);
    case 'sms':
      return smsCredentials(input.settings);
    case 'push':
      return pushCredentials(input.settings);
    default:
      return assertNever(input);
  }
}

function emailCredentials(settings: EmailSettings): CredentialName[] {
  const provider = settings.provider;
  switch (provider.kind) {
    case 'smtp':
      return ['smtpPassword', 'dkimPrivateKey'];
    case 'http':
      return ['apiKey', 'dkimPrivateKey'];
    case 'mailbox':
      return ['dkimPrivateKey'];
    default:
      return assertNever(provider);
  }
}

function smsCredentials(settings: SmsSettings): CredentialName[] {
  const provider = settings.provider;
  switch (provider.kind) {
    case 'twilio':
      return ['authToken'];
    case 'webhook':
      return ['webhookSecret'];
    case 'mailbox':
      return [];
    default:
      return assertNever(provider);
  }
}

function pushCredentials(settings: PushSettings): CredentialName[] {
  switch (settings.platform) {
    case 'apns':
    case 'apnsSandbox':
      return ['apnsPrivateKey'];
    case 'fcm':
      return ['fcmServiceAccount'];
    case 'web':
      return ['vapidPrivateKey'];
    default:
      return assertNever(settings.platform);
  }
}

/** Sets an optional string field: an empty value leaves it out. */
export function optional<T extends object, K extends keyof T>(object: T, key: K, value: string): T {
  const next = { ...object };
  if (value === '') delete next[key];
  else Object.assign(next, { [key]: value });
  return next;
}
