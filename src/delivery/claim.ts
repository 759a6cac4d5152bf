// Claiming due batches (or batches whose lease ran out) for a worker. One statement claims
// several batches of any executions, marks their executions as sending and returns what a sender
// needs of each execution, so a worker sending many one-message executions (API calls) makes one
// round trip for all of them. The claim holds at most a budget of messages: a worker that dies
// repeats at most the messages in flight, never more than one large batch's worth.
import type pg from 'pg';

/** The stored execution as a sender needs it. */
export interface StoredExecution {
  channel: string;
  configurationId: string;
  content: unknown;
  variants: Record<string, unknown> | null;
  snapshotId: string | null;
  context: unknown;
}

export interface ClaimedBatch {
  sandboxId: string;
  executionId: string;
  batchNo: number;
  claims: number;
  /** When the lease was taken: a batch waiting its turn in the worker keeps counting from here. */
  claimedAt?: Date;
}

export interface ClaimedWork {
  batch: ClaimedBatch;
  startsAt: Date;
  execution: StoredExecution;
}

/** Messages one claim may hold at most (the largest batch is claimed alone). */
export const CLAIM_MESSAGE_BUDGET = 200;

/**
 * Due batches leased to `workerId`, oldest first: at most `limit` of them, and only as many as
 * fit in `budget` messages by their executions' batch size (always at least one).
 */
export async function claimBatches(
  pool: pg.Pool,
  workerId: string,
  now: Date,
  leaseMs: number,
  limit: number,
  budget = CLAIM_MESSAGE_BUDGET,
): Promise<ClaimedWork[]> {
  const claimed = await pool.query<{
    sandbox_id: string;
    execution_id: string;
    batch_no: number;
    claims: number;
    starts_at: Date;
    channel: string;
    configuration_id: string;
    content: unknown;
    variants: Record<string, unknown> | null;
    snapshot_id: string | null;
    context: unknown;
  }>(
    `WITH due AS (
       SELECT x.sandbox_id, x.execution_id, x.batch_no, x.not_before FROM execution_batches x
        WHERE x.status <> 'done' AND x.not_before <= $1
          AND (x.status = 'pending' OR x.lease_until < $1)
        ORDER BY x.not_before, x.batch_no
        LIMIT $4 FOR UPDATE SKIP LOCKED
     ),
     sized AS (
       SELECT d.sandbox_id, d.execution_id, d.batch_no,
              sum(e.batch_size) OVER (ORDER BY d.not_before, d.batch_no, d.execution_id) - e.batch_size AS before
         FROM due d JOIN executions e ON e.sandbox_id = d.sandbox_id AND e.id = d.execution_id
     ),
     taken AS (
       UPDATE execution_batches b
          SET status = 'claimed', lease_until = $2, claimed_by = $3, claims = b.claims + 1
         FROM sized s
        WHERE (b.sandbox_id, b.execution_id, b.batch_no) = (s.sandbox_id, s.execution_id, s.batch_no)
          AND s.before < $5
       RETURNING b.sandbox_id, b.execution_id, b.batch_no, b.claims
     ),
     -- Executions marked as sending in a fixed order: claims of two workers never wait on
     -- each other's executions in turn.
     planned AS (
       SELECT e.sandbox_id, e.id FROM executions e
        WHERE (e.sandbox_id, e.id) IN (SELECT sandbox_id, execution_id FROM taken)
          AND e.status = 'planned'
        ORDER BY e.sandbox_id, e.id FOR UPDATE
     ),
     started AS (
       UPDATE executions e SET status = 'sending' FROM planned p
        WHERE e.sandbox_id = p.sandbox_id AND e.id = p.id RETURNING e.id
     )
     SELECT t.sandbox_id, t.execution_id, t.batch_no, t.claims, e.starts_at, e.channel,
            e.configuration_id, e.content, e.variants, e.snapshot_id, e.context
       FROM taken t JOIN executions e ON e.sandbox_id = t.sandbox_id AND e.id = t.execution_id`,
    [now, new Date(now.getTime() + leaseMs), workerId, limit, budget],
  );
  return claimed.rows.map((row) => ({
    batch: {
      sandboxId: row.sandbox_id,
      executionId: row.execution_id,
      batchNo: row.batch_no,
      claims: row.claims,
      claimedAt: now,
    },
    startsAt: row.starts_at,
    execution: {
      channel: row.channel,
      configurationId: row.configuration_id,
      content: row.content,
      variants: row.variants,
      snapshotId: row.snapshot_id,
      context: row.context,
    },
  }));
}

/** The next batch that is due (or whose lease ran out), leased to `workerId`; none when idle. */
export async function claimNextBatch(
  pool: pg.Pool,
  workerId: string,
  now: Date,
  leaseMs: number,
): Promise<ClaimedBatch | undefined> {
  const [first] = await claimBatches(pool, workerId, now, leaseMs, 1);
  return first?.batch;
}
