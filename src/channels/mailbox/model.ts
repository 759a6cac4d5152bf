// The local mailbox's API contracts: what mailbox configurations captured instead of sending,
// and what the mailbox SMTP sink received.
// Shared with the console; imports nothing server-only.
import { Type, type Static } from '@sinclair/typebox';
import { Timestamp, Uuid } from '../../platform/model.ts';

export const MailboxChannel = Type.Union([
  Type.Literal('email'),
  Type.Literal('sms'),
  Type.Literal('push'),
]);

export const MailboxSource = Type.Union([Type.Literal('provider'), Type.Literal('smtp')], {
  description:
    'provider: composed by a mailbox configuration; smtp: received by the mailbox SMTP sink',
});

const SummaryFields = {
  id: Uuid,
  channel: MailboxChannel,
  source: MailboxSource,
  configurationId: Type.Union([Uuid, Type.Null()], {
    description: 'The mailbox configuration; null for messages received by SMTP',
  }),
  messageId: Type.String(),
  recipient: Type.String({ description: 'Email address, phone number or push token' }),
  subject: Type.String({ description: 'Email subject or push title; empty for SMS' }),
  preview: Type.String({ description: 'The text part, SMS body or push body (first 200 chars)' }),
  createdAt: Timestamp,
};
export const MailboxMessageSummary = Type.Object(SummaryFields);
export type MailboxMessageSummary = Static<typeof MailboxMessageSummary>;

export const MailboxMessage = Type.Object({
  ...SummaryFields,
  email: Type.Optional(
    Type.Object({
      headers: Type.Array(Type.Object({ name: Type.String(), value: Type.String() }), {
        description: 'Every header line in order, unfolded',
      }),
      html: Type.Union([Type.String(), Type.Null()]),
      text: Type.Union([Type.String(), Type.Null()]),
      size: Type.Integer({ description: 'Bytes of the raw message' }),
      envelopeFrom: Type.Union([Type.String(), Type.Null()], {
        description: 'SMTP MAIL FROM of a message received by SMTP',
      }),
      parseError: Type.Union([Type.String(), Type.Null()], {
        description: 'Why the MIME could not be parsed; the raw source is still kept',
      }),
    }),
  ),
  payload: Type.Optional(
    Type.Unknown({ description: 'SMS or push: what the provider would have been sent' }),
  ),
});
export type MailboxMessage = Static<typeof MailboxMessage>;

export const MailboxQuery = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
  cursor: Type.Optional(Type.String({ maxLength: 200 })),
  channel: Type.Optional(MailboxChannel),
  recipient: Type.Optional(Type.String({ maxLength: 500, description: 'Exact, any case' })),
  q: Type.Optional(
    Type.String({ maxLength: 200, description: 'Text in the subject, preview or recipient' }),
  ),
});
export type MailboxQuery = Static<typeof MailboxQuery>;
