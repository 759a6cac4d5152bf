// Configurations of the flow (SPEC O3) and channel (SPEC O4) activities. Shared with the console.
import { Type, type Static } from '@sinclair/typebox';
import { MessageCategory } from '../channels/model.ts';
import { EmailContent, PushContent, SmsContent } from '../content/model.ts';
import { Timestamp, Uuid } from '../platform/model.ts';
import { ActivityId, PortKey, TimeOfDay, Zone, Scalar, Comparison } from './model-base.ts';

// ---- flow activities (O3) ----

export const SCHEDULE_FREQUENCIES = [
  'asap',
  'once',
  'daily',
  'severalTimesDaily',
  'weekly',
  'monthly',
  'signal',
] as const;
export const Schedule = Type.Object(
  {
    frequency: Type.Union(SCHEDULE_FREQUENCIES.map((f) => Type.Literal(f))),
    at: Type.Optional(Timestamp),
    times: Type.Optional(Type.Array(TimeOfDay, { minItems: 1, maxItems: 24 })),
    weekdays: Type.Optional(Type.Array(Type.Integer({ minimum: 1, maximum: 7 }), { maxItems: 7 })),
    dayOfMonth: Type.Optional(Type.Integer({ minimum: 1, maximum: 31 })),
    zone: Zone,
    validFrom: Type.Optional(Timestamp),
    validUntil: Type.Optional(Timestamp),
  },
  { additionalProperties: false },
);
export type Schedule = Static<typeof Schedule>;
export const Fork = Type.Object(
  { branches: Type.Array(PortKey, { minItems: 2, maxItems: 10 }) },
  { additionalProperties: false },
);
export const AndJoin = Type.Object(
  { primary: Type.Optional(ActivityId) },
  { additionalProperties: false, description: 'Waits for every input; passes on the primary one' },
);
export const Wait = Type.Union([
  Type.Object(
    { kind: Type.Literal('duration'), minutes: Type.Integer({ minimum: 1, maximum: 525600 }) },
    { additionalProperties: false },
  ),
  Type.Object({ kind: Type.Literal('until'), at: Timestamp }, { additionalProperties: false }),
  Type.Object(
    { kind: Type.Literal('timeOfDay'), time: TimeOfDay, zone: Zone },
    { additionalProperties: false },
  ),
]);
export const TestCondition = Type.Union([
  Type.Object(
    { kind: Type.Literal('count'), comparison: Comparison, value: Type.Integer({ minimum: 0 }) },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      kind: Type.Literal('variable'),
      name: Type.String({ pattern: '^[A-Za-z][A-Za-z0-9_]{0,59}$' }),
      comparison: Type.Union([Comparison, Type.Literal('exists')]),
      value: Type.Optional(Scalar),
    },
    { additionalProperties: false },
  ),
]);
export type TestCondition = Static<typeof TestCondition>;
export const Test = Type.Object(
  {
    branches: Type.Array(
      Type.Object(
        {
          key: PortKey,
          label: Type.String({ minLength: 1, maxLength: 100 }),
          conditions: Type.Array(TestCondition, { minItems: 1, maxItems: 10 }),
        },
        { additionalProperties: false, description: 'All conditions must hold' },
      ),
      { minItems: 1, maxItems: 10 },
    ),
    defaultBranch: Type.Boolean(),
  },
  { additionalProperties: false },
);
export const Alert = Type.Object(
  {
    subject: Type.String({ minLength: 1, maxLength: 200 }),
    message: Type.String({ maxLength: 5000 }),
    userIds: Type.Array(Uuid, { maxItems: 50 }),
  },
  { additionalProperties: false },
);
export const End = Type.Object(
  {
    signal: Type.Optional(
      Type.Object(
        { campaignId: Uuid, variables: Type.Record(Type.String(), Scalar) },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);

// ---- channel activities (O4) ----

export const ChannelBase = {
  configurationId: Uuid,
  category: MessageCategory,
  ratePerSecond: Type.Optional(Type.Integer({ minimum: 1, maximum: 2000 })),
  confirmSending: Type.Boolean({ description: 'One-shot runs wait for a confirmation' }),
  /** Frequency caps of live marketing sends (as a campaign's controls; transactional: never). */
  businessRuleSetId: Type.Optional(Uuid),
  /** Quiet hours of live marketing sends. */
  quietHoursId: Type.Optional(Uuid),
};
export const EmailActivity = Type.Object(
  { ...ChannelBase, content: EmailContent },
  { additionalProperties: false },
);
export const SmsActivity = Type.Object(
  { ...ChannelBase, content: SmsContent },
  { additionalProperties: false },
);
export const PushActivity = Type.Object(
  { ...ChannelBase, content: PushContent },
  { additionalProperties: false },
);
export const DirectMail = Type.Object(
  {
    fileName: Type.String({ pattern: '^[A-Za-z0-9_.-]{1,100}$' }),
    columns: Type.Array(
      Type.Object(
        {
          header: Type.String({ minLength: 1, maxLength: 100 }),
          source: Type.String({ maxLength: 200 }),
        },
        {
          additionalProperties: false,
          description: 'source: a worktable column or profile.<path>',
        },
      ),
      { minItems: 1, maxItems: 100 },
    ),
  },
  { additionalProperties: false },
);
