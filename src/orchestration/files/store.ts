// Files for Load file activities: an uploaded CSV is streamed (never held in memory) through
// csv-parse into a table of text columns in `clarion_work` by COPY, one row per record with its
// line number; the activity types the columns when it runs. The file's row in
// `orchestrated_files` and its table are written in one transaction, so a failed or oversized
// upload leaves nothing behind.
import { parse } from 'csv-parse';
import { randomUUID } from 'node:crypto';
import { pipeline as pipelineCallback, Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { Actor, Clock } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { copyRow } from '../../profiles/imports/copy.ts';
import { worktableRef } from '../engine/worktables.ts';

export const MAX_FILE_BYTES = 50 * 1024 * 1024;
export const MAX_FILE_COLUMNS = 500;
const COPY_CHUNK_CHARS = 256 * 1024;

export interface FileDeps {
  pool: pg.Pool;
  clock: Clock;
}

export interface UploadedFile {
  id: string;
  name: string;
  sizeBytes: number;
  /** Records after the header. */
  lineCount: number;
  headers: string[];
}

export interface StoredFile extends UploadedFile {
  /** The table of raw lines in `clarion_work`: `line_no` and text columns `c1`, `c2` … by header position. */
  tableName: string;
  createdBy: string;
  createdAt: Date;
}

/** The text column of the file table holding the values of the header at `index`. */
export function fileColumn(index: number): string {
  return `c${index + 1}`;
}

function fileTableName(id: string): string {
  return `file_${id.replace(/-/g, '')}`;
}

/** Passes bytes on and fails the stream once more than `max` have passed. */
function byteLimit(max: number): Transform & { bytes: () => number } {
  let bytes = 0;
  const limiter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      bytes += chunk.length;
      if (bytes > max) done(new AppError('ORCHESTRATED_FILE_TOO_LARGE'));
      else done(null, chunk);
    },
  });
  return Object.assign(limiter, { bytes: () => bytes });
}

type CsvRecord = { record: string[]; info: { records: number } };

function invalidFile(message: string): AppError {
  return new AppError('VALIDATION_FAILED', message, [{ path: '/file', message }]);
}

/** Removes what a text column cannot hold (NUL characters). */
function cell(value: string | undefined): string | null {
  if (value === undefined) return null;
  return value.includes('\u0000') ? value.split('\u0000').join('') : value;
}

/**
 * Streams a CSV upload (a header line, then records; RFC 4180 quoting, a BOM allowed) into a
 * new file table. Fails with ORCHESTRATED_FILE_TOO_LARGE past 50 MB and VALIDATION_FAILED on a
 * file without a header or with broken quoting.
 */
