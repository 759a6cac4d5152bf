// TypeBox schemas of governance (SPEC G): approval policies, business rules (frequency caps) and
// quiet hours. Shared with the console, so this file imports nothing server-only.
import { Type, type Static } from '@sinclair/typebox';
import { ChannelName } from '../profiles/model.ts';
import { Timestamp, Uuid, RoleName } from '../platform/model.ts';

export const GOVERNANCE_STATUSES = ['draft', 'active', 'inactive'] as const;
export type GovernanceStatus = (typeof GOVERNANCE_STATUSES)[number];
export const GovernanceStatusName = Type.Union(GOVERNANCE_STATUSES.map((s) => Type.Literal(s)));

const Name = Type.String({ minLength: 1, maxLength: 200 });
const Audit = {
  createdBy: Type.String(),
  createdAt: Timestamp,
  updatedBy: Type.String(),
  updatedAt: Timestamp,
};

export const CAMPAIGN_TYPES = ['scheduled', 'api'] as const;
export type CampaignType = (typeof CAMPAIGN_TYPES)[number];
export const CampaignTypeName = Type.Union(CAMPAIGN_TYPES.map((t) => Type.Literal(t)));

// ---- approval policies (G1) ----

/** Which campaigns a policy covers; every given criterion must hold (an empty one matches all). */
export const PolicyMatch = Type.Object(
  {
    types: Type.Optional(Type.Array(CampaignTypeName, { uniqueItems: true })),
    channels: Type.Optional(Type.Array(ChannelName, { uniqueItems: true })),
    /** The campaign carries at least one of these tags. */
    tags: Type.Optional(
      Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { maxItems: 50 }),
    ),
    /** Case-insensitive name pattern; `*` stands for any text. */
    namePattern: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    /** User ids whose requests the policy covers. */
    requesters: Type.Optional(Type.Array(Uuid, { maxItems: 100 })),
  },
  { additionalProperties: false },
);
export type PolicyMatch = Static<typeof PolicyMatch>;

/** Who may approve: named users, and anyone holding one of the roles (a group). */
export const Approvers = Type.Object(
  {
    users: Type.Array(Uuid, { maxItems: 100 }),
    roles: Type.Array(RoleName, { maxItems: 20 }),
  },
  { additionalProperties: false },
);
export type Approvers = Static<typeof Approvers>;

export const ApprovalPolicyInput = Type.Object(
  {
    name: Name,
    match: PolicyMatch,
    approvers: Approvers,
    blockSelfApproval: Type.Boolean({ default: false }),
  },
  { additionalProperties: false },
);
export type ApprovalPolicyInput = Static<typeof ApprovalPolicyInput>;

export const ApprovalPolicy = Type.Object({
  id: Uuid,
  status: GovernanceStatusName,
  ...ApprovalPolicyInput.properties,
  ...Audit,
});
export type ApprovalPolicy = Static<typeof ApprovalPolicy>;

// ---- business rules (G2) ----

export const CAP_PERIODS = ['hourly', 'daily', 'weekly', 'monthly'] as const;
export type CapPeriod = (typeof CAP_PERIODS)[number];

export const FrequencyCapInput = Type.Object(
  {
    /** At most this many marketing messages per profile in the period … */
    count: Type.Integer({ minimum: 1, maximum: 1000 }),
    period: Type.Union(CAP_PERIODS.map((p) => Type.Literal(p))),
    /** … counted over this many calendar periods (the current one and those before it). */
    multiplier: Type.Integer({ minimum: 1, maximum: 24, default: 1 }),
    /** Channels whose messages share the count. */
    channels: Type.Array(ChannelName, { minItems: 1, uniqueItems: true }),
  },
  { additionalProperties: false },
);
export type FrequencyCapInput = Static<typeof FrequencyCapInput>;

export const BusinessRuleSetInput = Type.Object(
  {
    name: Name,
    description: Type.Optional(Type.String({ maxLength: 2000 })),
    caps: Type.Array(FrequencyCapInput, { minItems: 1, maxItems: 20 }),
  },
  { additionalProperties: false },
);
export type BusinessRuleSetInput = Static<typeof BusinessRuleSetInput>;

export const BusinessRuleSet = Type.Object({
  id: Uuid,
  status: GovernanceStatusName,
  ...BusinessRuleSetInput.properties,
  ...Audit,
});
export type BusinessRuleSet = Static<typeof BusinessRuleSet>;

// ---- quiet hours (G3) ----

export const TimeOfDay = Type.String({
  pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$',
  description: 'HH:MM, 24-hour clock',
});

export const QuietWindow = Type.Object(
  {
    /** Days the window starts on: 0 = Sunday … 6 = Saturday. */
    days: Type.Array(Type.Integer({ minimum: 0, maximum: 6 }), { minItems: 1, uniqueItems: true }),
    /** Start time; a window whose end is earlier than its start runs past midnight. */
    from: TimeOfDay,
    to: TimeOfDay,
  },
  { additionalProperties: false },
);
export type QuietWindow = Static<typeof QuietWindow>;

export const QuietHoursInput = Type.Object(
  {
    name: Name,
    description: Type.Optional(Type.String({ maxLength: 2000 })),
    /** `profile`: each profile's own time zone (the campaign's when it has none); else a fixed IANA zone. */
    timeZone: Type.Union([
      Type.Object({ mode: Type.Literal('profile') }, { additionalProperties: false }),
      Type.Object(
        { mode: Type.Literal('fixed'), zone: Type.String({ minLength: 1, maxLength: 64 }) },
        { additionalProperties: false },
      ),
    ]),
    windows: Type.Array(QuietWindow, { minItems: 1, maxItems: 14 }),
    /** Messages due inside a window are dropped, or held until the window ends. */
    behaviour: Type.Union([Type.Literal('discard'), Type.Literal('queue')]),
  },
  { additionalProperties: false },
);
export type QuietHoursInput = Static<typeof QuietHoursInput>;

export const QuietHours = Type.Object({
  id: Uuid,
  status: GovernanceStatusName,
  ...QuietHoursInput.properties,
  ...Audit,
});
export type QuietHours = Static<typeof QuietHours>;
