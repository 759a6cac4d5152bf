// The trigger benchmark's steps: the two servers as processes of their own, one measurement per
// target (warm-up, fixed-count or fixed-rate load, CPU and statements) and the report. The
// delivery after the load with its checks is in trigger-delivery.ts.
import { spawn } from 'node:child_process';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type pg from 'pg';
import { runClarion } from '../../src/testing/processes.ts';
import type { BenchPostgres } from './postgres.ts';
import { cpuLine, fmt } from './send-cpu.ts';
import { BENCH_SECRET } from './smtp-setup.ts';
import { runOpenLoop } from './open-loop.ts';
import {
  readStatements,
  resetStatements,
  runLoad,
  sampleTriggerCpu,
  type LoadResult,
  type StatementCount,
} from './trigger-load.ts';

export interface TriggerOptions {
  profiles: number;
  connections: number;
  seconds: number;
  warmup: number;
  workers: number;
  lanes: number;
  /** The standard mode is also measured at this offered rate (0: not). */
  rate: number;
  /** How long the workers may take to send everything accepted. */
  deliverSeconds: number;
}

export const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

export interface Server {
  url: string;
  stop: () => Promise<unknown>;
}

/** `clarion start` on the database: API key rate 1,000,000/s, no delivery lanes. */
export async function startClarion(databaseUrl: string): Promise<Server> {
  const running = runClarion(['start'], {
    DATABASE_URL: databaseUrl,
    PORT: '0',
    CLARION_HOST: '127.0.0.1',
    CLARION_SECRET: BENCH_SECRET,
    CLARION_DATA_DIR: join(tmpdir(), 'clarion-bench-trigger'),
    CLARION_API_KEY_RATE: '1000000',
    CLARION_DELIVERY_LANES: '0',
    CLARION_DEMO: 'false',
  });
  const kill = () => running.child.kill('SIGKILL');
  process.once('exit', kill);
  const match = await running.waitFor(/Clarion is running: http:\/\/localhost:(\d+)/, 120_000);
  return {
    url: `http://127.0.0.1:${match[1] ?? ''}`,
    stop: async () => {
      process.removeListener('exit', kill);
      if (running.child.exitCode === null) await running.stop('SIGINT');
    },
  };
}

/** The bare Fastify server of bench/lib/trigger-baseline.ts. */
export async function startBaseline(databaseUrl: string): Promise<Server> {
  const script = fileURLToPath(new URL('./trigger-baseline.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', script, databaseUrl], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const kill = () => child.kill('SIGKILL');
  process.once('exit', kill);
  let text = '';
  child.stderr.on('data', (chunk: Buffer) => (text += chunk.toString()));
  const port = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      const found = /baseline listening (\d+)/.exec(text);
      if (found?.[1]) resolve(found[1]);
    });
    child.once('exit', () => reject(new Error(`the baseline server exited:\n${text}`)));
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  return {
    url: `http://127.0.0.1:${port}`,
    stop: async () => {
      process.removeListener('exit', kill);
      if (child.exitCode === null) child.kill('SIGINT');
      await exited;
    },
  };
}

export interface Target {
  name: string;
  url: string;
  path: string;
  headers: Record<string, string>;
  body: (n: number) => unknown;
  /** The campaign the calls trigger (none for the baseline). */
  campaignId?: string;
  /** Offered calls per second in the measured run (else as fast as answered). */
  rate?: number;
}

export interface Measurement {
  target: Target;
  warmup: LoadResult;
  run: LoadResult;
  cpu: Map<string, number>;
  statements: StatementCount[];
}

