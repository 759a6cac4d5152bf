// The send pipeline's contracts: what an execution is asked to send, and the codes with which
// recipients are excluded (AJO's names, so reports read the same).
import type { Channel } from '../profiles/model.ts';
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
