// The provider an opened configuration sends with: chosen by channel, then by provider kind
// (email, SMS) or platform (push). Make one per configuration and reuse it: SMTP pools, APNs
// sessions and OAuth tokens live inside.
import type { Db } from '../../db/connection.ts';
import { assertNever } from '../../platform/assert.ts';
import {
  createMailboxEmailProvider,
  createMailboxPushProvider,
  createMailboxSmsProvider,
  type MailboxTarget,
} from '../mailbox/providers.ts';
import { mailboxDb } from '../mailbox/store.ts';
import type {
  Configuration,
  Credentials,
  EmailSettings,
  PushSettings,
  SmsSettings,
} from '../model.ts';
import { createApnsProvider } from './apns.ts';
import { createHttpEmailProvider } from './email-http.ts';
import { createFcmProvider } from './fcm.ts';
import { createSmsWebhookProvider } from './sms-webhook.ts';
import { createSmtpProvider } from './smtp.ts';
import { createTwilioProvider } from './twilio.ts';
import type { EmailProvider, ProviderDeps, PushProvider, SmsProvider } from './types.ts';
import { createWebPushProvider } from './webpush.ts';

export interface ProviderFactoryDeps extends ProviderDeps {
  /** The configuration's sandbox and the database, for the local mailbox. */
  sandboxId: string;
  db: Db;
}

export type ChannelProvider =
  | { channel: 'email'; provider: EmailProvider }
  | { channel: 'sms'; provider: SmsProvider }
  | { channel: 'push'; provider: PushProvider };

const mailboxTarget = (configurationId: string, deps: ProviderFactoryDeps): MailboxTarget => ({
  db: mailboxDb(deps.db),
  sandboxId: deps.sandboxId,
  configurationId,
  clock: deps.clock,
});

export function createEmailProvider(
  configurationId: string,
  settings: EmailSettings,
  credentials: Credentials,
  deps: ProviderFactoryDeps,
): EmailProvider {
  const provider = settings.provider;
  switch (provider.kind) {
    case 'smtp':
      return createSmtpProvider(settings, provider, credentials, deps);
    case 'http':
      return createHttpEmailProvider(settings, provider, credentials, deps);
    case 'mailbox':
      return createMailboxEmailProvider(
        settings,
        credentials,
        mailboxTarget(configurationId, deps),
      );
    default:
      return assertNever(provider);
  }
}

export function createSmsProvider(
  configurationId: string,
  settings: SmsSettings,
  credentials: Credentials,
  deps: ProviderFactoryDeps,
): SmsProvider {
  const provider = settings.provider;
  switch (provider.kind) {
    case 'twilio':
      return createTwilioProvider(settings, provider, credentials, deps);
    case 'webhook':
      return createSmsWebhookProvider(settings, provider, credentials, deps);
    case 'mailbox':
      return createMailboxSmsProvider(settings, mailboxTarget(configurationId, deps));
    default:
      return assertNever(provider);
  }
}

export function createPushProvider(
  configurationId: string,
  settings: PushSettings,
  credentials: Credentials,
  deps: ProviderFactoryDeps,
): PushProvider {
  if (settings.mailbox)
    return createMailboxPushProvider(settings, mailboxTarget(configurationId, deps));
  switch (settings.platform) {
    case 'apns':
    case 'apnsSandbox':
      return createApnsProvider(settings, credentials, deps);
    case 'fcm':
      return createFcmProvider(settings, credentials, deps);
    case 'web':
      return createWebPushProvider(settings, credentials, deps);
    default:
      return assertNever(settings.platform);
  }
}

/** The provider for an opened configuration (see openConfiguration in ../store.ts). */
export function createProviders(
  opened: { configuration: Configuration; credentials: Credentials },
  deps: ProviderFactoryDeps,
): ChannelProvider {
  const { configuration: c, credentials } = opened;
  switch (c.channel) {
    case 'email':
      return {
        channel: 'email',
        provider: createEmailProvider(c.id, c.settings, credentials, deps),
      };
    case 'sms':
      return { channel: 'sms', provider: createSmsProvider(c.id, c.settings, credentials, deps) };
    case 'push':
      return { channel: 'push', provider: createPushProvider(c.id, c.settings, credentials, deps) };
    default:
      return assertNever(c);
  }
}
