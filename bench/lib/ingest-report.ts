// What the ingest benchmark prints for every run: both sides compared (throughput, memory, CPU,
// WAL), the import's rate by tenth of the file, the tables' sizes and the targets; and the plain
// text table its profiling report uses as well.
import { loadavg } from 'node:os';
import type { Measurement } from './ingest-measure.ts';
import { formatComparison, type ComparedRow } from './measure.ts';
import { MB } from './proc.ts';
import { fmt } from './send-cpu.ts';

// Targets from the product issue.
const TARGET_PROFILES_PER_SECOND = 50_000;
const TARGET_RATIO_TO_COPY = 0.5;
const TARGET_PEAK_RSS = 500 * MB;

/**
 * Rows per second in each tenth of the rows, the time at each tenth interpolated between the
 * batches' progress points; undefined when there are too few batches for it to mean anything.
 */
function rateByTenth(progress: readonly [number, number][]): number[] | undefined {
  const total = progress.at(-1)?.[0] ?? 0;
  if (progress.length < 20 || total === 0) return undefined;
  const points: [number, number][] = [[0, 0], ...progress];
  const timeAt = (rows: number): number => {
    const after = points.findIndex(([read]) => read >= rows);
    const [r1, t1] = points[after] ?? points[points.length - 1]!;
    const [r0, t0] = points[Math.max(0, after - 1)]!;
    return r1 === r0 ? t1 : t0 + ((rows - r0) / (r1 - r0)) * (t1 - t0);
  };
  return Array.from({ length: 10 }, (_, i) => {
    const from = timeAt((total * i) / 10);
    const to = timeAt((total * (i + 1)) / 10);
    return total / 10 / (to - from);
  });
}

function cpuLine(cpu: Map<string, number>): string {
  const total = [...cpu.values()].reduce((sum, s) => sum + s, 0);
  const parts = [...cpu]
    .filter(([, seconds]) => seconds >= 0.05)
    .sort((a, b) => b[1] - a[1])
    .map(([name, seconds]) => `${name} ${fmt(seconds, 1)}`);
  return `${fmt(total, 1)} s (${parts.join(', ') || 'none'})`;
}

export function table(headers: string[], rows: string[][], alignLeft = 1): string {
  const widths = headers.map((title, column) =>
    Math.max(title.length, ...rows.map((cells) => cells[column]?.length ?? 0)),
  );
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, column) =>
        column < alignLeft ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0),
      )
      .join('  ');
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** Both sides side by side, then the targets; `loadStart` is the 1-minute load at the start. */
export function printComparison(
  clarion: Measurement,
  raw: Measurement,
  sizes: readonly { name: string; mb: number }[],
  loadStart: string | undefined,
): void {
  const a = clarion.report;
  const b = raw.report;
  const rows: ComparedRow[] = [
    {
      label: 'throughput (profiles or rows)',
      unit: 'per s',
      a: a.rows / a.seconds,
      b: b.rows / b.seconds,
    },
    { label: 'wall time', unit: 's', a: a.seconds, b: b.seconds },
    { label: 'peak RSS of the process', unit: 'MB', a: a.peakRss / MB, b: b.peakRss / MB },
    {
      label: 'peak V8 heap used (100 ms samples)',
      unit: 'MB',
      a: a.peakHeapUsed / MB,
      b: b.peakHeapUsed / MB,
    },
    {
      label: 'Node CPU (user + system)',
      unit: 's',
      a: a.cpuUserSeconds + a.cpuSystemSeconds,
      b: b.cpuUserSeconds + b.cpuSystemSeconds,
    },
    {
      label: 'PostgreSQL CPU (all processes)',
      unit: 's',
      a: [...clarion.postgresCpu.values()].reduce((s, v) => s + v, 0),
      b: [...raw.postgresCpu.values()].reduce((s, v) => s + v, 0),
    },
    { label: 'WAL written', unit: 'MB', a: clarion.walMb, b: raw.walMb },
  ];
  console.log(
    `load:       1-minute load average ${loadStart} at start, ${loadavg()[0]?.toFixed(2)} at end`,
  );
  console.log(
    `clarion:    ${fmt(a.rowsRead)} rows read, ${fmt(a.rows)} profiles accepted, ${fmt(a.rowsRejected)} rejected`,
  );
  console.log(`raw COPY:   ${fmt(b.rows)} rows copied`);
  const tenths = rateByTenth(a.progress ?? []);
  if (tenths)
    console.log(
      `clarion by tenth of the file (rows read/s): ${tenths.map((r) => fmt(r)).join(', ')}`,
    );
  console.log(`PostgreSQL CPU, clarion:  ${cpuLine(clarion.postgresCpu)}`);
  console.log(`PostgreSQL CPU, raw COPY: ${cpuLine(raw.postgresCpu)}`);
  console.log(
    `tables after import: ${sizes.map((r) => `${r.name} ${fmt(Number(r.mb))} MB`).join(', ')}`,
  );
  console.log('');
  console.log(formatComparison('clarion', 'raw COPY', rows));
  console.log('');

  const throughput = a.rows / a.seconds;
  const ratio = throughput / (b.rows / b.seconds);
  const verdict = (met: boolean): string => (met ? 'met' : 'NOT met');
  console.log('Targets (product issue):');
  console.log(
    `  ≥ ${fmt(TARGET_PROFILES_PER_SECOND)} profiles/s:        ${fmt(throughput)} profiles/s — ${verdict(throughput >= TARGET_PROFILES_PER_SECOND)}`,
  );
  console.log(
    `  ≥ ${TARGET_RATIO_TO_COPY} × raw COPY speed:        ${ratio.toPrecision(2)} — ${verdict(ratio >= TARGET_RATIO_TO_COPY)}`,
  );
  console.log(
    `  peak RSS < ${fmt(TARGET_PEAK_RSS / MB)} MB:            ${fmt(a.peakRss / MB)} MB — ${verdict(a.peakRss < TARGET_PEAK_RSS)}`,
  );
}
