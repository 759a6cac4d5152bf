// The sandbox's feedback webhook: saved with its secret sealed, read without it, deleted; every
// change audited in its transaction. And the delivery log.
import type { Selectable } from 'kysely';
import { openCredentials, sealCredentials } from '../channels/secrets.ts';
import { recordAudit } from '../platform/audit.ts';
import { AppError } from '../platform/errors.ts';
import type { WebhooksCall, WebhooksDb, WebhooksTables } from './db.ts';
import {
  webhookUrlProblem,
  type FeedbackWebhook,
  type FeedbackWebhookInput,
  type WebhookEvent,
  type WebhookEventQuery,
} from './model.ts';

type Row = Selectable<WebhooksTables['feedback_webhooks']>;
type EventRow = Selectable<WebhooksTables['webhook_events']>;

/** Sealed secrets are bound to their sandbox: ciphertext copied to another row does not open. */
const boundTo = (sandboxId: string) => `feedback-webhook/${sandboxId}`;

function toWebhook(row: Row): FeedbackWebhook {
  return {
    url: row.url,
    enabled: row.enabled,
    secretSet: row.secret.length > 0,
    createdBy: row.created_by,
    createdAt: row.created_at.toISOString(),
    updatedBy: row.updated_by,
    updatedAt: row.updated_at.toISOString(),
  };
}

async function findRow(db: WebhooksDb, sandboxId: string): Promise<Row | undefined> {
  return db
    .selectFrom('feedback_webhooks')
    .selectAll()
    .where('sandbox_id', '=', sandboxId)
    .executeTakeFirst();
}

export async function getFeedbackWebhook(
  db: WebhooksDb,
  sandboxId: string,
): Promise<FeedbackWebhook> {
  const row = await findRow(db, sandboxId);
  if (!row) throw new AppError('FEEDBACK_WEBHOOK_NOT_FOUND');
  return toWebhook(row);
}

/** The URL and the opened secret, for sending. */
export async function openFeedbackWebhook(
  db: WebhooksDb,
  secret: string,
  sandboxId: string,
): Promise<{ url: string; secret: string; enabled: boolean } | undefined> {
  const row = await findRow(db, sandboxId);
  if (!row) return undefined;
  const opened = openCredentials(secret, boundTo(sandboxId), row.secret).webhookSecret;
  if (!opened) throw new Error(`the feedback webhook of sandbox ${sandboxId} has no secret`);
  return { url: row.url, secret: opened, enabled: row.enabled };
}

/** Creates or replaces the sandbox's webhook; the secret is needed on creation only. */
export async function saveFeedbackWebhook(
  call: WebhooksCall,
  input: FeedbackWebhookInput,
): Promise<FeedbackWebhook> {
  const urlProblem = webhookUrlProblem(input.url);
  if (urlProblem)
    throw new AppError('FEEDBACK_WEBHOOK_INVALID', `url ${urlProblem}`, [
      { path: '/url', message: urlProblem },
    ]);
  return call.db.transaction().execute(async (tx) => {
    const before = await findRow(tx, call.sandboxId);
    if (!before && !input.secret)
      throw new AppError('FEEDBACK_WEBHOOK_INVALID', 'A new webhook needs a secret.', [
        { path: '/secret', message: 'is required' },
      ]);
    const now = call.clock.now();
    const sealed = input.secret
      ? sealCredentials(call.secret, boundTo(call.sandboxId), { webhookSecret: input.secret })
      : undefined;
    const values = {
      url: input.url,
      enabled: input.enabled,
      updated_by: call.actor.label,
      updated_at: now,
    };
    const row = before
      ? await tx
          .updateTable('feedback_webhooks')
          .set({ ...values, ...(sealed ? { secret: sealed } : {}) })
          .where('sandbox_id', '=', call.sandboxId)
          .returningAll()
          .executeTakeFirstOrThrow()
      : await tx
          .insertInto('feedback_webhooks')
          .values({
            ...values,
            sandbox_id: call.sandboxId,
            secret: sealed ?? Buffer.alloc(0),
            created_by: call.actor.label,
            created_at: now,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
    const saved = toWebhook(row);
    await recordAudit(tx, {
      sandboxId: call.sandboxId,
      actor: call.actor,
      action: before ? 'feedbackWebhook.update' : 'feedbackWebhook.create',
      entityType: 'feedbackWebhook',
      entityId: call.sandboxId,
      before: before ? toWebhook(before) : undefined,
      after: { ...saved, secretChanged: Boolean(sealed) },
      requestId: call.requestId,
      at: now,
    });
    return saved;
  });
}

/** Removes the webhook; events not yet delivered are dropped with it. */
export async function deleteFeedbackWebhook(call: WebhooksCall): Promise<void> {
  await call.db.transaction().execute(async (tx) => {
    const before = await findRow(tx, call.sandboxId);
    if (!before) throw new AppError('FEEDBACK_WEBHOOK_NOT_FOUND');
    await tx.deleteFrom('feedback_webhooks').where('sandbox_id', '=', call.sandboxId).execute();
    await tx
      .deleteFrom('webhook_events')
      .where('sandbox_id', '=', call.sandboxId)
      .where('status', '=', 'pending')
      .execute();
    await recordAudit(tx, {
      sandboxId: call.sandboxId,
      actor: call.actor,
      action: 'feedbackWebhook.delete',
      entityType: 'feedbackWebhook',
      entityId: call.sandboxId,
      before: toWebhook(before),
      requestId: call.requestId,
      at: call.clock.now(),
    });
  });
}

export function toWebhookEvent(row: EventRow): WebhookEvent {
  return {
    id: row.id,
    eventType: row.event_type,
    status: row.status,
    requestId: row.request_id,
    executionId: row.execution_id,
    recipientKey: row.recipient_key,
    attempts: row.attempts,
    nextAttemptAt: row.status === 'pending' ? row.next_attempt_at.toISOString() : null,
    lastAttemptAt: row.last_attempt_at?.toISOString() ?? null,
    lastStatusCode: row.last_status_code,
    lastError: row.last_error,
    createdAt: row.created_at.toISOString(),
    deliveredAt: row.delivered_at?.toISOString() ?? null,
    payload: row.payload,
  };
}

/** The delivery log, newest first. */
export async function listWebhookEvents(
  db: WebhooksDb,
  sandboxId: string,
  query: WebhookEventQuery,
): Promise<{ items: WebhookEvent[]; nextCursor: string | null }> {
  const limit = query.limit ?? 50;
  let q = db.selectFrom('webhook_events').selectAll().where('sandbox_id', '=', sandboxId);
  if (query.status) q = q.where('status', '=', query.status);
  if (query.requestId) q = q.where('request_id', '=', query.requestId);
  if (query.cursor) q = q.where('seq', '<', Number(query.cursor));
  const rows = await q
    .orderBy('seq', 'desc')
    .limit(limit + 1)
    .execute();
  const page = rows.slice(0, limit);
  return {
    items: page.map(toWebhookEvent),
    nextCursor: rows.length > limit ? String(page.at(-1)?.seq) : null,
  };
}
