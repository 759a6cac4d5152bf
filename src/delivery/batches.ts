// Leases of claimed batches (claim.ts) and what happened to their messages. A batch is leased to one
// worker; when the worker dies the lease runs out and another worker takes the batch over,
// sending again only the messages that were not recorded as sent: a crash repeats at most the
// messages in flight and never skips one.
import type pg from 'pg';
import type { ClaimedBatch } from './claim.ts';
import type { MessageStatus } from './model.ts';

export { claimNextBatch, type ClaimedBatch } from './claim.ts';

export interface QueuedMessage {
  recipientKey: string;
  actionId: string;
  profileId: string | null;
  address: string;
  attempts: number;
  /** The content variant to render (`executions.variants`); null for the execution's content. */
  treatment: string | null;
  /**
   * `{context, profile}` an API call gave this recipient, `{target}` the worktable columns of an
   * orchestrated campaign's recipient; null for other campaign sends.
   */
  renderData: { context?: unknown; profile?: unknown; target?: unknown } | null;
}

/**
 * Extends the worker's lease on a batch it is still sending; false when the batch is no longer
 * the worker's (the lease ran out and another worker took it over).
 */
export async function renewLease(
  pool: pg.Pool,
  batch: ClaimedBatch,
  workerId: string,
  now: Date,
  leaseMs: number,
): Promise<boolean> {
  const renewed = await pool.query(
    `UPDATE execution_batches SET lease_until = $5
      WHERE sandbox_id = $1 AND execution_id = $2 AND batch_no = $3
        AND status = 'claimed' AND claimed_by = $4 AND claims = $6`,
    [
      batch.sandboxId,
      batch.executionId,
      batch.batchNo,
      workerId,
      new Date(now.getTime() + leaseMs),
      batch.claims,
    ],
  );
  return renewed.rowCount === 1;
}

/** Marks the batch's unsent messages as sending and returns them. */
export async function startBatch(
  pool: pg.Pool,
  batch: ClaimedBatch,
  now: Date,
): Promise<QueuedMessage[]> {
  const rows = await pool.query<{
    recipient_key: string;
    action_id: string;
    profile_id: string | null;
    address: string;
    attempts: number;
    treatment: string | null;
    render_data: { context?: unknown; profile?: unknown; target?: unknown } | null;
  }>(
    // Only messages still on their way: a stopped execution's queued ones are excluded already.
    `UPDATE messages SET status = 'sending', attempts = attempts + 1, updated_at = $4
      WHERE sandbox_id = $1 AND execution_id = $2 AND batch_no = $3
        AND status IN ('queued', 'sending', 'retrying')
      RETURNING recipient_key, action_id, profile_id, address, attempts, treatment, render_data`,
    [batch.sandboxId, batch.executionId, batch.batchNo, now],
  );
  return rows.rows
    .map((r) => ({
      recipientKey: r.recipient_key,
      actionId: r.action_id,
      profileId: r.profile_id,
      address: r.address,
      attempts: r.attempts,
      treatment: r.treatment,
      renderData: r.render_data,
    }))
    .sort((a, b) => a.recipientKey.localeCompare(b.recipientKey));
}

export interface MessageOutcome {
  recipientKey: string;
  actionId: string;
  status: Extract<MessageStatus, 'sent' | 'failed' | 'retrying' | 'excluded'>;
  reason: string | null;
  providerId: string | null;
  error: string | null;
}

/**
 * Records outcomes in one statement (the provider was called outside any transaction). The
 * `recipient_key = ANY(…)` condition makes PostgreSQL reach the messages through the primary key:
 * a new execution has no statistics, and with the join alone the planner takes its rows for a
 * handful and hashes all of them for every group (a quarter of a second per group at 200,000).
 */
