// CPU time of everything a send benchmark runs, by role (bench process, smtp-sink, smtp-source,
// `clarion worker` processes, PostgreSQL), sampled from /proc; and the figures' formatting.
import type { BenchPostgres } from './postgres.ts';
import { postgresProcessGroup, sampleTreeCpu } from './proc.ts';

export const fmt = (n: number, digits = 0): string =>
  n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

/** Starts sampling; the returned function stops it and gives CPU seconds per role. */
export function sampleCpu(postgres: BenchPostgres | undefined): () => Map<string, number> {
  // Every 500 ms: reading /proc for every process costs CPU the measured processes lack.
  const own = sampleTreeCpu(
    process.pid,
    (line, isRoot) => {
      if (isRoot) return 'bench process';
      if (line.includes('smtp-sink')) return 'smtp-sink';
      if (line.includes('smtp-source')) return 'smtp-source';
      if (line.includes('clarion.js')) return 'clarion workers';
      return 'other';
    },
    500,
  );
  const pid = postgres?.postmasterPid();
  const pg = pid ? sampleTreeCpu(pid, postgresProcessGroup, 500) : undefined;
  return () => {
    const totals = own.stop();
    totals.delete('other'); // the postmaster is a child of the bench: counted below, in full
    let postgresSeconds = 0;
    for (const seconds of pg?.stop().values() ?? []) postgresSeconds += seconds;
    if (pg) totals.set('PostgreSQL', postgresSeconds);
    return totals;
  };
}

/** "12.3 CPU-s in 10.0 s (1.23 cores): PostgreSQL 8.0 s, …" */
export function cpuLine(cpu: Map<string, number>, seconds: number): string {
  const parts = [...cpu]
    .filter(([, s]) => s >= 0.05)
    .sort((a, b) => b[1] - a[1])
    .map(([name, s]) => `${name} ${fmt(s, 1)} s`);
  const total = [...cpu.values()].reduce((sum, s) => sum + s, 0);
  return `${fmt(total, 1)} CPU-s in ${fmt(seconds, 1)} s (${fmt(total / seconds, 2)} cores): ${parts.join(', ')}`;
}
