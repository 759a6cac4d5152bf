// The Interactive Message Execution API's contracts, as Adobe Journey Optimizer publishes them
// (shared/reference/ajo-messaging-openapi.yaml): requests, 202 responses, statuses, errors.
import { Type, type Static } from '@sinclair/typebox';

/** Payload data for personalisation: any JSON object (`context.*`, profile overrides). */
const DataObject = Type.Record(Type.String(), Type.Unknown());

export const RecipientChannelData = Type.Object(
  {
    emailAddress: Type.Optional(Type.String({ maxLength: 254 })),
    mobilePhoneNumber: Type.Optional(Type.String({ maxLength: 32 })),
  },
  { additionalProperties: true },
);
export type RecipientChannelData = Static<typeof RecipientChannelData>;

const recipientFields = {
  userId: Type.String({ minLength: 1, maxLength: 256 }),
  namespace: Type.String({ minLength: 1, maxLength: 100 }),
  channelData: Type.Optional(RecipientChannelData),
  profile: Type.Optional(DataObject),
  context: Type.Optional(DataObject),
};

/** An `aep` recipient is a profile found by its identity; an `external` one carries its address. */
export const Recipient = Type.Object(
  {
    type: Type.Union([Type.Literal('aep'), Type.Literal('external')]),
    ...recipientFields,
    mergePolicyName: Type.Optional(Type.String({ maxLength: 200 })),
    mergePolicySchema: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: true },
);
export type Recipient = Static<typeof Recipient>;
export const ExternalRecipient = Type.Object(
  { type: Type.Literal('external'), ...recipientFields },
  { additionalProperties: true },
);

export const MAX_RECIPIENTS = 20;

export const UnitaryRequest = Type.Object(
  {
    requestId: Type.String({ minLength: 1, maxLength: 200 }),
    campaignId: Type.String({ minLength: 1, maxLength: 200 }),
    recipients: Type.Array(Recipient, {
      minItems: 1,
      maxItems: MAX_RECIPIENTS,
    }),
  },
  { additionalProperties: true },
);
export type UnitaryRequest = Static<typeof UnitaryRequest>;

export const HighThroughputRequest = Type.Object(
  {
    requestId: Type.String({ minLength: 1, maxLength: 200 }),
    campaignId: Type.String({ minLength: 1, maxLength: 200 }),
    recipients: Type.Array(ExternalRecipient, { minItems: 1, maxItems: MAX_RECIPIENTS }),
  },
  { additionalProperties: true },
);
export type HighThroughputRequest = Static<typeof HighThroughputRequest>;

export const AudienceRequest = Type.Object(
  {
    requestId: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    campaignId: Type.String({ minLength: 1, maxLength: 200 }),
    audience: Type.Optional(Type.Object({ id: Type.String({ minLength: 1, maxLength: 200 }) })),
    context: Type.Optional(DataObject),
    schedule: Type.Optional(
      Type.Object({ executeAt: Type.Optional(Type.String({ format: 'date-time' })) }),
    ),
  },
  { additionalProperties: true },
);
export type AudienceRequest = Static<typeof AudienceRequest>;

export const ExecutionResponse = Type.Object({
  executionId: Type.String(),
  requestId: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
  createdBy: Type.String(),
  modifiedAt: Type.String({ format: 'date-time' }),
  modifiedBy: Type.String(),
});
export type ExecutionResponse = Static<typeof ExecutionResponse>;

export const ScheduledExecutionResponse = Type.Object({
  scheduleId: Type.String(),
  audience: Type.Optional(Type.Object({ id: Type.String() })),
  campaignId: Type.String(),
  executeAt: Type.String({ format: 'date-time' }),
  scheduleStatus: Type.Union([Type.Literal('Scheduled'), Type.Literal('Triggered')]),
  executionDetails: Type.Optional(
    Type.Object({ executionId: Type.String(), requestId: Type.String() }),
  ),
});
export type ScheduledExecutionResponse = Static<typeof ScheduledExecutionResponse>;

export const ExecutionStatusResponse = Type.Object({
  executionId: Type.String(),
  campaignId: Type.String(),
  audienceId: Type.Optional(Type.String()),
  status: Type.Union([
    Type.Literal('Succeeded'),
    Type.Literal('InProgress'),
    Type.Literal('Failed'),
  ]),
  targetedProfileCount: Type.Integer(),
  createdAt: Type.String({ format: 'date-time' }),
});
export type ExecutionStatusResponse = Static<typeof ExecutionStatusResponse>;

export const ImErrorBody = Type.Object({
  type: Type.String(),
  title: Type.String(),
  status: Type.Integer(),
  report: Type.Object({ additionalContext: Type.Record(Type.String(), Type.String()) }),
});
export type ImErrorBody = Static<typeof ImErrorBody>;
