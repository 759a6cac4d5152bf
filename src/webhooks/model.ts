// API contracts of the feedback webhook. The console validates its form with these schemas, so
// this file imports nothing server-only.
import { Type, type Static } from '@sinclair/typebox';
import { Timestamp, Uuid } from '../platform/model.ts';

export const WEBHOOK_EVENT_TYPES = [
  'sent',
  'delivered',
  'exclude',
  'error',
  'bounce',
  'complaint',
  'test',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

export const WEBHOOK_EVENT_STATUSES = ['pending', 'delivered', 'failed'] as const;
export type WebhookEventStatus = (typeof WEBHOOK_EVENT_STATUSES)[number];

/** The receiver's address: https, or http on this machine (localhost, 127.0.0.1, [::1]). */
export function webhookUrlProblem(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'is not a URL';
  }
  if (parsed.username || parsed.password) return 'must not carry a user name or password';
  if (parsed.protocol === 'https:') return undefined;
  const local = ['localhost', '127.0.0.1', '[::1]'].includes(parsed.hostname);
  if (parsed.protocol === 'http:' && local) return undefined;
  return 'must be https (http only for localhost or 127.0.0.1)';
}

export const SECRET_MIN_LENGTH = 16;

export const FeedbackWebhook = Type.Object({
  url: Type.String(),
  enabled: Type.Boolean(),
  secretSet: Type.Boolean({ description: 'The signing secret is stored; it is never returned' }),
  createdBy: Type.String(),
  createdAt: Timestamp,
  updatedBy: Type.String(),
  updatedAt: Timestamp,
});
export type FeedbackWebhook = Static<typeof FeedbackWebhook>;

export const FeedbackWebhookInput = Type.Object(
  {
    url: Type.String({ minLength: 1, maxLength: 2000, description: 'https (http for localhost)' }),
    secret: Type.Optional(
      Type.String({
        minLength: SECRET_MIN_LENGTH,
        maxLength: 200,
        description: 'HMAC signing secret; required when the webhook is created, kept if left out',
      }),
    ),
    enabled: Type.Boolean(),
  },
  { additionalProperties: false },
);
export type FeedbackWebhookInput = Static<typeof FeedbackWebhookInput>;

export const WebhookEvent = Type.Object({
  id: Uuid,
  eventType: Type.Union(WEBHOOK_EVENT_TYPES.map((t) => Type.Literal(t))),
  status: Type.Union(WEBHOOK_EVENT_STATUSES.map((s) => Type.Literal(s))),
  requestId: Type.Union([Type.String(), Type.Null()]),
  executionId: Type.Union([Uuid, Type.Null()]),
  recipientKey: Type.Union([Type.String(), Type.Null()]),
  attempts: Type.Integer(),
  nextAttemptAt: Type.Union([Timestamp, Type.Null()]),
  lastAttemptAt: Type.Union([Timestamp, Type.Null()]),
  lastStatusCode: Type.Union([Type.Integer(), Type.Null()]),
  lastError: Type.Union([Type.String(), Type.Null()]),
  createdAt: Timestamp,
  deliveredAt: Type.Union([Timestamp, Type.Null()]),
  payload: Type.Unknown({ description: 'The JSON body POSTed to the webhook' }),
});
export type WebhookEvent = Static<typeof WebhookEvent>;

export const WebhookEventQuery = Type.Object({
  status: Type.Optional(Type.Union(WEBHOOK_EVENT_STATUSES.map((s) => Type.Literal(s)))),
  requestId: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
  cursor: Type.Optional(Type.String({ pattern: '^[0-9]{1,19}$' })),
});
export type WebhookEventQuery = Static<typeof WebhookEventQuery>;

export const TestResult = Type.Object({
  eventId: Uuid,
  delivered: Type.Boolean(),
  statusCode: Type.Union([Type.Integer(), Type.Null()]),
  error: Type.Union([Type.String(), Type.Null()]),
});
export type TestResult = Static<typeof TestResult>;
