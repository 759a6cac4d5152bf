// TypeBox schemas of action and API-triggered campaigns (SPEC S, T1, C7): the campaign, its
// parts (action, content, audience, schedule, controls), the lifecycle's statuses and actions,
// review problems and approval requests. Shared with the console: imports nothing server-only.
import { Type, type Static } from '@sinclair/typebox';
import { RuleTree } from '../audiences/model.ts';
import { MessageCategory } from '../channels/model.ts';
import { EmailContent, PushContent, SmsContent } from '../content/model.ts';
import { CampaignTypeName, TimeOfDay } from '../governance/model.ts';
import { Timestamp, Uuid } from '../platform/model.ts';
import { ChannelName, NamespaceCode } from '../profiles/model.ts';

export { CAMPAIGN_TYPES, type CampaignType } from '../governance/model.ts';

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

export const CampaignActionPart = Type.Object(
  { channel: ChannelName, configurationId: Uuid },
  { additionalProperties: false, description: 'The one action: channel and its configuration' },
);
export type CampaignActionPart = Static<typeof CampaignActionPart>;

/** Content of the action's channel (checked against the channel by the service). */
export const MessageContent = Type.Union([EmailContent, SmsContent, PushContent]);
export type MessageContent = Static<typeof MessageContent>;

const VariantKey = Type.String({ pattern: '^[A-Za-z0-9_-]{1,40}$' });
const VariantName = Type.String({ minLength: 1, maxLength: 200 });

export const Treatment = Type.Object(
  {
    key: VariantKey,
    name: VariantName,
    /** Share of the non-holdout traffic, in percent; the treatments' shares add up to 100. */
    split: Type.Number({ minimum: 0, maximum: 100 }),
    content: MessageContent,
  },
  { additionalProperties: false },
);
export type Treatment = Static<typeof Treatment>;

export const ExperimentMetric = Type.Union([Type.Literal('opens'), Type.Literal('clicks')]);

export const CampaignContent = Type.Union([
  Type.Object(
    { mode: Type.Literal('single'), content: MessageContent },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      mode: Type.Literal('rules'),
      /** Ordered: the first rule a profile matches gives its content. */
      variants: Type.Array(
        Type.Object(
          { key: VariantKey, name: VariantName, rule: RuleTree, content: MessageContent },
          { additionalProperties: false },
        ),
        { minItems: 1, maxItems: 20 },
      ),
      /** Content for profiles no rule matches; without it they are excluded. */
      fallback: Type.Union([MessageContent, Type.Null()]),
    },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      mode: Type.Literal('experiment'),
      treatments: Type.Array(Treatment, { minItems: 2, maxItems: 10 }),
      /** Percent of the audience that receives nothing, to measure against (default 10). */
      holdoutPercent: Type.Number({ minimum: 0, maximum: 50, default: 10 }),
      metric: ExperimentMetric,
      /** Recurring campaigns: `automatic` sends only the winner once it is significant. */
      winner: Type.Union([Type.Literal('manual'), Type.Literal('automatic')]),
      /** Set when the winner was scaled: every later run sends only this treatment. */
      scaledTo: Type.Optional(Type.Union([VariantKey, Type.Null()])),
    },
    { additionalProperties: false },
  ),
]);
export type CampaignContent = Static<typeof CampaignContent>;

export const CampaignAudience = Type.Object(
  {
    audienceId: Uuid,
    /** The identity namespace the campaign addresses people by. */
    namespace: NamespaceCode,
  },
  { additionalProperties: false },
);
export type CampaignAudience = Static<typeof CampaignAudience>;

export const Recurrence = Type.Union([
  Type.Object({ frequency: Type.Literal('once') }, { additionalProperties: false }),
  Type.Object({ frequency: Type.Literal('daily') }, { additionalProperties: false }),
  Type.Object(
    {
      frequency: Type.Literal('weekly'),
      /** 0 = Sunday … 6 = Saturday. */
      days: Type.Array(Type.Integer({ minimum: 0, maximum: 6 }), {
        minItems: 1,
        uniqueItems: true,
      }),
    },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      frequency: Type.Literal('monthly'),
      /** Day of the month; months without it use their last day. */
      day: Type.Integer({ minimum: 1, maximum: 31 }),
    },
    { additionalProperties: false },
  ),
]);
export type Recurrence = Static<typeof Recurrence>;