export async function storeUploadedFile(
  deps: FileDeps,
  upload: { sandboxId: string; actor: Actor; name: string; stream: Readable },
): Promise<UploadedFile> {
  const id = randomUUID();
  const tableName = fileTableName(id);
  const table = worktableRef(tableName);
  const name = upload.name.trim().slice(0, 200) || 'file.csv';
  const limiter = byteLimit(MAX_FILE_BYTES);
  const parser = parse({ bom: true, info: true, relax_column_count: true, skip_empty_lines: true });
  // The upload is piped rather than put in the pipeline, which would destroy it on a failure:
  // an HTTP request's stream must stay open for the error response, so it is drained instead.
  upload.stream.on('error', (error) => limiter.destroy(error));
  upload.stream.pipe(limiter);
  pipelineCallback(limiter, parser, () => undefined);
  const records = (parser as AsyncIterable<CsvRecord>)[Symbol.asyncIterator]();

  const client = await deps.pool.connect();
  let broken = false;
  try {
    const first = await readRecord(records);
    if (!first) throw invalidFile('The file is empty: it needs a header line.');
    const headers = first.record.map((h) => h.trim());
    if (headers.length > MAX_FILE_COLUMNS)
      throw invalidFile(`The file has ${headers.length} columns; at most ${MAX_FILE_COLUMNS}.`);
    await client.query('BEGIN');
    const columns = headers.map((_, i) => `${fileColumn(i)} text`).join(', ');
    await client.query(`CREATE TABLE ${table} (line_no integer PRIMARY KEY, ${columns})`);
    let lineCount = 0;
    async function* copyText(): AsyncGenerator<string> {
      let chunk = '';
      for (let next = await readRecord(records); next; next = await readRecord(records)) {
        lineCount++;
        const record = next.record;
        const cells = headers.map((_, i) => cell(record[i]));
        chunk += copyRow([String(next.info.records), ...cells]);
        if (chunk.length >= COPY_CHUNK_CHARS) {
          yield chunk;
          chunk = '';
        }
      }
      if (chunk) yield chunk;
    }
    const columnList = ['line_no', ...headers.map((_, i) => fileColumn(i))].join(', ');
    await pipeline(
      Readable.from(copyText()),
      client.query(copyFrom(`COPY ${table} (${columnList}) FROM STDIN`)),
    );
    await client.query(`ANALYZE ${table}`);
    const sizeBytes = limiter.bytes();
    await client.query(
      `INSERT INTO orchestrated_files
         (sandbox_id, id, name, size_bytes, line_count, table_name, headers, created_by, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [
        upload.sandboxId,
        id,
        name,
        sizeBytes,
        lineCount,
        tableName,
        headers,
        upload.actor.label,
        deps.clock.now(),
      ],
    );
    await client.query('COMMIT');
    return { id, name, sizeBytes, lineCount, headers };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {
      broken = true;
    });
    upload.stream.unpipe(limiter);
    upload.stream.resume();
    throw error;
  } finally {
    client.release(broken);
  }
}

/** The next record; a broken CSV becomes a 400 naming the line. */
async function readRecord(records: AsyncIterator<CsvRecord>): Promise<CsvRecord | null> {
  try {
    const next = await records.next();
    return next.done ? null : next.value;
  } catch (error) {
    if (error instanceof AppError) throw error;
    const message = error instanceof Error ? error.message : String(error);
    throw invalidFile(`The file is not valid CSV: ${message}`);
  }
}

interface FileRow {
  id: string;
  name: string;
  size_bytes: string;
  line_count: number;
  headers: string[];
  table_name: string;
  created_by: string;
  created_at: Date;
}

function toStoredFile(row: FileRow): StoredFile {
  return {
    id: row.id,
    name: row.name,
    sizeBytes: Number(row.size_bytes),
    lineCount: row.line_count,
    headers: row.headers,
    tableName: row.table_name,
    createdBy: row.created_by,
    createdAt: row.created_at,
  };
}

/** A stored file of the sandbox; `db` may be the pool or a task's transaction. */
export async function getFile(
  db: pg.Pool | pg.ClientBase,
  request: { sandboxId: string; fileId: string },
): Promise<StoredFile> {
  const result = await db.query<FileRow>(
    `SELECT id, name, size_bytes, line_count, headers, table_name, created_by, created_at
       FROM orchestrated_files WHERE sandbox_id = $1 AND id = $2`,
    [request.sandboxId, request.fileId],
  );
  const row = result.rows[0];
  if (!row) throw new AppError('ORCHESTRATED_FILE_NOT_FOUND');
  return toStoredFile(row);
}

/** Deletes a file and its table. */
export async function deleteFile(
  deps: Pick<FileDeps, 'pool'>,
  request: { sandboxId: string; fileId: string },
): Promise<void> {
  const client = await deps.pool.connect();
  try {
    await client.query('BEGIN');
    const deleted = await client.query<{ table_name: string }>(
      `DELETE FROM orchestrated_files WHERE sandbox_id = $1 AND id = $2 RETURNING table_name`,
      [request.sandboxId, request.fileId],
    );
    const row = deleted.rows[0];
    if (!row) throw new AppError('ORCHESTRATED_FILE_NOT_FOUND');
    await client.query(`DROP TABLE IF EXISTS ${worktableRef(row.table_name)}`);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
}
