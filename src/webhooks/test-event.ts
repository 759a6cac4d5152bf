// "Send a test event": one signed POST now, shaped like a real feedback event, logged in the
// delivery log and not retried.
import { randomUUID } from 'node:crypto';
import { AppError } from '../platform/errors.ts';
import type { WebhooksCall } from './db.ts';
import type { TestResult } from './model.ts';
import { postEvent } from './post.ts';
import { openFeedbackWebhook } from './store.ts';

export async function sendTestEvent(call: WebhooksCall): Promise<TestResult> {
  const target = await openFeedbackWebhook(call.db, call.secret, call.sandboxId);
  if (!target) throw new AppError('FEEDBACK_WEBHOOK_NOT_FOUND');
  const sandbox = await call.db
    .selectFrom('sandboxes')
    .select('name')
    .where('id', '=', call.sandboxId)
    .executeTakeFirstOrThrow();
  const id = randomUUID();
  const now = call.clock.now();
  const payload = {
    eventId: id,
    requestId: null,
    sandbox: { id: call.sandboxId, name: sandbox.name },
    channel: 'email',
    eventType: 'webhook.test',
    timestamp: now.toISOString(),
    messageExecution: null,
    messageDeliveryFeedback: {
      feedbackStatus: { value: 'test' },
      offers: null,
      messageExclusion: null,
      messageFailure: null,
      retryCount: 0,
    },
    identityMap: {},
  };
  const outcome = await postEvent(target, { id, payload }, call.clock);
  await call.db
    .insertInto('webhook_events')
    .values({
      sandbox_id: call.sandboxId,
      id,
      execution_id: null,
      recipient_key: null,
      action_id: null,
      request_id: null,
      event_type: 'test',
      payload: JSON.stringify(payload),
      status: outcome.delivered ? 'delivered' : 'failed',
      attempts: 1,
      next_attempt_at: now,
      last_attempt_at: now,
      last_status_code: outcome.statusCode,
      last_error: outcome.error,
      created_at: now,
      delivered_at: outcome.delivered ? now : null,
    })
    .execute();
  return { eventId: id, ...outcome };
}
