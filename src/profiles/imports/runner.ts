// Runs an import over a stream: parse → convert → batches of one transaction each (merge,
// rejected lines, progress). Parsing the next batch overlaps the database work of the last one.
// Bad lines never stop good ones; a crash loses at most the batch in flight, and a re-run of the
// same file changes nothing more.
import type { Readable } from 'node:stream';
import type pg from 'pg';
import type { Database } from '../../db/connection.ts';
import type { Clock } from '../../platform/context.ts';
import { profilesDb } from '../db.ts';
import { getDataset, type StoredDataset } from '../datasets/store.ts';
import { knownNamespaces } from '../namespaces.ts';
import {
  datasetHeaderPlan,
  datasetRecord,
  keyOf,
  mergeDatasetBatch,
  prepareDatasetStaging,
  type DatasetRecord,
} from './dataset-batch.ts';
import type { Import } from './model.ts';
import { IdentityRaceError, mergeProfileBatch, prepareProfileStaging } from './profile-batch.ts';
import {
  csvConverter,
  defaultTarget,
  ndjsonConverter,
  type Converted,
  type FieldProblem,
  type ProfileRecord,
} from './profile-records.ts';
import { byteCounter, readCsv, readNdjson } from './readers.ts';
import { getImportRow, mappingOf, toImport, type StoredImport } from './store.ts';

export const DEFAULT_BATCH_SIZE = 5000;
/** Rejected lines kept for the report; all are counted. */
const MAX_STORED_REJECTIONS = 100_000;

export interface RunOptions {
  batchSize?: number;
  onProgress?: (progress: {
    bytesRead: number;
    rowsRead: number;
    rowsAccepted: number;
    rowsRejected: number;
  }) => void;
}

interface Counters {
  rowsRead: number;
  rowsAccepted: number;
  rowsRejected: number;
  storedRejections: number;
}

type Item = { line: number; converted: Converted } | { line: number; error: string };

async function withTransaction<T>(client: pg.PoolClient, work: () => Promise<T>): Promise<T> {
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

export async function runImport(
  deps: { database: Database; clock: Clock },
  sandboxId: string,
  importId: string,
  input: Readable,
  options: RunOptions = {},
): Promise<Import> {
  const db = profilesDb(deps.database.db);
  const row = await getImportRow(db, sandboxId, importId);
  const started = await db
    .updateTable('imports')
    .set({ status: 'running', started_at: deps.clock.now(), heartbeat_at: deps.clock.now() })
    .where('sandbox_id', '=', sandboxId)
    .where('id', '=', importId)
    .where('status', '=', 'waiting')
    .executeTakeFirst();
  if (Number(started.numUpdatedRows) !== 1)
    throw new Error(`import ${importId} is not waiting for its file`);
  const client = await deps.database.pool.connect();
  const counter = byteCounter();
  const counters: Counters = { rowsRead: 0, rowsAccepted: 0, rowsRejected: 0, storedRejections: 0 };
  try {
    const source = input.pipe(counter);
    input.on('error', (error) => counter.destroy(error));
    if (row.kind === 'profiles')
      await importProfiles(deps, client, row, source, counters, counter.bytes, options);
    else
      await importDatasetRows(
        deps,
        client,
        row,
        await getDataset(db, sandboxId, row.dataset_name ?? ''),
        source,
        counters,
        counter.bytes,
        options,
      );
    await db
      .updateTable('imports')
      .set({
        status: 'completed',
        finished_at: deps.clock.now(),
        bytes_read: counter.bytes(),
        heartbeat_at: deps.clock.now(),
      })
      .where('sandbox_id', '=', sandboxId)
      .where('id', '=', importId)
      .execute();
  } catch (error) {
    await db
      .updateTable('imports')
      .set({
        status: 'failed',
        error: (error as Error).message.slice(0, 1000),
        finished_at: deps.clock.now(),
      })
      .where('sandbox_id', '=', sandboxId)
      .where('id', '=', importId)
      .execute();
  } finally {
    client.release();
  }
  return toImport(await getImportRow(db, sandboxId, importId), deps.clock.now());
}

/** Records rejected lines and progress inside the batch's transaction. */
async function recordBatch(
  client: pg.PoolClient,
  row: StoredImport,
  counters: Counters,
  problems: FieldProblem[],
  bytesRead: number,
  now: Date,
): Promise<void> {
  const room = Math.max(0, MAX_STORED_REJECTIONS - counters.storedRejections);
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
    counters.storedRejections += stored.length;
  }
  await client.query(
    `UPDATE imports SET rows_read = $3, rows_accepted = $4, rows_rejected = $5, bytes_read = $6, heartbeat_at = $7 WHERE sandbox_id = $1 AND id = $2`,
    [
      row.sandbox_id,
      row.id,
      counters.rowsRead,
      counters.rowsAccepted,
      counters.rowsRejected,
      bytesRead,
      now,
    ],
  );
}

