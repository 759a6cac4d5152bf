// The send pipeline's contracts: what an execution is asked to send, and the codes with which
// recipients are excluded (AJO's names, so reports read the same).
import { Type, type Static } from '@sinclair/typebox';
import { ChannelName, type Channel } from '../profiles/model.ts';
import type { MessageCategory } from '../channels/model.ts';

export const EXCLUSION_REASONS = [
  'EmailNoAddressFoundInProfile',
  'EmailMalformedAddress',
  'EmailNoConsent',
  'SMSNoToNumberDefinedInProfile',
  'SMSMalformedNumber',
  'SMSNoConsent',
  'PushNoTokenFoundInProfile',
  'PushNoConsent',
  'Suppressed',
  'ThrottlingWindowExceeded',
  'RuntimeRenderingError',
] as const;
export type ExclusionReason = (typeof EXCLUSION_REASONS)[number];

export const MESSAGE_STATUSES = [
  'excluded',
  'queued',
  'sending',
  'sent',
  'delivered',
  'failed',
  'retrying',
] as const;
export type MessageStatus = (typeof MESSAGE_STATUSES)[number];

/** Sends are spread so that no more than this many hours of a throttled send are planned. */
export const THROTTLE_WINDOW_HOURS = 12;
export const DEFAULT_BATCH_SIZE = 500;

export type RecipientSource = { snapshotId: string } | { profileIds: string[] };

/** The one typed entry point every campaign type uses to send. */
export interface ExecutionRequest {
  sandboxId: string;
  campaignId?: string | null;
  actionId: string;
  channel: Channel;
  category: MessageCategory;
  configurationId: string;
  /** The content version to render for each recipient (stored with the execution). */
  content: unknown;
  source: RecipientSource;
  /** Messages per second across all workers; unthrottled when absent. */
  ratePerSecond?: number | undefined;
  batchSize?: number | undefined;
  startsAt: Date;
  createdBy: string;
}

/** Exclusion codes by channel: no address, malformed address, no consent. */
export const CHANNEL_EXCLUSIONS: Record<
  Channel,
  { noAddress: ExclusionReason; malformed: ExclusionReason; noConsent: ExclusionReason }
> = {
  email: {
    noAddress: 'EmailNoAddressFoundInProfile',
    malformed: 'EmailMalformedAddress',
    noConsent: 'EmailNoConsent',
  },
  sms: {
    noAddress: 'SMSNoToNumberDefinedInProfile',
    malformed: 'SMSMalformedNumber',
    noConsent: 'SMSNoConsent',
  },
  push: {
    noAddress: 'PushNoTokenFoundInProfile',
    malformed: 'PushNoTokenFoundInProfile',
    noConsent: 'PushNoConsent',
  },
};

// ---- contracts of the suppression list and the message log (shared with the console) ----

export const SUPPRESSION_CATEGORIES = [
  'hardBounce',
  'softBounce',
  'spamComplaint',
  'manual',
  'unsubscribe',
] as const;
export type SuppressionCategory = (typeof SUPPRESSION_CATEGORIES)[number];

export const SuppressionInput = Type.Object(
  {
    channel: ChannelName,
    address: Type.String({ minLength: 1, maxLength: 4096 }),
    reason: Type.String({ minLength: 1, maxLength: 1000 }),
  },
  { additionalProperties: false },
);
export type SuppressionInput = Static<typeof SuppressionInput>;

export const Suppression = Type.Object({
  channel: ChannelName,
  address: Type.String(),
  reason: Type.String(),
  category: Type.Union(SUPPRESSION_CATEGORIES.map((c) => Type.Literal(c))),
  createdBy: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
});
export type Suppression = Static<typeof Suppression>;

export const MessageStatusName = Type.Union(MESSAGE_STATUSES.map((s) => Type.Literal(s)));

export const LoggedMessage = Type.Object({
  executionId: Type.String({ format: 'uuid' }),
  recipientKey: Type.String(),
  actionId: Type.String(),
  profileId: Type.Union([Type.String({ format: 'uuid' }), Type.Null()]),
  address: Type.Union([Type.String(), Type.Null()]),
  status: MessageStatusName,
  reason: Type.Union([Type.String(), Type.Null()]),
  attempts: Type.Integer(),
  providerId: Type.Union([Type.String(), Type.Null()]),
  error: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
  sentAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});
export type LoggedMessage = Static<typeof LoggedMessage>;
