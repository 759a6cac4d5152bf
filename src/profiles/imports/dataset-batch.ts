// Dataset rows from files: cells coerced to the column types, staged with COPY, merged by key.
import type pg from 'pg';
import { escapeIdentifier } from 'pg';
import { POSTGRES_TYPES } from '../datasets/definition.ts';
import type { ColumnDefinition } from '../datasets/model.ts';
import { DATASET_SCHEMA, type StoredDataset } from '../datasets/store.ts';
import { coerceCell } from '../datasets/values.ts';
import { copyInto, copyRow } from './copy.ts';
import type { FieldProblem } from './profile-records.ts';

export interface DatasetRecord {
  line: number;
  values: (string | null)[];
}

/** Maps header names to columns; refuses unknown headers and missing required columns. */
export function datasetHeaderPlan(
  dataset: StoredDataset,
  headers: string[],
): { columns: (ColumnDefinition | undefined)[] } | { error: string } {
  const byName = new Map(dataset.columns.map((c) => [c.name, c]));
  const unknown = headers.filter((h) => h.trim() !== '' && !byName.has(h.trim()));
  if (unknown.length)
    return { error: `columns not in dataset ${dataset.name}: ${unknown.join(', ')}` };
  const present = new Set(headers.map((h) => h.trim()));
  const missing = dataset.columns
    .filter((c) => c.nullable === false && !present.has(c.name))
    .map((c) => c.name);
  if (missing.length)
    return { error: `required columns missing from the file: ${missing.join(', ')}` };
  return { columns: headers.map((h) => byName.get(h.trim())) };
}

/** One record in dataset column order, or the problems of its fields. */
export function datasetRecord(
  dataset: StoredDataset,
  line: number,
  get: (column: ColumnDefinition) => unknown,
): { record: DatasetRecord } | { problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const values = dataset.columns.map((column) => {
    const cell = coerceCell(column.type, get(column), column.nullable !== false);
    if ('error' in cell) {
      problems.push({ line, field: column.name, reason: cell.error });
      return null;
    }
    return cell.value;
  });
  return problems.length ? { problems } : { record: { line, values } };
}

export function keyOf(dataset: StoredDataset, record: DatasetRecord): string {
  return JSON.stringify(
    dataset.primaryKey.map(
      (name) => record.values[dataset.columns.findIndex((c) => c.name === name)] ?? null,
    ),
  );
}

export async function prepareDatasetStaging(
  client: pg.PoolClient,
  dataset: StoredDataset,
): Promise<void> {
  const columns = dataset.columns.map((c) => `${escapeIdentifier(c.name)} text`).join(', ');
  await client.query(
    `CREATE TEMP TABLE IF NOT EXISTS import_rows (line bigint, ${columns}) ON COMMIT DELETE ROWS`,
  );
}

export async function mergeDatasetBatch(
  client: pg.PoolClient,
  dataset: StoredDataset,
  records: DatasetRecord[],
): Promise<number> {
  const names = dataset.columns.map((c) => escapeIdentifier(c.name));
  await copyInto(
    client,
    'import_rows',
    ['line', ...names],
    records.map((r) => copyRow([String(r.line), ...r.values])),
  );
  const casts = dataset.columns.map(
    (c) => `${escapeIdentifier(c.name)}::${POSTGRES_TYPES[c.type]}`,
  );
  const nonKey = dataset.columns
    .filter((c) => !dataset.primaryKey.includes(c.name))
    .map((c) => escapeIdentifier(c.name));
  const onConflict = nonKey.length
    ? `DO UPDATE SET ${nonKey.map((n) => `${n} = EXCLUDED.${n}`).join(', ')}`
    : 'DO NOTHING';
  const table = `${escapeIdentifier(DATASET_SCHEMA)}.${escapeIdentifier(dataset.tableName)}`;
  await client.query(
    `INSERT INTO ${table} (${names.join(', ')}) SELECT ${casts.join(', ')} FROM import_rows
     ON CONFLICT (${dataset.primaryKey.map(escapeIdentifier).join(', ')}) ${onConflict}`,
  );
  return records.length;
}