function rejectedLines(problems: FieldProblem[]): number {
  return new Set(problems.map((p) => p.line)).size;
}

async function importProfiles(
  deps: { database: Database; clock: Clock },
  client: pg.PoolClient,
  row: StoredImport,
  source: Readable,
  counters: Counters,
  bytes: () => number,
  options: RunOptions,
): Promise<void> {
  await prepareProfileStaging(client);
  const namespaces = await knownNamespaces(profilesDb(deps.database.db), row.sandbox_id);
  const mapping = mappingOf(row);
  const consentSource =
    (row.options as { consentSource?: string } | null)?.consentSource ?? 'import';
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  const seen = new Map<string, number>();
  let records: ProfileRecord[] = [];
  let problems: FieldProblem[] = [];
  let pending: Promise<ProfileRecord[]> = Promise.resolve([]);

  const flush = async (
    batch: ProfileRecord[],
    batchProblems: FieldProblem[],
    carried: ProfileRecord[],
  ): Promise<ProfileRecord[]> => {
    const all = [...carried, ...batch];
    const attempt = () =>
      withTransaction(client, async () => {
        const now = deps.clock.now();
        const result = await mergeProfileBatch(client, {
          sandboxId: row.sandbox_id,
          records: all,
          consentSource,
          now,
        });
        const rejected = [...batchProblems, ...result.rejected];
        counters.rowsAccepted += result.accepted;
        counters.rowsRejected += rejectedLines(rejected);
        await recordBatch(client, row, counters, rejected, bytes(), now);
        return result.deferred;
      });
    const { rowsAccepted, rowsRejected, storedRejections } = counters;
    try {
      return await attempt();
    } catch (error) {
      if (!(error instanceof IdentityRaceError)) throw error;
      Object.assign(counters, { rowsAccepted, rowsRejected, storedRejections });
      return attempt();
    }
  };

  const convert = row.format === 'csv' ? undefined : ndjsonConverter(namespaces);
  let csv: ((line: number, cells: string[]) => Converted) | undefined;
  const items: AsyncGenerator<Item> = (async function* () {
    if (row.format === 'csv') {
      for await (const item of readCsv(source)) {
        if ('error' in item) yield item;
        else if (!csv) {
          const headers = item.cells.map((h) => h.trim());
          csv = csvConverter(
            headers,
            headers.map((h) => mapping[h] ?? defaultTarget(h, namespaces)),
          );
        } else yield { line: item.line, converted: csv(item.line, item.cells) };
      }
    } else {
      for await (const item of readNdjson(source))
        yield 'error' in item
          ? item
          : { line: item.line, converted: convert!(item.line, item.value) };
    }
  })();

  for await (const item of items) {
    counters.rowsRead++;
    if ('error' in item) problems.push({ line: item.line, field: '', reason: item.error });
    else if ('problems' in item.converted) problems.push(...item.converted.problems);
    else {
      const record = item.converted.record;
      const duplicate = record.identities
        .map((i) => seen.get(`${i.namespace}\u0000${i.value}`))
        .find((line) => line !== undefined);
      if (duplicate !== undefined) {
        problems.push({
          line: record.line,
          field: '',
          reason: `repeats an identity of line ${duplicate} in this file`,
        });
      } else {
        for (const identity of record.identities)
          seen.set(`${identity.namespace}\u0000${identity.value}`, record.line);
        records.push(record);
      }
    }
    if (records.length + problems.length >= batchSize) {
      const carried = await pending;
      pending = flush(records, problems, carried);
      records = [];
      problems = [];
      options.onProgress?.({ bytesRead: bytes(), ...counters });
    }
  }
  let carried = await flush(records, problems, await pending);
  while (carried.length) carried = await flush([], [], carried);
  options.onProgress?.({ bytesRead: bytes(), ...counters });
}

