// Rows of a dataset: upsert and delete in set-based statements (one array parameter per
// column, unnest'ed), and browsing by primary key.
import { sql, type RawBuilder } from 'kysely';
import { AppError, type FieldError } from '../../platform/errors.ts';
import type { ProfilesDb, ProfilesTx } from '../db.ts';
import { POSTGRES_TYPES } from './definition.ts';
import type { ColumnDefinition } from './model.ts';
import { tableRef, type StoredDataset } from './store.ts';
import { coerceCell } from './values.ts';

/** Column-wise text arrays of valid rows, or every problem with its path. */
export function toColumnArrays(
  dataset: StoredDataset,
  rows: Record<string, unknown>[],
  columns: ColumnDefinition[] = dataset.columns,
): { arrays: (string | null)[][]; errors: FieldError[] } {
  const known = new Set(dataset.columns.map((c) => c.name));
  const arrays: (string | null)[][] = columns.map(() => []);
  const errors: FieldError[] = [];
  rows.forEach((row, index) => {
    for (const key of Object.keys(row))
      if (!known.has(key))
        errors.push({ path: `/rows/${index}/${key}`, message: 'is not a column of this dataset' });
    columns.forEach((column, c) => {
      const cell = coerceCell(column.type, row[column.name], column.nullable !== false);
      if ('error' in cell)
        errors.push({ path: `/rows/${index}/${column.name}`, message: cell.error });
      else arrays[c]?.push(cell.value);
    });
  });
  return { arrays, errors };
}

function unnest(columns: ColumnDefinition[], arrays: (string | null)[][]): RawBuilder<unknown> {
  const args = columns.map(
    (column, i) => sql`${arrays[i] ?? []}::${sql.raw(POSTGRES_TYPES[column.type])}[]`,
  );
  return sql`unnest(${sql.join(args)}) AS r(${sql.join(columns.map((c) => sql.id(c.name)))})`;
}

/** Inserts or replaces rows by primary key (absent columns become empty). All or nothing. */
export async function upsertRows(
  db: ProfilesDb | ProfilesTx,
  dataset: StoredDataset,
  rows: Record<string, unknown>[],
): Promise<number> {
  const { arrays, errors } = toColumnArrays(dataset, rows);
  if (errors.length)
    throw new AppError(
      'DATASET_ROWS_INVALID',
      `${errors[0]?.path} ${errors[0]?.message}`,
      errors.slice(0, 100),
    );
  const duplicates = duplicateKeys(dataset, arrays);
  if (duplicates.length)
    throw new AppError(
      'DATASET_ROWS_INVALID',
      `${duplicates[0]?.path} ${duplicates[0]?.message}`,
      duplicates.slice(0, 100),
    );
  const names = dataset.columns.map((c) => sql.id(c.name));
  const nonKey = dataset.columns.filter((c) => !dataset.primaryKey.includes(c.name));
  const update = nonKey.length
    ? sql`DO UPDATE SET ${sql.join(nonKey.map((c) => sql`${sql.id(c.name)} = EXCLUDED.${sql.id(c.name)}`))}`
    : sql`DO NOTHING`;
  const result = await sql`
    INSERT INTO ${tableRef(dataset)} (${sql.join(names)})
    SELECT ${sql.join(names)} FROM ${unnest(dataset.columns, arrays)}
    ON CONFLICT (${sql.join(dataset.primaryKey.map((c) => sql.id(c)))}) ${update}`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}

/** PostgreSQL refuses one statement touching a key twice; name the rows instead. */
function duplicateKeys(dataset: StoredDataset, arrays: (string | null)[][]): FieldError[] {
  const keyIndexes = dataset.primaryKey.map((name) =>
    dataset.columns.findIndex((c) => c.name === name),
  );
  const seen = new Map<string, number>();
  const errors: FieldError[] = [];
  const count = arrays[0]?.length ?? 0;
  for (let row = 0; row < count; row++) {
    const key = JSON.stringify(keyIndexes.map((i) => arrays[i]?.[row] ?? null));
    const first = seen.get(key);
    if (first !== undefined)
      errors.push({ path: `/rows/${row}`, message: `has the same primary key as row ${first}` });
    else seen.set(key, row);
  }
  return errors;
}

export async function deleteRows(
  db: ProfilesDb,
  dataset: StoredDataset,
  keys: Record<string, unknown>[],
): Promise<number> {
  const keyColumns = dataset.primaryKey
    .map((name) => dataset.columns.find((c) => c.name === name))
    .filter((c): c is ColumnDefinition => !!c);
  const { arrays, errors } = toColumnArrays(dataset, keys, keyColumns);
  if (errors.length)
    throw new AppError(
      'DATASET_ROWS_INVALID',
      `${errors[0]?.path} ${errors[0]?.message}`,
      errors.map((e) => ({ ...e, path: e.path.replace('/rows/', '/keys/') })),
    );
  const tuple = sql.join(keyColumns.map((c) => sql.id(c.name)));
  const result =
    await sql`DELETE FROM ${tableRef(dataset)} WHERE (${tuple}) IN (SELECT ${tuple} FROM ${unnest(keyColumns, arrays)})`.execute(
      db,
    );
  return Number(result.numAffectedRows ?? 0);
}

/** Rows in primary-key order; the cursor is the last key, encoded. */
export async function browseRows(
  db: ProfilesDb,
  dataset: StoredDataset,
  limit: number,
  cursor?: string,
) {
  const keyTuple = sql.join(dataset.primaryKey.map((c) => sql.id(c)));
  let after = sql``;
  if (cursor) {
    let last: unknown;
    try {
      last = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    } catch {
      last = undefined;
    }
    if (!Array.isArray(last) || last.length !== dataset.primaryKey.length) {
      throw new AppError('VALIDATION_FAILED', 'querystring:/cursor is not a cursor of this list', [
        { path: 'querystring:/cursor', message: 'is not a cursor of this list' },
      ]);
    }
    const casts = dataset.primaryKey.map((name, i) => {
      const type = dataset.columns.find((c) => c.name === name)?.type ?? 'string';
      return sql`${last[i] === null ? null : String(last[i])}::${sql.raw(POSTGRES_TYPES[type])}`;
    });
    after = sql`WHERE (${keyTuple}) > (${sql.join(casts)})`;
  }
  const result = await sql<
    Record<string, unknown>
  >`SELECT * FROM ${tableRef(dataset)} ${after} ORDER BY ${keyTuple} LIMIT ${limit + 1}`.execute(
    db,
  );
  const page = result.rows.slice(0, limit).map((row) => normalizeRow(dataset, row));
  const lastRow = page.at(-1);
  const nextCursor =
    result.rows.length > limit && lastRow
      ? Buffer.from(JSON.stringify(dataset.primaryKey.map((k) => lastRow[k] ?? null))).toString(
          'base64url',
        )
      : null;
  return { items: page, nextCursor };
}

/** JSON-friendly values: dates as ISO strings, bigints and numerics as numbers when exact. */
function normalizeRow(
  dataset: StoredDataset,
  row: Record<string, unknown>,
): Record<string, string | number | boolean | null> {
  const out: Record<string, string | number | boolean | null> = {};
  for (const column of dataset.columns) {
    const value = row[column.name];
    if (value === null || value === undefined) out[column.name] = null;
    else if (value instanceof Date)
      out[column.name] =
        column.type === 'date' ? value.toISOString().slice(0, 10) : value.toISOString();
    else if (typeof value === 'number' || typeof value === 'boolean') out[column.name] = value;
    else if (typeof value === 'string') out[column.name] = value;
    else out[column.name] = JSON.stringify(value);
  }
  return out;
}
