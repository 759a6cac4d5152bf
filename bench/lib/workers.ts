// `clarion worker` processes for benchmarks (the real command, as operators scale out), and the
// wait for an execution they send until it is completed.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type pg from 'pg';
import { CLARION_BIN } from '../../src/testing/processes.ts';
import { now, sleep } from './measure.ts';
import type { PostfixSink } from './postfix.ts';
import { BENCH_SECRET } from './smtp-setup.ts';

export interface Worker {
  child: ChildProcess;
  output(): string;
  exited: Promise<unknown>;
}

/** `clarion worker` on `url` with `lanes` delivery lanes; under `node --cpu-prof` with a directory. */
export function startWorker(url: string, lanes: number, cpuProfDir: string | undefined): Worker {
  const child = spawn(
    process.execPath,
    [...(cpuProfDir ? ['--cpu-prof', '--cpu-prof-dir', cpuProfDir] : []), CLARION_BIN, 'worker'],
    {
      env: {
        ...process.env,
        DATABASE_URL: url,
        CLARION_SECRET: BENCH_SECRET,
        CLARION_DATA_DIR: join(tmpdir(), 'clarion-bench-send'),
        CLARION_DELIVERY_LANES: String(lanes),
        LOG_LEVEL: 'info',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let text = '';
  child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (text += chunk.toString()));
  const kill = () => child.kill('SIGKILL');
  process.once('exit', kill);
  child.once('exit', () => process.removeListener('exit', kill));
  return { child, output: () => text, exited: once(child, 'exit') };
}

export async function waitForOutput(worker: Worker, pattern: RegExp, ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (!pattern.test(worker.output())) {
    if (worker.child.exitCode !== null || Date.now() > until)
      throw new Error(`worker did not report ${pattern}:\n${worker.output()}`);
    await sleep(50);
  }
}

/** Starts `count` workers and resolves once each reports that it runs. */
export async function startWorkers(
  url: string,
  count: number,
  lanes: number,
  cpuProfDir?: string,
): Promise<Worker[]> {
  const running = Array.from({ length: count }, () => startWorker(url, lanes, cpuProfDir));
  await Promise.all(running.map((w) => waitForOutput(w, /worker running/, 60_000)));
  return running;
}

/** SIGINT (a clean stop), then waits for every worker to exit. */
export async function stopWorkers(workers: readonly Worker[]): Promise<void> {
  for (const worker of workers) if (worker.child.exitCode === null) worker.child.kill('SIGINT');
  await Promise.all(workers.map((w) => w.exited));
}

/** Kills what is left (after a failure). */
export async function killWorkers(workers: readonly Worker[]): Promise<void> {
  for (const worker of workers) if (worker.child.exitCode === null) worker.child.kill('SIGKILL');
  await Promise.all(workers.map((w) => w.exited));
}

/**
 * Polls every 100 ms until the execution is `completed`; returns `now()` at that moment. Fails
 * when a worker exits, or when the sink's counter has not moved for `stallMs`.
 */
export async function waitForExecution(options: {
  pool: pg.Pool;
  executionId: string;
  sink: PostfixSink;
  workers: readonly Worker[];
  stallMs?: number;
  /** Called about every `progressMs` with the sink's count since `sinkBefore`. */
  onProgress?: (delivered: number) => void;
  progressMs?: number;
  sinkBefore?: number;
}): Promise<number> {
  const stallMs = options.stallMs ?? 60_000;
  const { sink, workers } = options;
  let lastCount = -1;
  let lastChange = now();
  let lastProgress = now();
  for (;;) {
    const status = (
      await options.pool.query<{ status: string }>('SELECT status FROM executions WHERE id = $1', [
        options.executionId,
      ])
    ).rows[0]?.status;
    if (status === 'completed') return now();
    const count = sink.delivered();
    if (count !== lastCount) {
      lastCount = count;
      lastChange = now();
    } else if (now() - lastChange > stallMs)
      throw new Error(
        `no progress for ${stallMs / 1000} s at ${count - (options.sinkBefore ?? 0)} messages:\n${workers.map((w) => w.output()).join('\n')}`,
      );
    if (workers.some((w) => w.child.exitCode !== null))
      throw new Error(`a worker exited:\n${workers.map((w) => w.output()).join('\n')}`);
    if (options.onProgress && now() - lastProgress > (options.progressMs ?? 30_000)) {
      lastProgress = now();
      options.onProgress(count - (options.sinkBefore ?? 0));
    }
    await sleep(100);
  }
}

/** Messages of an execution by status and reason. */
export async function messageOutcomes(
  pool: pg.Pool,
  executionId: string,
): Promise<{ status: string; reason: string | null; n: number }[]> {
  const rows = await pool.query<{ status: string; reason: string | null; n: number }>(
    `SELECT status, reason, count(*)::int AS n FROM messages WHERE execution_id = $1
      GROUP BY 1, 2 ORDER BY 3 DESC`,
    [executionId],
  );
  return rows.rows;
}