/** Warm-up, then the measured load of about `seconds` at the warm-up's rate. */
export async function measureTarget(
  target: Target,
  context: { postgres: BenchPostgres; pool: pg.Pool; options: TriggerOptions; first: number },
): Promise<Measurement> {
  const { options } = context;
  const common = { url: target.url, path: target.path, headers: target.headers, body: target.body };
  const warmup = await runLoad({
    ...common,
    connections: options.connections,
    amount: options.warmup,
    first: context.first,
  });
  if (warmup.accepted === 0)
    throw new Error(`${target.name}: nothing accepted in the warm-up: ${JSON.stringify(warmup)}`);
  const amount = target.rate
    ? target.rate * options.seconds
    : Math.max(options.warmup, Math.round(warmup.tps * options.seconds));
  await resetStatements(context.pool);
  const cpu = sampleTriggerCpu(context.postgres);
  const first = context.first + options.warmup;
  // At a fixed rate, an open-loop generator: see open-loop.ts for why not autocannon's.
  const run = target.rate
    ? await runOpenLoop({
        ...common,
        connections: options.connections,
        amount,
        rate: target.rate,
        first,
      })
    : await runLoad({ ...common, connections: options.connections, amount, first });
  const usage = cpu();
  const statements = await readStatements(context.pool);
  console.log(
    `${target.name}: ${fmt(run.accepted)} of ${fmt(run.requests)} accepted in ${fmt(run.seconds, 1)} s ` +
      `= ${fmt(run.tps)} TPS, p50 ${run.p50} ms, p99 ${run.p99} ms (warm-up ${fmt(warmup.tps)} TPS); load ${load()}`,
  );
  return { target, warmup, run, cpu: usage, statements };
}

const refusedText = (r: LoadResult) =>
  Object.entries(r.refused)
    .map(([code, n]) => `${code}: ${fmt(n)}`)
    .join(', ') || '0';

export function reportMeasurements(measurements: readonly Measurement[]): void {
  console.log(
    '\n| server | requests | accepted (202) | other answers | accepted TPS | p50 | p97.5 | p99 | max |',
  );
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const { target, run } of measurements)
    console.log(
      `| ${target.name} | ${fmt(run.requests)} | ${fmt(run.accepted)} | ${refusedText(run)} | ${fmt(run.tps)} | ` +
        `${run.p50} ms | ${run.p975} ms | ${run.p99} ms | ${run.max} ms |`,
    );
  const baselines = measurements.filter((m) => !m.target.campaignId);
  const baselineTps = baselines.reduce((sum, m) => sum + m.run.tps, 0) / (baselines.length || 1);
  console.log(`\nBaseline TPS, mean of ${baselines.length} measurements: ${fmt(baselineTps)}`);
  for (const m of measurements.filter((x) => x.target.campaignId)) {
    const highThroughput = m.target.path.endsWith('highthroughput');
    const target = m.target.rate
      ? `p99 < 100 ms at ${fmt(m.target.rate)} calls/s offered: ${m.run.p99 < 100 && m.run.tps >= m.target.rate * 0.98 ? 'met' : 'missed'} ` +
        `(${fmt(m.run.tps)} TPS answered, p99 ${m.run.p99} ms)`
      : highThroughput
        ? `≥ 5,000 TPS: ${m.run.tps >= 5000 ? 'met' : 'missed'} (${fmt(m.run.tps / 5000, 2)} × target)`
        : // Flat out, the p99 is the queue of all connections waiting at once; the latency
          // half of the target is read at the offered rate above.
          `≥ 500 TPS: ${m.run.tps >= 500 ? 'met' : 'missed'} ` +
          `(${fmt(m.run.tps / 500, 2)} × the rate; p99 flat out ${m.run.p99} ms)`;
    console.log(
      `${m.target.name}: ${fmt(m.run.tps / baselineTps, 3)} × baseline; target ${target}`,
    );
  }
  for (const m of measurements) {
    console.log(`\n${m.target.name} — CPU: ${cpuLine(m.cpu, m.run.seconds)}`);
    for (const [role, seconds] of m.cpu)
      if (seconds >= 0.05)
        console.log(`  ${role}: ${fmt((1000 * seconds) / m.run.requests, 3)} ms CPU per request`);
    const perRequest = m.statements.reduce((sum, s) => sum + s.calls, 0) / m.run.requests;
    console.log(`  PostgreSQL statements per request: ${fmt(perRequest, 2)}`);
    console.log(
      '  | statement | calls per request | ms per call | WAL bytes per call | full-page images per call | buffers dirtied per call |',
    );
    console.log('  | --- | ---: | ---: | ---: | ---: | ---: |');
    // Statements of a group commit run once per group: kept down to one per 100 requests.
    for (const s of m.statements.filter((x) => x.calls >= m.run.requests * 0.01).slice(0, 20))
      console.log(
        `  | \`${s.statement.replace(/\|/g, '\\|')}\` | ${fmt(s.calls / m.run.requests, 2)} | ${fmt(s.totalMs / s.calls, 3)} | ${fmt(s.walBytes / s.calls)} | ${fmt(s.walFullPages / s.calls, 1)} | ${fmt(s.dirtied / s.calls, 1)} |`,
      );
  }
}
