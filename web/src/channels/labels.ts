// How channels, statuses, providers and credentials are named on screen.
import { assertNever } from '../../../src/platform/assert.ts';
import type {
  Channel,
  Configuration,
  ConfigurationStatus,
  CredentialName,
  MessageCategory,
  PushPlatform,
  SuppressionCategory,
} from '../api/channels.ts';

export const CHANNEL_LABELS: Record<Channel, string> = { email: 'Email', sms: 'SMS', push: 'Push' };
export const CHANNEL_COLORS: Record<Channel, string> = {
  email: 'blue',
  sms: 'teal',
  push: 'grape',
};

export const STATUS_LOOK: Record<ConfigurationStatus, { color: string; label: string }> = {
  draft: { color: 'gray', label: 'Draft' },
  active: { color: 'green', label: 'Active' },
  deactivated: { color: 'orange', label: 'Deactivated' },
};

export const CATEGORY_LABELS: Record<MessageCategory, string> = {
  marketing: 'Marketing',
  transactional: 'Transactional',
};

export const PLATFORM_LABELS: Record<PushPlatform, string> = {
  apns: 'Apple (APNs)',
  apnsSandbox: 'Apple (APNs sandbox)',
  fcm: 'Android (FCM)',
  web: 'Web Push',
};

export const SUPPRESSION_CATEGORY_LABELS: Record<SuppressionCategory, string> = {
  hardBounce: 'Hard bounce',
  softBounce: 'Soft bounces',
  spamComplaint: 'Spam complaint',
  manual: 'Added by hand',
  unsubscribe: 'Unsubscribed',
};

export const CREDENTIAL_LABELS: Record<CredentialName, string> = {
  smtpPassword: 'SMTP password',
  apiKey: 'API key',
  dkimPrivateKey: 'DKIM private key',
  authToken: 'Auth token',
  webhookSecret: 'Webhook signing secret',
  apnsPrivateKey: 'APNs key (.p8)',
  fcmServiceAccount: 'FCM service account',
  vapidPrivateKey: 'VAPID private key',
};

/** Where a configuration sends, in a few words. */
export function providerSummary(configuration: Configuration): string {
  switch (configuration.channel) {
    case 'email': {
      const provider = configuration.settings.provider;
      switch (provider.kind) {
        case 'smtp':
          return `SMTP ${provider.host}:${provider.port}`;
        case 'http':
          return 'HTTP email API';
        case 'mailbox':
          return 'Local mailbox';
        default:
          return assertNever(provider);
      }
    }
    case 'sms': {
      const provider = configuration.settings.provider;
      switch (provider.kind) {
        case 'twilio':
          return 'Twilio-compatible API';
        case 'webhook':
          return 'HTTP webhook';
        case 'mailbox':
          return 'Local mailbox';
        default:
          return assertNever(provider);
      }
    }
    case 'push': {
      const platform = PLATFORM_LABELS[configuration.settings.platform];
      return configuration.settings.mailbox ? `${platform} · local mailbox` : platform;
    }
    default:
      return assertNever(configuration);
  }
}
