// The two sides of the ingest benchmark, each run in a child process of its own (bench/lib/ingest-child.ts)
// so that its peak RSS is its own:
//   clarion — runImport (src/profiles/imports/runner.ts) over createReadStream(file), the way
//             `clarion import profiles` runs it;
//   copy    — the file piped as is into `COPY <table> FROM STDIN (FORMAT csv, HEADER)`, one text
//             column per CSV column: what PostgreSQL can take in over one connection.
import { createReadStream } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { openDatabase } from '../../src/db/connection.ts';
import { systemClock } from '../../src/platform/context.ts';
import { runImport } from '../../src/profiles/imports/runner.ts';
import { timeStatements, type StatementTiming } from './statement-timing.ts';

export type ContenderSpec =
  | {
      kind: 'clarion';
      url: string;
      file: string;
      sandboxId: string;
      importId: string;
      /** Wrap pg's query() to time every statement (profiling runs only). */
      timeStatements: boolean;
    }
  | { kind: 'copy'; url: string; file: string; table: string };

export interface ContenderReport {
  /** Rows that landed: accepted profiles, or rows copied. */
  rows: number;
  rowsRead: number;
  rowsRejected: number;
  seconds: number;
  /** Peak resident memory of the child process: VmHWM, or the highest 100 ms sample off Linux. */
  peakRss: number;
  /** Highest V8 heapUsed seen in 100 ms samples. */
  peakHeapUsed: number;
  /** [rows read and merged, seconds since the start] after each committed batch (clarion). */
  progress?: [number, number][];
  cpuUserSeconds: number;
  cpuSystemSeconds: number;
  statements?: StatementTiming[];
}

export type ChildMessage = { ok: true; report: ContenderReport } | { ok: false; error: string };

type Measured = Omit<
  ContenderReport,
  'peakRss' | 'peakHeapUsed' | 'cpuUserSeconds' | 'cpuSystemSeconds'
>;

async function runClarion(spec: Extract<ContenderSpec, { kind: 'clarion' }>): Promise<Measured> {
  // The pool size of `clarion import` (openDatabase's default).
  const database = openDatabase(spec.url);
  const timing = spec.timeStatements ? timeStatements() : undefined;
  const progress: [number, number][] = [];
  try {
    const started = performance.now();
    const result = await runImport(
      { database, clock: systemClock },
      spec.sandboxId,
      spec.importId,
      createReadStream(spec.file),
      {
        // Called after each batch has committed, with the running totals.
        onProgress: ({ rowsRead }) =>
          progress.push([rowsRead, (performance.now() - started) / 1000]),
      },
    );
    const seconds = (performance.now() - started) / 1000;
    const statements = timing?.stop();
    if (result.status !== 'completed')
      throw new Error(`import ${result.status}: ${result.error ?? 'no error recorded'}`);
    return {
      rows: result.rowsAccepted,
      rowsRead: result.rowsRead,
      rowsRejected: result.rowsRejected,
      seconds,
      progress,
      ...(statements ? { statements } : {}),
    };
  } finally {
    timing?.stop();
    await database.close();
  }
}

async function runCopy(spec: Extract<ContenderSpec, { kind: 'copy' }>): Promise<Measured> {
  const client = new pg.Client({ connectionString: spec.url });
  await client.connect();
  try {
    const started = performance.now();
    const stream = client.query(
      copyFrom(
        `COPY ${client.escapeIdentifier(spec.table)} FROM STDIN WITH (FORMAT csv, HEADER true)`,
      ),
    );
    await pipeline(createReadStream(spec.file), stream);
    const seconds = (performance.now() - started) / 1000;
    return { rows: stream.rowCount, rowsRead: stream.rowCount, rowsRejected: 0, seconds };
  } finally {
    await client.end();
  }
}

export function runContender(spec: ContenderSpec): Promise<Measured> {
  return spec.kind === 'clarion' ? runClarion(spec) : runCopy(spec);
}
