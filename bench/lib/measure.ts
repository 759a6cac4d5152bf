// Small timing and reporting helpers shared by benchmark scripts.
import { availableParallelism, cpus, totalmem } from 'node:os';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';

export { sleep };

export const now = (): number => performance.now();

/** Runs `task(i)` for i = 0..count-1 with at most `concurrency` calls in flight. */
export async function runConcurrently(
  count: number,
  concurrency: number,
  task: (index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < count) await task(next++);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, lane));
}

/** Nearest-rank percentile (p in 0..100) of a non-empty sample. */
export function percentile(samples: readonly number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  const value = sorted[rank - 1];
  if (value === undefined) throw new Error('percentile of an empty sample');
  return value;
}

/** Resolves with `promise`, or rejects once `ms` have passed. */
export async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  const controller = new AbortController();
  const timeout = sleep(ms, undefined, { signal: controller.signal }).then(() => {
    throw new Error(`${what}: no result within ${ms} ms`);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    controller.abort();
    timeout.catch(() => undefined);
  }
}

export function machineDescription(): string {
  const cpu = cpus()[0]?.model.trim() ?? 'unknown CPU';
  const memory = Math.round(totalmem() / 2 ** 30);
  return `${availableParallelism()} cores (${cpu}), ${memory} GiB RAM, ${process.platform}, Node ${process.version}`;
}

export interface ComparedRow {
  label: string;
  unit: string;
  a: number;
  b: number;
  /** Appended to a figure, e.g. when a time cap ended the measurement. */
  noteA?: string;
  noteB?: string;
}

function figure(value: number, unit: string): string {
  return unit === 'ms' || unit === 's'
    ? value.toFixed(1)
    : Math.round(value).toLocaleString('en-US');
}

/** A side-by-side table with the ratio a ÷ b. */
export function formatComparison(
  nameA: string,
  nameB: string,
  rows: readonly ComparedRow[],
): string {
  const header = ['scenario', 'unit', nameA, nameB, `ratio ${nameA} ÷ ${nameB}`];
  const body = rows.map((row) => [
    row.label,
    row.unit,
    figure(row.a, row.unit) + (row.noteA ?? ''),
    figure(row.b, row.unit) + (row.noteB ?? ''),
    row.b === 0 ? '–' : (row.a / row.b).toFixed(2),
  ]);
  const widths = header.map((title, column) =>
    Math.max(title.length, ...body.map((cells) => cells[column]?.length ?? 0)),
  );
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, column) =>
        column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0),
      )
      .join('  ');
  return [
    line(header),
    widths.map((width) => '-'.repeat(width)).join('  '),
    ...body.map(line),
  ].join('\n');
}
