// Load file: the rows of an uploaded CSV, typed as configured. Each configured column reads the
// file column with the same header (exact, else ignoring case). One statement finds each line's
// first problem (a required value missing, a value not of its type, checked with
// pg_input_is_valid); good lines go out typed, keyed by line number; bad lines go to the rejects
// output with the column, the reason and the raw values, or fail the activity.
import { assertNever } from '../../platform/assert.ts';
import { AppError } from '../../platform/errors.ts';
import type { ActivityContext, ActivityOutcome } from '../engine/types.ts';
import { fileColumn, getFile, type StoredFile } from '../files/store.ts';
import type { FileColumn } from '../model.ts';
import { activityFailed, col, createScratch, dropScratch, worktableRef } from './population.ts';

type ColumnType = FileColumn['type'];

/** The input type `pg_input_is_valid` checks, and the reason a value that fails it is given. */
function typeCheck(type: Exclude<ColumnType, 'string'>): { pgType: string; reason: string } {
  switch (type) {
    case 'integer':
      return { pgType: 'bigint', reason: 'not an integer' };
    case 'decimal':
      return { pgType: 'numeric', reason: 'not a decimal number' };
    case 'boolean':
      return { pgType: 'boolean', reason: 'not a boolean' };
    case 'date':
      return { pgType: 'date', reason: 'not a date' };
    case 'timestamp':
      return { pgType: 'timestamptz', reason: 'not a timestamp' };
    default:
      return assertNever(type);
  }
}

/** A timestamp that names its offset; one without is read as UTC. */
const ZONED = `'\\d:\\d\\d(:\\d\\d(\\.\\d+)?)?\\s*([Zz]|UTC|[+-]\\d\\d(:?\\d\\d)?)$'`;

/** The value of a raw cell: empty is NULL, and only strings keep surrounding spaces. */
function valueOf(raw: string, type: ColumnType): string {
  return type === 'string' ? `nullif(${raw}, '')` : `nullif(btrim(${raw}), '')`;
}

function isValid(value: string, type: Exclude<ColumnType, 'string'>): string {
  if (type === 'timestamp')
    return `(CASE WHEN ${value} ~ ${ZONED} THEN pg_input_is_valid(${value}, 'timestamptz') ELSE pg_input_is_valid(${value}, 'timestamp') END)`;
  return `pg_input_is_valid(${value}, '${typeCheck(type).pgType}')`;
}

function typed(value: string, type: ColumnType): string {
  switch (type) {
    case 'string':
      return value;
    case 'integer':
      return `${value}::bigint`;
    case 'decimal':
      return `${value}::numeric`;
    case 'boolean':
      return `${value}::boolean`;
    case 'date':
      return `${value}::date`;
    case 'timestamp':
      return `(CASE WHEN ${value} ~ ${ZONED} THEN ${value}::timestamptz ELSE ${value}::timestamp AT TIME ZONE 'UTC' END)`;
    default:
      return assertNever(type);
  }
}

async function loadStoredFile(context: ActivityContext<'loadFile'>): Promise<StoredFile> {
  const { fileId } = context.activity.config;
  if (!fileId) activityFailed('No file has been uploaded for this activity.');
  try {
    return await getFile(context.client, { sandboxId: context.sandboxId, fileId });
  } catch (error) {
    if (error instanceof AppError && error.code === 'ORCHESTRATED_FILE_NOT_FOUND')
      activityFailed(`The file ${fileId} no longer exists: upload it again.`);
    throw error;
  }
}

/** The file column (by header) of each configured column. */
function headerColumns(file: StoredFile, columns: FileColumn[], rejects: string): string[] {
  const reserved = rejects === 'skip' ? ['line_no', 'column', 'reason'] : ['line_no'];
  const seen = new Set<string>();
  return columns.map((column) => {
    if (reserved.includes(column.name))
      activityFailed(`A loaded column cannot be named ${column.name}: rename it.`);
    if (seen.has(column.name)) activityFailed(`The column ${column.name} is configured twice.`);
    seen.add(column.name);
    let index = file.headers.indexOf(column.name);
    if (index < 0)
      index = file.headers.findIndex((h) => h.toLowerCase() === column.name.toLowerCase());
    if (index < 0)
      activityFailed(
        `The file ${file.name} has no column ${column.name} (its headers: ${file.headers.join(', ')}).`,
      );
    return `f.${col(fileColumn(index))}`;
  });
}

export async function runLoadFile(context: ActivityContext<'loadFile'>): Promise<ActivityOutcome> {
  const { columns, rejects } = context.activity.config;
  const file = await loadStoredFile(context);
  const sources = headerColumns(file, columns, rejects);

  // Each line's first problem, as a number: 2i+1 a missing value of column i, 2i+2 a bad one.
  const problems: string[] = [];
  const reasons: string[] = [];
  columns.forEach((column, i) => {
    const value = valueOf(sources[i]!, column.type);
    problems.push(column.required ? `${value} IS NULL` : 'false');
    reasons.push('missing');
    problems.push(column.type === 'string' ? 'false' : `NOT ${isValid(value, column.type)}`);
    reasons.push(column.type === 'string' ? '' : typeCheck(column.type).reason);
  });
  const problem = `CASE ${problems.map((p, i) => `WHEN ${p} THEN ${i + 1}`).join(' ')} END`;
  const raws = sources.map((source, i) => `${source} AS r${i}`).join(', ');
  const checked = `SELECT f.line_no, ${raws}, ${problem} AS __problem FROM ${worktableRef(file.tableName)} f`;
  context.log(`Typing ${file.lineCount} lines of ${file.name}`, checked);
  const scratch = await createScratch(context.client, 'load_file_checked', checked, []);

  const names = columns.map((c) => c.name);
  const columnOfProblem = names.flatMap((n) => [n, n]);
  if (rejects === 'fail') {
    const first = await context.client.query<{ line_no: number; __problem: number }>(
      `SELECT line_no, __problem FROM ${scratch} WHERE __problem IS NOT NULL ORDER BY line_no LIMIT 1`,
    );
    const bad = first.rows[0];
    if (bad)
      activityFailed(
        `Line ${bad.line_no} of ${file.name}: ${columnOfProblem[bad.__problem - 1]} is ${reasons[bad.__problem - 1]}.`,
      );
  }
  const dimension = { kind: 'file' as const, description: file.name.slice(0, 100) };
  const typedColumns = columns.map(
    (c, i) => `${typed(valueOf(`s.r${i}`, c.type), c.type)} AS ${col(c.name)}`,
  );
  const out = await context.createWorktable('out', {
    dimension,
    keys: ['line_no'],
    select: `SELECT s.line_no, ${typedColumns.join(', ')} FROM ${scratch} s WHERE s.__problem IS NULL`,
  });
  context.log(`${out.count} lines loaded`);
  if (rejects === 'fail') {
    await dropScratch(context.client, scratch);
    return { kind: 'done', outputs: { out } };
  }
  const rawColumns = columns.map((c, i) => `s.r${i} AS ${col(c.name)}`);
  const rejected = await context.createWorktable('rejects', {
    dimension,
    keys: ['line_no'],
    select:
      `SELECT s.line_no, ($1::text[])[s.__problem] AS "column", ($2::text[])[s.__problem] AS "reason", ` +
      `${rawColumns.join(', ')} FROM ${scratch} s WHERE s.__problem IS NOT NULL`,
    params: [columnOfProblem, reasons],
  });
  context.log(`${rejected.count} lines rejected`);
  await dropScratch(context.client, scratch);
  return { kind: 'done', outputs: { out, rejects: rejected } };
}
