// A configuration's maxPerSecond is one pace shared by every execution that sends with it and by
// every worker process. Before a batch's messages are taken, the batch reserves as many
// consecutive send slots (1 ÷ maxPerSecond apart) as it has messages to send, from its
// configuration's row in configuration_send_pace. The reservation is one INSERT … ON CONFLICT DO
// UPDATE: PostgreSQL locks the row and computes the new next slot from its latest committed value,
// so however many workers reserve at once, no two windows overlap and the configuration never
// goes faster than its limit (worker clocks must agree, as for batch leases). A batch whose first
// slot is not near goes back to pending until then instead of holding its lane asleep.
import type pg from 'pg';
import type { ClaimedBatch } from './batches.ts';

export interface SendPace {
  sandboxId: string;
  configurationId: string;
  perSecond: number;
}

/** The send slots a batch reserved: message i goes out at `from + i × intervalMs`. */
export interface PacedSlots {
  from: Date;
  intervalMs: number;
}

/** How far ahead of its first slot a batch may reserve and wait. */
export const RESERVE_AHEAD_MS = 1000;

/** The batch's window of slots, or — when the configuration is busy further ahead — until when. */
export async function reserveSlots(
  pool: pg.Pool,
  batch: ClaimedBatch,
  pace: SendPace,
  now: Date,
): Promise<{ slots: PacedSlots } | { busyUntil: Date }> {
  const seconds = 1 / pace.perSecond;
  const found = await pool.query<{ paced_from: Date | null; busy_until: Date | null }>(
    `WITH batch AS (
       SELECT count(*)::int AS n FROM messages
        WHERE sandbox_id = $1 AND execution_id = $2 AND batch_no = $3
          AND status IN ('queued', 'sending', 'retrying')),
     reserved AS (
       INSERT INTO configuration_send_pace AS p (sandbox_id, configuration_id, next_slot_at)
       SELECT $1, $4, $5::timestamptz + make_interval(secs => batch.n * $6::float8) FROM batch
       ON CONFLICT (sandbox_id, configuration_id) DO UPDATE
          SET next_slot_at = excluded.next_slot_at + greatest(p.next_slot_at - $5::timestamptz, interval '0')
        WHERE p.next_slot_at <= $5::timestamptz + make_interval(secs => $7::float8)
       RETURNING p.next_slot_at - make_interval(secs => (SELECT n FROM batch) * $6::float8) AS paced_from,
                 p.next_slot_at AS paced_until),
     marked AS (
       UPDATE execution_batches b SET paced_from = r.paced_from, paced_until = r.paced_until
         FROM reserved r
        WHERE b.sandbox_id = $1 AND b.execution_id = $2 AND b.batch_no = $3)
     SELECT (SELECT paced_from FROM reserved) AS paced_from,
            (SELECT next_slot_at FROM configuration_send_pace
              WHERE sandbox_id = $1 AND configuration_id = $4) AS busy_until`,
    [
      batch.sandboxId,
      batch.executionId,
      batch.batchNo,
      pace.configurationId,
      now,
      seconds,
      RESERVE_AHEAD_MS / 1000,
    ],
  );
  const row = found.rows[0];
  if (row?.paced_from) return { slots: { from: row.paced_from, intervalMs: seconds * 1000 } };
  // The statement saw the row as it was before: its next free slot is what the batch waits for.
  return { busyUntil: row?.busy_until ?? now };
}

/** Gives a claimed batch back, due again at `at`; the claim does not count as an attempt. */
export async function deferBatch(
  pool: pg.Pool,
  batch: ClaimedBatch,
  workerId: string,
  at: Date,
): Promise<void> {
  await pool.query(
    `UPDATE execution_batches
        SET status = 'pending', not_before = greatest(not_before, $5), lease_until = NULL,
            claims = greatest(claims - 1, 0)
      WHERE sandbox_id = $1 AND execution_id = $2 AND batch_no = $3 AND claimed_by = $4
        AND status = 'claimed'`,
    [batch.sandboxId, batch.executionId, batch.batchNo, workerId, at],
  );
}
