// Load for the trigger benchmark: autocannon (in the benchmark's own process) against a server,
// every request with a body of its own (a unique requestId); a fixed number of requests, so that
// every answer is awaited and the accepted count is exact. Also the readings taken around a
// measurement: CPU per process (from /proc) and PostgreSQL's statements (pg_stat_statements).
import autocannon from 'autocannon';
import type pg from 'pg';
import type { BenchPostgres } from './postgres.ts';
import { postgresProcessGroup, sampleTreeCpu } from './proc.ts';
import { statementKey } from './statement-timing.ts';

export interface LoadResult {
  requests: number;
  accepted: number;
  /** Other statuses by code, plus transport errors and timeouts. */
  refused: Record<string, number>;
  seconds: number;
  tps: number;
  p50: number;
  p975: number;
  p99: number;
  max: number;
}

export async function runLoad(options: {
  url: string;
  path: string;
  headers: Record<string, string>;
  body: (n: number) => unknown;
  connections: number;
  amount: number;
  /** Numbers the requests from here, so that runs against one campaign never repeat a requestId. */
  first: number;
}): Promise<LoadResult> {
  let n = options.first;
  const result = await autocannon({
    url: options.url,
    connections: options.connections,
    amount: options.amount,
    timeout: 30,
    requests: [
      {
        method: 'POST',
        path: options.path,
        headers: { 'content-type': 'application/json', ...options.headers },
        setupRequest: (request) => ({ ...request, body: JSON.stringify(options.body(n++)) }),
      },
    ],
  });
  const refused: Record<string, number> = {};
  for (const [code, stats] of Object.entries(result.statusCodeStats))
    if (code !== '202') refused[code] = stats.count;
  if (result.errors) refused.errors = result.errors;
  if (result.timeouts) refused.timeouts = result.timeouts;
  const accepted = result.statusCodeStats['202']?.count ?? 0;
  const requests = Object.values(result.statusCodeStats).reduce((sum, s) => sum + s.count, 0);
  return {
    requests,
    accepted,
    refused,
    seconds: result.duration,
    tps: accepted / result.duration,
    p50: result.latency.p50,
    p975: result.latency.p97_5,
    p99: result.latency.p99,
    max: result.latency.max,
  };
}

/** CPU seconds by process while a measurement runs: the servers, workers, the load generator, PostgreSQL. */
export function sampleTriggerCpu(postgres: BenchPostgres): () => Map<string, number> {
  const own = sampleTreeCpu(
    process.pid,
    (line, isRoot) => {
      if (isRoot) return 'bench process (autocannon)';
      if (line.includes('clarion.js start')) return 'clarion start';
      if (line.includes('clarion.js worker')) return 'clarion worker';
      if (line.includes('trigger-baseline')) return 'baseline server';
      if (line.includes('smtp-sink')) return 'smtp-sink';
      return 'other';
    },
    500,
  );
  const pid = postgres.postmasterPid();
  const pgCpu = pid ? sampleTreeCpu(pid, postgresProcessGroup, 500) : undefined;
  return () => {
    const totals = own.stop();
    totals.delete('other'); // the postmaster: counted below with its backends
    let postgresSeconds = 0;
    for (const seconds of pgCpu?.stop().values() ?? []) postgresSeconds += seconds;
    if (pgCpu) totals.set('PostgreSQL', postgresSeconds);
    return totals;
  };
}

export interface StatementCount {
  statement: string;
  calls: number;
  totalMs: number;
  /** Bytes of WAL written, and how many of its records were full-page images. */
  walBytes: number;
  walFullPages: number;
  /** Shared buffers this statement dirtied. */
  dirtied: number;
}

/** Forgets what pg_stat_statements counted so far (the extension must be loaded and created). */
export async function resetStatements(pool: pg.Pool): Promise<void> {
  await pool.query('SELECT pg_stat_statements_reset()');
}

/** Statements of this database since the last reset, most called first. */
export async function readStatements(pool: pg.Pool): Promise<StatementCount[]> {
  const rows = await pool.query<{
    query: string;
    calls: string;
    total: number;
    wal_bytes: string;
    wal_fpi: string;
    dirtied: string;
  }>(
    `SELECT s.query, s.calls::text AS calls, s.total_exec_time AS total, s.wal_bytes::text,
            s.wal_fpi::text, s.shared_blks_dirtied::text AS dirtied
       FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid
      WHERE d.datname = current_database() AND s.query NOT LIKE '%pg_stat_statements%'
      ORDER BY s.calls DESC, s.total_exec_time DESC`,
  );
  return rows.rows.map((r) => ({
    statement: statementKey(r.query, 110),
    calls: Number(r.calls),
    totalMs: r.total,
    walBytes: Number(r.wal_bytes),
    walFullPages: Number(r.wal_fpi),
    dirtied: Number(r.dirtied),
  }));
}
