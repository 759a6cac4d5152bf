// TypeBox schemas of action and API-triggered campaigns (SPEC S, T1, C7): the campaign, its
// parts (action, content, audience, schedule, controls), the lifecycle's statuses and actions,
// review problems and approval requests. Shared with the console: imports nothing server-only.
// Action and content are in model-content.ts, the schedule in model-schedule.ts, review and
// approvals in model-review.ts; all are exported from here too.
import { Type, type Static } from '@sinclair/typebox';
import { MessageCategory } from '../channels/model.ts';
import { CampaignTypeName } from '../governance/model.ts';
import { Timestamp, Uuid } from '../platform/model.ts';
import { ChannelName, NamespaceCode } from '../profiles/model.ts';
import { CampaignActionPart, CampaignContent } from './model-content.ts';
import { CampaignSchedule } from './model-schedule.ts';

export { CAMPAIGN_TYPES, type CampaignType } from '../governance/model.ts';
export * from './model-content.ts';
export * from './model-schedule.ts';
export * from './model-review.ts';

export const CAMPAIGN_STATUSES = [
  'draft',
  'inReview',
  'scheduled',
  'live',
  'stopped',
  'completed',
  'failed',
  'archived',
] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];
export const CampaignStatusName = Type.Union(CAMPAIGN_STATUSES.map((s) => Type.Literal(s)));

/**
 * Every lifecycle action. Users call them as `POST /campaigns/{id}/{action}` (kebab-case);
 * `start`, `complete` and `fail` are taken by the scheduler only.
 */
export const CAMPAIGN_ACTIONS = [
  'activate',
  'start',
  'requestApproval',
  'cancelApproval',
  'approve',
  'requestChanges',
  'stop',
  'archive',
  'complete',
  'fail',
] as const;
export type CampaignAction = (typeof CAMPAIGN_ACTIONS)[number];

// ---- parts ----

export const CampaignAudience = Type.Object(
  {
    audienceId: Uuid,
    /** The identity namespace the campaign addresses people by. */
    namespace: NamespaceCode,
  },
  { additionalProperties: false },
);
export type CampaignAudience = Static<typeof CampaignAudience>;

/** Governance applied to a marketing campaign: a business rule set and quiet hours. */
export const CampaignControls = Type.Object(
  {
    businessRuleSetId: Type.Optional(Type.Union([Uuid, Type.Null()])),
    quietHoursId: Type.Optional(Type.Union([Uuid, Type.Null()])),
  },
  { additionalProperties: false },
);
export type CampaignControls = Static<typeof CampaignControls>;

/** How an API-triggered campaign may be called (SPEC T1). */
export const CampaignTrigger = Type.Object(
  {
    /** Unknown `aep` recipients get a profile (else the call fails). */
    createProfiles: Type.Boolean({ default: false }),
    /** No profile lookup: recipients carry their address (email and push; transactional). */
    highThroughput: Type.Boolean({ default: false }),
    /** Calls are accepted from … */
    startAt: Type.Optional(Timestamp),
    /** … until. */
    endAt: Type.Optional(Timestamp),
    /** Accepted calls per second for this campaign (429 beyond). */
    ratePerSecond: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000 })),
    /** Delivery events of its messages go to the sandbox's feedback webhook. */
    feedback: Type.Boolean({ default: false }),
  },
  { additionalProperties: false },
);
export type CampaignTrigger = Static<typeof CampaignTrigger>;

const Tags = Type.Array(Type.String({ minLength: 1, maxLength: 100 }), {
  maxItems: 50,
  uniqueItems: true,
});

/** The editable parts of a draft. */
const EditableParts = {
  name: Type.String({ minLength: 1, maxLength: 200 }),
  description: Type.String({ maxLength: 4000 }),
  tags: Tags,
  action: Type.Union([CampaignActionPart, Type.Null()]),
  content: Type.Union([CampaignContent, Type.Null()]),
  audience: Type.Union([CampaignAudience, Type.Null()]),
  schedule: Type.Union([CampaignSchedule, Type.Null()]),
  controls: CampaignControls,
  trigger: Type.Union([CampaignTrigger, Type.Null()]),
};

