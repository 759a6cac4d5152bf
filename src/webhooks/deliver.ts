// Delivery of the outbox: due events are claimed with a lease (SKIP LOCKED, so workers share the
// work), POSTed one event per request outside any transaction, and the answer recorded. A 2xx is
// delivered; anything else is tried again after 30 s, 1 min, 2 min … doubling, and after the
// 12th attempt (about 17 hours after the first) the event is failed.
import type pg from 'pg';
import type { Db } from '../db/connection.ts';
import type { Clock } from '../platform/context.ts';
import { webhooksDb } from './db.ts';
import { postEvent, type PostResult } from './post.ts';
import { openFeedbackWebhook } from './store.ts';

export const MAX_ATTEMPTS = 12;
export const FIRST_RETRY_SECONDS = 30;
/** A claimed event is not claimed again for this long (its POST has a 10-second timeout). */
const LEASE_SECONDS = 120;
const PARALLEL_POSTS = 8;
const UNREADABLE_SECRET =
  'the signing secret cannot be opened (was CLARION_SECRET changed?); save the webhook with a new secret';

/** The wait after the given number of failed attempts. */
export function retryDelaySeconds(attempts: number): number {
  return FIRST_RETRY_SECONDS * 2 ** Math.max(0, attempts - 1);
}

export interface DeliverDeps {
  pool: pg.Pool;
  db: Db;
  clock: Clock;
  /** CLARION_SECRET, to open the webhooks' signing secrets. */
  secret: string;
}

interface Claimed {
  sandbox_id: string;
  id: string;
  attempts: number;
  payload: unknown;
}

export interface DeliverResult {
  delivered: number;
  retrying: number;
  failed: number;
}

/** Sends the events that are due, up to `limit`; call again while it returns a full batch. */
export async function deliverDueEvents(
  deps: DeliverDeps,
  options: { limit?: number } = {},
): Promise<DeliverResult & { claimed: number }> {
  const now = deps.clock.now();
  const claimed = await deps.pool.query<Claimed>(
    `UPDATE webhook_events e SET next_attempt_at = $1::timestamptz + make_interval(secs => $3)
      WHERE (e.sandbox_id, e.id) IN (
        SELECT d.sandbox_id, d.id FROM webhook_events d
          JOIN feedback_webhooks w ON w.sandbox_id = d.sandbox_id AND w.enabled
         WHERE d.status = 'pending' AND d.next_attempt_at <= $1
         ORDER BY d.next_attempt_at LIMIT $2
           FOR UPDATE OF d SKIP LOCKED)
      RETURNING e.sandbox_id, e.id, e.attempts, e.payload`,
    [now, options.limit ?? 200, LEASE_SECONDS],
  );
  const result = { claimed: claimed.rows.length, delivered: 0, retrying: 0, failed: 0 };
  const targets = new Map<string, Promise<{ url: string; secret: string } | undefined>>();
  const targetOf = (sandboxId: string) => {
    let target = targets.get(sandboxId);
    if (!target) {
      target = openFeedbackWebhook(webhooksDb(deps.db), deps.secret, sandboxId);
      targets.set(sandboxId, target);
    }
    return target;
  };
  const queue = [...claimed.rows];
  const lanes = Array.from({ length: Math.min(PARALLEL_POSTS, queue.length) }, async () => {
    for (let event = queue.shift(); event; event = queue.shift()) {
      let target: { url: string; secret: string } | undefined;
      try {
        target = await targetOf(event.sandbox_id);
      } catch {
        // Counted as an attempt, so a secret that no longer opens ends in `failed`, not a loop.
        const outcome = { delivered: false, statusCode: null, error: UNREADABLE_SECRET };
        result[await recordAttempt(deps, event, outcome)] += 1;
        continue;
      }
      // The webhook was deleted meanwhile: its pending events went with it.
      if (!target) continue;
      const outcome = await postEvent(target, event, deps.clock);
      result[await recordAttempt(deps, event, outcome)] += 1;
    }
  });
  await Promise.all(lanes);
  return result;
}

async function recordAttempt(
  deps: DeliverDeps,
  event: Claimed,
  outcome: PostResult,
): Promise<keyof DeliverResult> {
  const now = deps.clock.now();
  const attempts = event.attempts + 1;
  const status = outcome.delivered ? 'delivered' : attempts >= MAX_ATTEMPTS ? 'failed' : 'pending';
  const next = new Date(now.getTime() + retryDelaySeconds(attempts) * 1000);
  await deps.pool.query(
    `UPDATE webhook_events
        SET status = $3, attempts = $4, last_attempt_at = $5, last_status_code = $6, last_error = $7,
            delivered_at = CASE WHEN $3 = 'delivered' THEN $5::timestamptz END,
            next_attempt_at = CASE WHEN $3 = 'pending' THEN $8::timestamptz ELSE next_attempt_at END
      WHERE sandbox_id = $1 AND id = $2`,
    [event.sandbox_id, event.id, status, attempts, now, outcome.statusCode, outcome.error, next],
  );
  return status === 'pending' ? 'retrying' : status;
}
