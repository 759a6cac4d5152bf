// Bulk loading into staging tables with COPY … FROM STDIN (text format).
import type pg from 'pg';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { from as copyFrom } from 'pg-copy-streams';

const NEEDS_ESCAPE = /[\\\t\n\r]/;

function escapeCopy(value: string): string {
  // Most values need no escaping; one test is far cheaper than four replaces.
  if (!NEEDS_ESCAPE.test(value)) return value;
  return value
    .replace(/\\/g, '\\\\')
    .replace(/\t/g, '\\t')
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r');
}

export function copyRow(values: readonly (string | null)[]): string {
  return values.map((v) => (v === null ? '\\N' : escapeCopy(v))).join('\t') + '\n';
}

/** COPY rows (already encoded with copyRow) into a table with the named columns. */
export async function copyInto(
  client: pg.PoolClient | pg.Client,
  table: string,
  columns: string[],
  rows: string[],
): Promise<void> {
  if (rows.length === 0) return;
  const stream = client.query(copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN`));
  await pipeline(Readable.from([rows.join('')]), stream);
}
