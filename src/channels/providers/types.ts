// What the send pipeline hands a provider, and what it gets back. A provider is made from one
// opened configuration and sends pre-rendered messages; it decides nothing about content.
import type { Clock } from '../../platform/context.ts';

/**
 * The outcome of one send. `transient` failures may succeed later (the pipeline retries them
 * within the retry period); `permanent` ones will not. `code` is the provider's own code
 * (`550 5.1.1`, `http-404`, Twilio `21211`, FCM `UNREGISTERED`, APNs `BadDeviceToken`…).
 */
export type DeliveryResult =
  | { status: 'sent'; providerId: string }
  | {
      status: 'failed';
      kind: 'transient' | 'permanent';
      code: string;
      reason: string;
      /** Push only: the device token or subscription is dead; the caller deactivates it. */
      invalidToken?: boolean;
    };

export interface MailAddress {
  name?: string | undefined;
  address: string;
}

/** A rendered email, ready to go: the content layer has already applied URL parameters. */
export interface OutgoingEmail {
  /** With angle brackets, e.g. from `messageIdFor`: the same message always has the same id. */
  messageId: string;
  from: MailAddress;
  to: MailAddress;
  replyTo?: MailAddress | undefined;
  subject: string;
  html: string;
  text: string;
  /** Extra header lines, e.g. `X-Campaign-Id`. */
  headers?: Record<string, string> | undefined;
  /** MAIL FROM (becomes Return-Path): the VERP address from `verpAddress`. */
  envelopeFrom?: string | undefined;
  /** `url` is the RFC 8058 one-click target (POST); `mailto` the fallback. */
  listUnsubscribe?: { url?: string | undefined; mailto?: string | undefined } | undefined;
}

export interface OutgoingSms {
  messageId: string;
  /** E.164 number. */
  to: string;
  body: string;
  /** Where the provider reports delivery status (Twilio's StatusCallback). */
  statusCallbackUrl?: string | undefined;
}

/** A push notification, platform-neutral; each provider maps it to its wire format. */
export interface PushMessage {
  title: string;
  body: string;
  imageUrl?: string | undefined;
  /** Opened on tap: a web URL (Web Push) or an app deep link (FCM/APNs). */
  url?: string | undefined;
  /** Custom key/values for the app; FCM requires string values. */
  data?: Record<string, string> | undefined;
  badge?: number | undefined;
  sound?: string | undefined;
  /** Seconds the platform keeps trying to deliver; 0 means now or never. */
  ttlSeconds?: number | undefined;
  /** `high` wakes the device at once; `normal` may be batched to save battery. */
  priority?: 'high' | 'normal' | undefined;
}

export interface OutgoingPush {
  messageId: string;
  /** A device token, or for Web Push the subscription's endpoint URL. */
  token: string;
  /** Web Push subscription keys (base64url), required for the `web` platform. */
  webKeys?: { p256dh: string; auth: string } | undefined;
  message: PushMessage;
}

export interface EmailProvider {
  send(message: OutgoingEmail): Promise<DeliveryResult>;
  close(): Promise<void>;
}
export interface SmsProvider {
  send(message: OutgoingSms): Promise<DeliveryResult>;
  close(): Promise<void>;
}
export interface PushProvider {
  send(message: OutgoingPush): Promise<DeliveryResult>;
  close(): Promise<void>;
}

/** What HTTP-based providers share: the clock (JWTs, token expiry) and a request timeout. */
export interface ProviderDeps {
  clock: Clock;
  /** Per request; a timeout is a transient failure. */
  timeoutMs?: number | undefined;
}

export const DEFAULT_TIMEOUT_MS = 30_000;

export const failed = (
  kind: 'transient' | 'permanent',
  code: string,
  reason: string,
  invalidToken?: boolean,
): DeliveryResult =>
  invalidToken
    ? { status: 'failed', kind, code, reason, invalidToken }
    : { status: 'failed', kind, code, reason };
