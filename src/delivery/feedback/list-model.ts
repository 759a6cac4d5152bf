// The contracts of the feedback log (bounces, complaints, provider callbacks), shared with the
// console, so nothing here may import server-only code.
import { Type, type Static } from '@sinclair/typebox';
import { ChannelName } from '../../profiles/model.ts';

/** The kinds a report is classified as (the CHECK of delivery_feedback.kind). */
export const FEEDBACK_KIND_NAMES = ['hard', 'soft', 'ignored', 'admin', 'complaint'] as const;
export type FeedbackKindName = (typeof FEEDBACK_KIND_NAMES)[number];
/** Where a report came from (the CHECK of delivery_feedback.source). */
export const FEEDBACK_SOURCE_NAMES = ['dsn', 'arf', 'send', 'callback'] as const;
export type FeedbackSourceName = (typeof FEEDBACK_SOURCE_NAMES)[number];

const Timestamp = Type.String({ format: 'date-time' });
const NullableUuid = Type.Union([Type.String({ format: 'uuid' }), Type.Null()]);

export const FeedbackFilters = {
  channel: Type.Optional(ChannelName),
  kind: Type.Optional(Type.Union(FEEDBACK_KIND_NAMES.map((k) => Type.Literal(k)))),
  source: Type.Optional(Type.Union(FEEDBACK_SOURCE_NAMES.map((s) => Type.Literal(s)))),
  address: Type.Optional(
    Type.String({ minLength: 1, maxLength: 4096, description: 'The address as stored' }),
  ),
  addressStartsWith: Type.Optional(
    Type.String({ minLength: 1, maxLength: 200, description: 'The start of the address' }),
  ),
  executionId: Type.Optional(Type.String({ format: 'uuid' })),
  profileId: Type.Optional(Type.String({ format: 'uuid' })),
  from: Type.Optional(Type.String({ format: 'date-time', description: 'Received at or after' })),
  to: Type.Optional(Type.String({ format: 'date-time', description: 'Received before' })),
};

export const FeedbackEntry = Type.Object({
  id: Type.Integer(),
  channel: ChannelName,
  source: Type.Union(FEEDBACK_SOURCE_NAMES.map((s) => Type.Literal(s))),
  kind: Type.Union(FEEDBACK_KIND_NAMES.map((k) => Type.Literal(k))),
  address: Type.String(),
  statusCode: Type.Union([Type.String(), Type.Null()]),
  diagnostic: Type.String(),
  executionId: NullableUuid,
  recipientKey: Type.Union([Type.String(), Type.Null()]),
  profileId: NullableUuid,
  configurationId: NullableUuid,
  receivedAt: Timestamp,
});
export type FeedbackEntry = Static<typeof FeedbackEntry>;
