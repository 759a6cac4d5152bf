// Dataset files: one column per dataset column, typed and checked, merged by primary key.
import type { Readable } from 'node:stream';
import type pg from 'pg';
import type { Clock } from '../../platform/context.ts';
import type { StoredDataset } from '../datasets/store.ts';
import {
  addToTotals,
  recordBatch,
  rejectedLines,
  withTransaction,
  type Progress,
  type Totals,
} from './batches.ts';
import {
  datasetHeaderPlan,
  datasetRecord,
  keyOf,
  mergeDatasetBatch,
  prepareDatasetStaging,
  type DatasetRecord,
} from './dataset-batch.ts';
import type { FieldProblem } from './profile-records.ts';
import { readCsv, readNdjson } from './readers.ts';
import { SeenKeys } from './seen-keys.ts';
import type { StoredImport } from './store.ts';

type Outcome = { record: DatasetRecord } | { problems: FieldProblem[] };

async function* datasetItems(
  row: StoredImport,
  dataset: StoredDataset,
  source: Readable,
): AsyncGenerator<Outcome> {
  if (row.format === 'csv') {
    let columns: ReturnType<typeof datasetHeaderPlan> | undefined;
    for await (const item of readCsv(source)) {
      if ('error' in item) yield { problems: [{ line: item.line, field: '', reason: item.error }] };
      else if (!columns) {
        columns = datasetHeaderPlan(dataset, item.cells);
        if ('error' in columns) throw new Error(columns.error);
      } else if ('columns' in columns) {
        const plan = columns.columns;
        if (item.cells.length !== plan.length)
          yield {
            problems: [
              {
                line: item.line,
                field: '',
                reason: `has ${item.cells.length} fields; the header has ${plan.length}`,
              },
            ],
          };
        else
          yield datasetRecord(
            dataset,
            item.line,
            (column) => item.cells[plan.indexOf(column)] ?? '',
          );
      }
    }
    return;
  }
  for await (const item of readNdjson(source)) {
    if ('error' in item) yield { problems: [{ line: item.line, field: '', reason: item.error }] };
    else if (item.value === null || typeof item.value !== 'object' || Array.isArray(item.value))
      yield { problems: [{ line: item.line, field: '', reason: 'is not a JSON object' }] };
    else {
      const object = item.value as Record<string, unknown>;
      const unknown = Object.keys(object).find((k) => !dataset.columns.some((c) => c.name === k));
      yield unknown !== undefined
        ? {
            problems: [
              { line: item.line, field: unknown, reason: 'is not a column of this dataset' },
            ],
          }
        : datasetRecord(dataset, item.line, (column) => object[column.name]);
    }
  }
}

export async function importDatasetRows(options: {
  client: pg.PoolClient;
  clock: Clock;
  row: StoredImport;
  dataset: StoredDataset;
  source: Readable;
  batchSize: number;
  totals: Totals;
  bytes: () => number;
  onProgress?: ((progress: Progress) => void) | undefined;
}): Promise<void> {
  const { client, row, dataset, totals } = options;
  await prepareDatasetStaging(client, dataset);
  const seen = new SeenKeys();
  let records: DatasetRecord[] = [];
  let problems: FieldProblem[] = [];
  let read = 0;
  let pending: Promise<void> = Promise.resolve();
  const flush = (batch: DatasetRecord[], batchProblems: FieldProblem[], batchRead: number) =>
    withTransaction(client, async () => {
      const accepted = batch.length ? await mergeDatasetBatch(client, dataset, batch) : 0;
      const delta = { read: batchRead, accepted, rejected: rejectedLines(batchProblems) };
      await recordBatch(
        client,
        row,
        totals,
        delta,
        batchProblems,
        options.bytes(),
        options.clock.now(),
      );
      addToTotals(totals, delta, batchProblems.length);
      options.onProgress?.({ bytesRead: options.bytes(), ...totals });
    });
  for await (const outcome of datasetItems(row, dataset, options.source)) {
    read++;
    if ('problems' in outcome) problems.push(...outcome.problems);
    else {
      const key = keyOf(dataset, outcome.record);
      const first = seen.get(key);
      if (first !== undefined)
        problems.push({
          line: outcome.record.line,
          field: dataset.primaryKey.join(','),
          reason: `repeats the key of line ${first} in this file`,
        });
      else {
        seen.set(key, outcome.record.line);
        records.push(outcome.record);
      }
    }
    if (read >= options.batchSize) {
      await pending;
      pending = flush(records, problems, read);
      pending.catch(() => undefined);
      records = [];
      problems = [];
      read = 0;
    }
  }
  await pending;
  await flush(records, problems, read);
}