export async function recordOutcomes(
  pool: pg.Pool,
  batch: ClaimedBatch,
  outcomes: MessageOutcome[],
  now: Date,
): Promise<void> {
  if (outcomes.length === 0) return;
  await pool.query(
    `UPDATE messages m
        SET status = o.status, reason = o.reason, provider_id = o.provider_id, error = o.error,
            updated_at = $3, sent_at = CASE WHEN o.status = 'sent' THEN $3 ELSE m.sent_at END
       FROM unnest($4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[])
            AS o(recipient_key, action_id, status, reason, provider_id, error)
      WHERE m.sandbox_id = $1 AND m.execution_id = $2 AND m.recipient_key = ANY($4::text[])
        AND m.recipient_key = o.recipient_key AND m.action_id = o.action_id`,
    [
      batch.sandboxId,
      batch.executionId,
      now,
      outcomes.map((o) => o.recipientKey),
      outcomes.map((o) => o.actionId),
      outcomes.map((o) => o.status),
      outcomes.map((o) => o.reason),
      outcomes.map((o) => o.providerId),
      outcomes.map((o) => o.error),
    ],
  );
}

/**
 * Ends the worker's lease: done, or — when some messages wait for a retry — pending again from
 * `retryAt`. The execution completes with its last batch; a cancelled one stays cancelled, and
 * its messages that were waiting for a retry are stopped instead.
 */
export async function finishBatch(
  pool: pg.Pool,
  batch: ClaimedBatch,
  workerId: string,
  now: Date,
  retryAt: Date | undefined,
): Promise<void> {
  if (retryAt) {
    await pool.query(
      `UPDATE messages SET status = 'excluded', reason = 'CampaignStopped', updated_at = $4
        WHERE sandbox_id = $1 AND execution_id = $2 AND batch_no = $3 AND status = 'retrying'
          AND EXISTS (SELECT 1 FROM executions
                       WHERE sandbox_id = $1 AND id = $2 AND status = 'cancelled')`,
      [batch.sandboxId, batch.executionId, batch.batchNo, now],
    );
  }
  // The batch ends and, when it was the execution's last, the execution completes in the same
  // statement: a worker killed in between cannot leave a finished execution "sending".
  const ended = await pool.query<{ done: boolean; completed: boolean }>(
    `WITH finished AS (
       UPDATE execution_batches b
          SET status = CASE WHEN $5::timestamptz IS NULL THEN 'done'
                            WHEN EXISTS (SELECT 1 FROM executions e
                                          WHERE e.sandbox_id = $1 AND e.id = $2 AND e.status = 'cancelled') THEN 'done'
                            ELSE 'pending' END,
              not_before = coalesce($5, b.not_before), lease_until = NULL
        WHERE b.sandbox_id = $1 AND b.execution_id = $2 AND b.batch_no = $3 AND b.claimed_by = $4
       RETURNING b.status
     ),
     completed AS (
       UPDATE executions SET status = 'completed', finished_at = $6
        WHERE sandbox_id = $1 AND id = $2 AND status IN ('planned', 'sending')
          AND EXISTS (SELECT 1 FROM finished WHERE status = 'done')
          AND NOT EXISTS (SELECT 1 FROM execution_batches
                           WHERE sandbox_id = $1 AND execution_id = $2 AND batch_no <> $3
                             AND status <> 'done')
       RETURNING 1
     )
     SELECT EXISTS (SELECT 1 FROM finished WHERE status = 'done') AS done,
            EXISTS (SELECT 1 FROM completed) AS completed`,
    [batch.sandboxId, batch.executionId, batch.batchNo, workerId, retryAt ?? null, now],
  );
  const row = ended.rows[0];
  if (!row?.done || row.completed) return;
  // Another batch of the execution may have ended at the same moment, each statement seeing the
  // other's batch still open: checked again now that both are committed.
  await pool.query(
    `UPDATE executions SET status = 'completed', finished_at = $3
      WHERE sandbox_id = $1 AND id = $2 AND status IN ('planned', 'sending')
        AND NOT EXISTS (SELECT 1 FROM execution_batches
                         WHERE sandbox_id = $1 AND execution_id = $2 AND status <> 'done')`,
    [batch.sandboxId, batch.executionId, now],
  );
}
