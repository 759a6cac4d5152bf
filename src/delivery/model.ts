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
  'ExcludedForControlRules',
  'QuietHoursExclusion',
  'ExperimentationHoldoutExclusion',
  'NoTargetingRuleMatched',
  'CampaignStopped',
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

/**
 * Who an execution sends to: an audience snapshot, a list of profiles, or a worktable of an
 * orchestrated campaign (its unqualified name in `clarion_work`, with a `profile_id` column; its
 * other columns travel with each message as `target.*`).
 */
export type RecipientSource =
  { snapshotId: string } | { profileIds: string[] } | { worktable: string };

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
  /** The campaign run this execution sends (one execution per run). */
  runNo?: number | undefined;
  /** Content chosen per recipient; absent = everyone gets `content`. */
  variants?: VariantPlan | undefined;
  /** When each recipient is sent; absent = everyone from `startsAt`. */
  timing?: TimingPlan | undefined;
  /** Frequency caps (business rules) for marketing sends. */
  frequencyCaps?: FrequencyCap[] | undefined;
}

/**
 * Variant content per recipient. `rules`: the first rule whose profile query holds gives the
 * content, else the fallback (`content` of the request) or, without one, the recipient is
 * excluded with `NoTargetingRuleMatched`. `experiment`: a deterministic hash of (experiment id,
 * profile id) puts each profile in the holdout (excluded with `ExperimentationHoldoutExclusion`)
 * or in a treatment by weight.
 */
export type VariantPlan =
  | {
      kind: 'rules';
      rules: { key: string; query: { sql: string; params: unknown[] }; content: unknown }[];
      hasFallback: boolean;
    }
  | {
      kind: 'experiment';
      experimentId: string;
      /** 0–100 (%), of all recipients. */
      holdoutPercent: number;
      /** Weights are relative; a treatment with weight 0 gets nobody. */
      treatments: { key: string; weight: number; content: unknown }[];
    };

/** A wall-clock window in which marketing messages are not sent. */
export interface QuietHoursPlan {
  /** `null`: the profile's own zone (the default zone when it has none). */
  zone: string | null;
  windows: { days: number[]; from: string; to: string }[];
  behaviour: 'discard' | 'queue';
}

export interface TimingPlan {
  /** Profiles without a zone of their own are timed in this IANA zone. */
  defaultZone: string;
  /** Each recipient at this wall-clock time on this date in their own zone. */
  localTime?: { date: string; time: string } | undefined;
  /** Recipients split in order into waves; each wave starts at its time. */
  waves?: { at: Date; share: { percent: number } | { count: number } }[] | undefined;
  /** Past slots of a first run roll over to the same time the next day (local time only). */
  rollOverPastSlots?: boolean | undefined;
  quietHours?: QuietHoursPlan | undefined;
}

/** At most `count` marketing messages on `channels` since `since`, per profile. */
export interface FrequencyCap {
  count: number;
  since: Date;
  channels: Channel[];
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
