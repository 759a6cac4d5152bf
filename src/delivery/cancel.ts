// Stopping an execution: what has not been handed to a worker yet is not sent. Messages still
// waiting are excluded with `CampaignStopped` and their batches end; a batch a worker holds
// finishes the messages it has in flight, and its retries are stopped when it ends.
import type pg from 'pg';
import { AppError } from '../platform/errors.ts';

/** Cancels the execution in one transaction; the number of messages that will not be sent. */
export async function cancelExecution(
  pool: pg.Pool,
  sandboxId: string,
  executionId: string,
  now: Date,
): Promise<number> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    // The execution's row first: a concurrent finishBatch waits here, then sees it cancelled.
    const found = await client.query<{ status: string }>(
      'SELECT status FROM executions WHERE sandbox_id = $1 AND id = $2 FOR UPDATE',
      [sandboxId, executionId],
    );
    const execution = found.rows[0];
    if (!execution) throw new AppError('EXECUTION_NOT_FOUND');
    const stopped = await client.query(
      `UPDATE messages SET status = 'excluded', reason = 'CampaignStopped', updated_at = $3
        WHERE sandbox_id = $1 AND execution_id = $2 AND status IN ('queued', 'retrying')`,
      [sandboxId, executionId, now],
    );
    await client.query(
      `UPDATE execution_batches SET status = 'done'
        WHERE sandbox_id = $1 AND execution_id = $2 AND status = 'pending'`,
      [sandboxId, executionId],
    );
    const cancelled = stopped.rowCount ?? 0;
    await client.query(
      `UPDATE executions
          SET status = CASE WHEN status IN ('planned', 'sending') THEN 'cancelled' ELSE status END,
              finished_at = CASE WHEN status IN ('planned', 'sending') THEN $3 ELSE finished_at END,
              excluded = excluded + $4
        WHERE sandbox_id = $1 AND id = $2`,
      [sandboxId, executionId, now, cancelled],
    );
    await client.query('COMMIT');
    return cancelled;
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
}
