// The file of a Direct mail activity, streamed from its worktable with COPY … TO STDOUT as CSV
// with a header line: the chosen columns in their order, rows by key. The connection is the
// stream's until it ends; a download stopped half-way destroys it (it is mid-COPY).
import type { Readable } from 'node:stream';
import type pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { AppError } from '../../platform/errors.ts';
import type { Worktable } from '../engine/types.ts';
import { col, worktableColumns, worktableRef } from '../engine/worktables.ts';

export interface DirectMailExport {
  /** The activity's file name (its configuration's `fileName`). */
  fileName: string;
  rows: number;
  stream: Readable;
}

interface TaskRow {
  kind: string;
  status: string;
  worktable: Worktable | null;
  file_name: string | null;
  rows: number | null;
  purged_at: Date | null;
}

export async function exportDirectMailCsv(
  pool: pg.Pool,
  request: { sandboxId: string; runId: string; activityId: string; campaignId?: string },
): Promise<DirectMailExport> {
  const client = await pool.connect();
  try {
    const found = await client.query<TaskRow>(
      `SELECT t.kind, t.status, t.outputs->'out' AS worktable, t.state->>'fileName' AS file_name,
              (t.state->>'rows')::bigint AS rows, r.purged_at
         FROM orchestrated_tasks t
         JOIN orchestrated_runs r ON r.sandbox_id = t.sandbox_id AND r.id = t.run_id
        WHERE t.sandbox_id = $1 AND t.run_id = $2 AND t.activity_id = $3
          AND ($4::uuid IS NULL OR r.campaign_id = $4::uuid)`,
      [request.sandboxId, request.runId, request.activityId, request.campaignId ?? null],
    );
    const task = found.rows[0];
    if (!task || task.kind !== 'directMail') throw new AppError('ORCHESTRATED_TASK_NOT_FOUND');
    const worktable = task.worktable;
    if (task.status !== 'done' || task.purged_at || !worktable)
      throw new AppError('WORKTABLE_NOT_FOUND', 'This activity has no file (yet, or any more).');
    const columns = await worktableColumns(client, worktable.table);
    if (columns.length === 0)
      throw new AppError('WORKTABLE_NOT_FOUND', 'This activity has no file (yet, or any more).');
    const keys = new Set(worktable.keys);
    const fileColumns = columns.filter((c) => !keys.has(c.name)).map((c) => col(c.name));
    const order = worktable.keys.map(col).join(', ');
    const stream = client.query(
      copyTo(
        `COPY (SELECT ${fileColumns.join(', ')} FROM ${worktableRef(worktable.table)} ORDER BY ${order})
           TO STDOUT WITH (FORMAT csv, HEADER true)`,
      ),
    );
    releaseWhenDone(client, stream);
    return {
      fileName: task.file_name ?? `${request.activityId}.csv`,
      rows: Number(task.rows ?? worktable.count),
      stream,
    };
  } catch (error) {
    client.release();
    throw error;
  }
}

/** The client goes back to the pool after the whole file; destroyed when the stream was not read to its end. */
function releaseWhenDone(client: pg.PoolClient, stream: Readable): void {
  let released = false;
  let ended = false;
  const release = (error?: Error) => {
    if (released) return;
    released = true;
    client.release(error);
  };
  stream.once('end', () => {
    ended = true;
    release();
  });
  stream.once('error', (error) => release(error));
  stream.once('close', () => release(ended ? undefined : new Error('export stopped early')));
}
