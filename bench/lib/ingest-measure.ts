// Runs one side of the ingest benchmark in a child process of its own (bench/lib/ingest-child.ts),
// so that its peak RSS is its own, while sampling PostgreSQL's CPU time and the WAL it writes.
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type pg from 'pg';
import type { ChildMessage, ContenderReport, ContenderSpec } from './ingest-contenders.ts';
import type { BenchPostgres } from './postgres.ts';
import { MB, postgresProcessGroup, sampleTreeCpu } from './proc.ts';

export interface Measurement {
  report: ContenderReport;
  /** PostgreSQL CPU seconds during the run, per process type. */
  postgresCpu: Map<string, number>;
  walMb: number;
  /** Child's Node CPU profile (--profile only). */
  cpuProfile?: string;
}

/** Runs one contender in a child process while sampling PostgreSQL's CPU and WAL. */
export async function measure(
  postgres: BenchPostgres,
  admin: pg.Client,
  spec: ContenderSpec,
  cpuProfileDir: string | undefined,
): Promise<Measurement> {
  await admin.query('CHECKPOINT'); // start each side without the other's dirty buffers
  const walBefore = (await admin.query<{ lsn: string }>('SELECT pg_current_wal_lsn()::text AS lsn'))
    .rows[0]?.lsn;
  const postmaster = postgres.postmasterPid();
  const cpu = postmaster ? sampleTreeCpu(postmaster, postgresProcessGroup) : undefined;
  const child = fork(
    fileURLToPath(new URL('./ingest-child.ts', import.meta.url)),
    [JSON.stringify(spec)],
    {
      execArgv: [
        '--import',
        'tsx',
        ...(cpuProfileDir ? ['--cpu-prof', '--cpu-prof-dir', cpuProfileDir] : []),
      ],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    },
  );
  let message: ChildMessage | undefined;
  child.on('message', (received) => (message = received as ChildMessage));
  const [code] = (await once(child, 'exit')) as [number | null];
  const postgresCpu = cpu?.stop() ?? new Map<string, number>();
  const walMb = Number(
    (
      await admin.query<{ bytes: string }>(
        'SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), $1)::text AS bytes',
        [walBefore],
      )
    ).rows[0]?.bytes,
  );
  if (!message)
    throw new Error(`${spec.kind} child exited (${code ?? 'by signal'}) without a report`);
  if (!message.ok) throw new Error(`${spec.kind} failed: ${message.error}`);
  const profileFile = cpuProfileDir
    ? readdirSync(cpuProfileDir).find((name) => name.endsWith('.cpuprofile'))
    : undefined;
  return {
    report: message.report,
    postgresCpu,
    walMb: walMb / MB,
    ...(profileFile && cpuProfileDir ? { cpuProfile: join(cpuProfileDir, profileFile) } : {}),
  };
}
