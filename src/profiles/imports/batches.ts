// What every import batch shares: its transaction, its retry rule, and the rejected lines and
// progress it writes in that same transaction (so progress says exactly what landed).
import type pg from 'pg';
import type { FieldProblem } from './profile-records.ts';
import type { StoredImport } from './store.ts';
import { IdentityRaceError } from './profile-batch.ts';

/** Rejected lines kept for the report; all are counted. */
export const MAX_STORED_REJECTIONS = 100_000;

export interface Totals {
  rowsRead: number;
  rowsAccepted: number;
  rowsRejected: number;
  storedRejections: number;
}

export interface Progress {
  bytesRead: number;
  rowsRead: number;
  rowsAccepted: number;
  rowsRejected: number;
}

export async function withTransaction<T>(
  client: pg.PoolClient,
  work: () => Promise<T>,
): Promise<T> {
  await client.query('BEGIN');
  try {
    const result = await work();
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  }
}

/** Deadlocks between concurrent batches, and identities created meanwhile, are retried. */
export function isRetryable(error: unknown): boolean {
  if (error instanceof IdentityRaceError) return true;
  const code = (error as { code?: string } | null)?.code;
  return code === '40P01' || code === '40001';
}

export async function retrying<T>(attempt: () => Promise<T>, times = 5): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await attempt();
    } catch (error) {
      if (i >= times || !isRetryable(error)) throw error;
    }
  }
}

export function rejectedLines(problems: FieldProblem[]): number {
  return new Set(problems.map((p) => p.line)).size;
}

/** Adds one batch's rejected lines and counts to the import, inside the batch's transaction. */
export async function recordBatch(
  client: pg.PoolClient,
  row: StoredImport,
  totals: Totals,
  delta: { read: number; accepted: number; rejected: number },
  problems: FieldProblem[],
  bytesRead: number,
  now: Date,
): Promise<void> {
  const room = Math.max(0, MAX_STORED_REJECTIONS - totals.storedRejections);
  const stored = problems.slice(0, room);
  if (stored.length) {
    await client.query(
      `INSERT INTO import_rejections (sandbox_id, import_id, line, field, reason)
       SELECT $1, $2, * FROM unnest($3::bigint[], $4::text[], $5::text[])`,
      [
        row.sandbox_id,
        row.id,
        stored.map((p) => p.line),
        stored.map((p) => p.field),
        stored.map((p) => p.reason),
      ],
    );
  }
  await client.query(
    `UPDATE imports SET rows_read = rows_read + $3, rows_accepted = rows_accepted + $4, rows_rejected = rows_rejected + $5,
            bytes_read = greatest(bytes_read, $6), heartbeat_at = $7
      WHERE sandbox_id = $1 AND id = $2`,
    [row.sandbox_id, row.id, delta.read, delta.accepted, delta.rejected, bytesRead, now],
  );
}

/** Applies a committed batch to the in-memory totals. */
export function addToTotals(
  totals: Totals,
  delta: { read: number; accepted: number; rejected: number },
  storedProblems: number,
): void {
  totals.rowsRead += delta.read;
  totals.rowsAccepted += delta.accepted;
  totals.rowsRejected += delta.rejected;
  totals.storedRejections += storedProblems;
}