async function importDatasetRows(
  deps: { database: Database; clock: Clock },
  client: pg.PoolClient,
  row: StoredImport,
  dataset: StoredDataset,
  source: Readable,
  counters: Counters,
  bytes: () => number,
  options: RunOptions,
): Promise<void> {
  await prepareDatasetStaging(client, dataset);
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  const seen = new Map<string, number>();
  let records: DatasetRecord[] = [];
  let problems: FieldProblem[] = [];
  let pending: Promise<void> = Promise.resolve();
  const flush = (batch: DatasetRecord[], batchProblems: FieldProblem[]) =>
    withTransaction(client, async () => {
      if (batch.length) counters.rowsAccepted += await mergeDatasetBatch(client, dataset, batch);
      counters.rowsRejected += rejectedLines(batchProblems);
      await recordBatch(client, row, counters, batchProblems, bytes(), deps.clock.now());
    });
  const accept = (result: ReturnType<typeof datasetRecord>) => {
    if ('problems' in result) {
      problems.push(...result.problems);
      return;
    }
    const key = keyOf(dataset, result.record);
    const first = seen.get(key);
    if (first !== undefined)
      problems.push({
        line: result.record.line,
        field: dataset.primaryKey.join(','),
        reason: `repeats the key of line ${first} in this file`,
      });
    else {
      seen.set(key, result.record.line);
      records.push(result.record);
    }
  };
  const maybeFlush = async () => {
    if (records.length + problems.length < batchSize) return;
    await pending;
    pending = flush(records, problems);
    records = [];
    problems = [];
    options.onProgress?.({ bytesRead: bytes(), ...counters });
  };

  if (row.format === 'csv') {
    let plan: ReturnType<typeof datasetHeaderPlan> | undefined;
    for await (const item of readCsv(source)) {
      if ('error' in item) {
        counters.rowsRead++;
        problems.push({ line: item.line, field: '', reason: item.error });
      } else if (!plan) {
        plan = datasetHeaderPlan(dataset, item.cells);
        if ('error' in plan) throw new Error(plan.error);
      } else {
        counters.rowsRead++;
        const columns = 'columns' in plan ? plan.columns : [];
        if (item.cells.length !== columns.length)
          problems.push({
            line: item.line,
            field: '',
            reason: `has ${item.cells.length} fields; the header has ${columns.length}`,
          });
        else
          accept(
            datasetRecord(
              dataset,
              item.line,
              (column) => item.cells[columns.indexOf(column)] ?? '',
            ),
          );
      }
      await maybeFlush();
    }
  } else {
    for await (const item of readNdjson(source)) {
      counters.rowsRead++;
      if ('error' in item) problems.push({ line: item.line, field: '', reason: item.error });
      else if (item.value === null || typeof item.value !== 'object' || Array.isArray(item.value))
        problems.push({ line: item.line, field: '', reason: 'is not a JSON object' });
      else {
        const object = item.value as Record<string, unknown>;
        const unknown = Object.keys(object).filter(
          (k) => !dataset.columns.some((c) => c.name === k),
        );
        if (unknown.length)
          problems.push({
            line: item.line,
            field: unknown[0] ?? '',
            reason: 'is not a column of this dataset',
          });
        else accept(datasetRecord(dataset, item.line, (column) => object[column.name]));
      }
      await maybeFlush();
    }
  }
  await pending;
  await flush(records, problems);
  options.onProgress?.({ bytesRead: bytes(), ...counters });
}