export const CampaignCreate = Type.Object(
  {
    type: CampaignTypeName,
    category: MessageCategory,
    name: EditableParts.name,
    description: Type.Optional(EditableParts.description),
    tags: Type.Optional(Tags),
    action: Type.Optional(EditableParts.action),
    content: Type.Optional(EditableParts.content),
    audience: Type.Optional(EditableParts.audience),
    schedule: Type.Optional(EditableParts.schedule),
    controls: Type.Optional(CampaignControls),
    trigger: Type.Optional(EditableParts.trigger),
  },
  { additionalProperties: false },
);
export type CampaignCreate = Static<typeof CampaignCreate>;

/** A partial update of a draft: fields left out keep their value; `null` clears a part. */
export const CampaignPatch = Type.Partial(Type.Object(EditableParts), {
  additionalProperties: false,
});
export type CampaignPatch = Static<typeof CampaignPatch>;

export const Campaign = Type.Object({
  id: Uuid,
  type: CampaignTypeName,
  category: MessageCategory,
  status: CampaignStatusName,
  version: Type.Integer(),
  replacesId: Type.Union([Uuid, Type.Null()]),
  name: Type.String(),
  description: Type.String(),
  tags: Type.Array(Type.String()),
  action: Type.Union([CampaignActionPart, Type.Null()]),
  content: Type.Union([CampaignContent, Type.Null()]),
  audience: Type.Union([CampaignAudience, Type.Null()]),
  schedule: Type.Union([CampaignSchedule, Type.Null()]),
  controls: CampaignControls,
  trigger: Type.Union([CampaignTrigger, Type.Null()]),
  createdBy: Type.String(),
  createdAt: Timestamp,
  updatedBy: Type.String(),
  updatedAt: Timestamp,
  activatedBy: Type.Union([Type.String(), Type.Null()]),
  activatedAt: Type.Union([Timestamp, Type.Null()]),
  /** The next scheduled run, when there is one. */
  nextRunAt: Type.Union([Timestamp, Type.Null()]),
});
export type Campaign = Static<typeof Campaign>;

export const CampaignQuery = Type.Object({
  status: Type.Optional(CampaignStatusName),
  type: Type.Optional(CampaignTypeName),
  channel: Type.Optional(ChannelName),
  /** Campaigns carrying this tag (repeat the parameter for any of several). */
  tag: Type.Optional(Type.Union([Type.String(), Type.Array(Type.String())])),
  /** Text in the name or description. */
  q: Type.Optional(Type.String({ maxLength: 200 })),
  createdFrom: Type.Optional(Timestamp),
  createdTo: Type.Optional(Timestamp),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  cursor: Type.Optional(Type.String({ maxLength: 200 })),
});
export type CampaignQuery = Static<typeof CampaignQuery>;

// ---- runs ----

export const CampaignRunStatus = Type.Union([
  Type.Literal('scheduled'),
  Type.Literal('sending'),
  Type.Literal('completed'),
  Type.Literal('cancelled'),
  Type.Literal('failed'),
]);

export const CampaignRun = Type.Object({
  runNo: Type.Integer(),
  slotAt: Timestamp,
  dueAt: Timestamp,
  status: CampaignRunStatus,
  executionId: Type.Union([Uuid, Type.Null()]),
  error: Type.Union([Type.String(), Type.Null()]),
  startedAt: Type.Union([Timestamp, Type.Null()]),
  finishedAt: Type.Union([Timestamp, Type.Null()]),
  /** Progress of the run's execution. */
  recipients: Type.Integer(),
  excluded: Type.Integer(),
  sent: Type.Integer(),
  failed: Type.Integer(),
  pending: Type.Integer(),
});
export type CampaignRun = Static<typeof CampaignRun>;