export const Waves = Type.Union([
  Type.Object(
    {
      mode: Type.Literal('equal'),
      count: Type.Integer({ minimum: 2, maximum: 10 }),
      intervalMinutes: Type.Integer({ minimum: 30, maximum: 10_080 }),
    },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      mode: Type.Literal('percent'),
      /** Share of each wave; they add up to 100. */
      percents: Type.Array(Type.Number({ exclusiveMinimum: 0, maximum: 100 }), {
        minItems: 2,
        maxItems: 10,
      }),
      intervalMinutes: Type.Integer({ minimum: 30, maximum: 10_080 }),
    },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      mode: Type.Literal('count'),
      /** Recipients per wave; the last wave also takes whoever is left. */
      counts: Type.Array(Type.Integer({ minimum: 1 }), { minItems: 2, maxItems: 10 }),
      intervalMinutes: Type.Integer({ minimum: 30, maximum: 10_080 }),
    },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      mode: Type.Literal('explicit'),
      /** Start of each wave (equal shares), at least 30 minutes apart. */
      times: Type.Array(Timestamp, { minItems: 2, maxItems: 10 }),
    },
    { additionalProperties: false },
  ),
]);
export type Waves = Static<typeof Waves>;

export const CampaignSchedule = Type.Object(
  {
    /** `manual`: the first run starts at activation; `at`: at `startAt`. */
    start: Type.Union([Type.Literal('manual'), Type.Literal('at')]),
    startAt: Type.Optional(Timestamp),
    recurrence: Recurrence,
    /** Time of day of recurring runs, in `timeZone`. */
    time: Type.Optional(TimeOfDay),
    /** The campaign's IANA time zone (also for profiles without one). */
    timeZone: Type.String({ minLength: 1, maxLength: 64, default: 'UTC' }),
    /** Send at the same wall-clock time in each profile's own time zone. */
    localTime: Type.Boolean({ default: false }),
    /** No runs after this time (recurring campaigns). */
    endAt: Type.Optional(Timestamp),
    /** Messages per second for the whole campaign (1–2,000). */
    ratePerSecond: Type.Optional(Type.Integer({ minimum: 1, maximum: 2000 })),
    waves: Type.Optional(Waves),
  },
  { additionalProperties: false },
);
export type CampaignSchedule = Static<typeof CampaignSchedule>;

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

// ---- review ----

export const ReviewProblem = Type.Object({
  severity: Type.Union([Type.Literal('error'), Type.Literal('warning')]),
  /** The wizard step to fix it in. */
  step: Type.Union([
    Type.Literal('properties'),
    Type.Literal('action'),
    Type.Literal('content'),
    Type.Literal('audience'),
    Type.Literal('schedule'),
  ]),
  code: Type.String(),
  message: Type.String(),
  path: Type.String(),
});
export type ReviewProblem = Static<typeof ReviewProblem>;

export const CampaignReview = Type.Object({
  ready: Type.Boolean(),
  /** Activation needs approval: the active policies that match. */
  approvalRequired: Type.Boolean(),
  policies: Type.Array(Type.Object({ id: Uuid, name: Type.String() })),
  problems: Type.Array(ReviewProblem),
});
export type CampaignReview = Static<typeof CampaignReview>;

// ---- approvals and runs ----

export const ApprovalRequestStatus = Type.Union([
  Type.Literal('pending'),
  Type.Literal('approved'),
  Type.Literal('changesRequested'),
  Type.Literal('cancelled'),
]);

export const ApprovalRequest = Type.Object({
  id: Uuid,
  campaignId: Uuid,
  campaignName: Type.String(),
  status: ApprovalRequestStatus,
  policies: Type.Array(Type.Object({ id: Uuid, name: Type.String() })),
  requestedBy: Type.String(),
  requestedAt: Timestamp,
  decidedBy: Type.Union([Type.String(), Type.Null()]),
  decidedAt: Type.Union([Timestamp, Type.Null()]),
  message: Type.Union([Type.String(), Type.Null()]),
  /** Whether the caller may approve or send back this request. */
  canDecide: Type.Boolean(),
});
export type ApprovalRequest = Static<typeof ApprovalRequest>;

export const ApprovalDecision = Type.Object(
  { message: Type.Optional(Type.String({ maxLength: 4000 })) },
  { additionalProperties: false },
);
export const ChangesRequest = Type.Object(
  { message: Type.String({ minLength: 1, maxLength: 4000 }) },
  { additionalProperties: false },
);

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
