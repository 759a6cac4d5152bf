// Job queue benchmark: graphile-worker 0.17 (what Clarion uses, src/jobs/queue.ts) against
// pg-boss 10, side by side on one throwaway embedded PostgreSQL in the same run.
//
// Measures, for each library, in a fresh database per measurement:
//   1. enqueue throughput: N jobs added one call each (8 callers in parallel), and N jobs added
//      with the batch API (graphile-worker addJobs, pg-boss insert) in batches of 1,000;
//   2. processing throughput: N pre-enqueued no-op jobs worked off with concurrency 4, plain and
//      batched (graphile-worker localQueue, pg-boss batchSize), until all are completed in the
//      database or a time cap is hit (then: completed jobs ÷ elapsed time);
//   3. latency: add → handler start for 200 jobs added one at a time, 100–300 ms apart at random,
//      to an otherwise idle worker (plain mode).
//
// Run: npx tsx bench/job-queue.ts   (or `npm run bench` for every benchmark)
// Env: JOB_QUEUE_N (default 10000) jobs per throughput measurement. A full run takes ~2.5 minutes.
// Timings depend on the machine; record them in docs/BENCHMARKS.md, never assert them in tests.
import { loadavg } from 'node:os';
import { startBenchPostgres, type BenchPostgres } from './lib/postgres.ts';
import {
  formatComparison,
  machineDescription,
  now,
  percentile,
  runConcurrently,
  sleep,
  within,
  type ComparedRow,
} from './lib/measure.ts';
import {
  BATCH,
  CONCURRENCY,
  graphileWorker,
  pgBoss,
  type Contender,
  type JobPayload,
  type QueueUnderTest,
  type WorkerMode,
} from './lib/queues.ts';

const N = Number(process.env.JOB_QUEUE_N ?? 10_000);
const ADD_CONCURRENCY = 8;
const ADD_BATCH = 1_000;
const PROCESSING_CAP_MS = 15_000;
const LATENCY_JOBS = 200;
const LATENCY_WARMUP = 5;
/**
 * Latency jobs are added on their own random schedule (not after the previous one ran), so the
 * add moment is random relative to pg-boss's polling rhythm; at most ~10 jobs/s, the worker idles.
 */
const LATENCY_MIN_GAP_MS = 100;
const LATENCY_MAX_GAP_MS = 300;

interface Result {
  value: number;
  /** Set when the time cap ended the measurement before all jobs were done. */
  capped?: boolean;
}

const payloads = (count: number): JobPayload[] => Array.from({ length: count }, (_, i) => ({ i }));

async function addInBatches(queue: QueueUnderTest, count: number): Promise<void> {
  const all = payloads(count);
  for (let start = 0; start < count; start += ADD_BATCH) {
    await queue.addMany(all.slice(start, start + ADD_BATCH));
  }
}

async function enqueueSingle(queue: QueueUnderTest): Promise<Result> {
  const started = now();
  await runConcurrently(N, ADD_CONCURRENCY, (i) => queue.add({ i }));
  return { value: N / ((now() - started) / 1000) };
}

async function enqueueBatch(queue: QueueUnderTest): Promise<Result> {
  const started = now();
  await addInBatches(queue, N);
  return { value: N / ((now() - started) / 1000) };
}

async function processing(queue: QueueUnderTest, mode: WorkerMode): Promise<Result> {
  await addInBatches(queue, N);
  let handled = 0;
  let allHandled = (): void => {};
  const handledAll = new Promise<void>((resolve) => (allHandled = resolve));
  const started = now();
  await queue.work(mode, () => {
    if (++handled === N) allHandled();
  });
  const deadline = started + PROCESSING_CAP_MS;
  const cap = new AbortController();
  await Promise.race([
    handledAll,
    sleep(PROCESSING_CAP_MS, undefined, { signal: cap.signal }).catch(() => undefined),
  ]);
  cap.abort();
  // Handlers have run; wait for the completions to reach the database.
  let pending = await queue.pending();
  while (pending > 0 && now() < deadline) {
    await sleep(10);
    pending = await queue.pending();
  }
  return { value: (N - pending) / ((now() - started) / 1000), capped: pending > 0 };
}

async function latency(queue: QueueUnderTest): Promise<number[]> {
  const handlerStarts = new Map<number, (at: number) => void>();
  await queue.work('plain', (payload) => handlerStarts.get(payload.i)?.(now()));
  await sleep(1_000); // let the worker settle into idle
  const measurements: Promise<number>[] = [];
  let nextAdd = now();
  for (let i = 0; i < LATENCY_WARMUP + LATENCY_JOBS; i++) {
    await sleep(nextAdd - now());
    const handlerStart = new Promise<number>((resolve) => handlerStarts.set(i, resolve));
    const added = now();
    await queue.add({ i });
    if (i >= LATENCY_WARMUP) {
      const measurement = within(handlerStart, 10_000, `latency job ${i}`).then((at) => at - added);
      measurement.catch(() => undefined); // reported by Promise.all below, not as unhandled
      measurements.push(measurement);
    }
    nextAdd =
      added + LATENCY_MIN_GAP_MS + Math.random() * (LATENCY_MAX_GAP_MS - LATENCY_MIN_GAP_MS);
  }
  return Promise.all(measurements);
}

/** Opens `contender` on a database of its own, runs `measure`, closes it again. */
async function inFreshDatabase<T>(
  postgres: BenchPostgres,
  contender: Contender,
  scenario: string,
  measure: (queue: QueueUnderTest) => Promise<T>,
): Promise<T> {
  const database = `${contender.name.replace(/\W/g, '_')}_${scenario}`;
  const queue = await contender.open(await postgres.createDatabase(database));
  try {
    const started = now();
    const result = await measure(queue);
    console.error(`  ${contender.name} ${scenario}: ${((now() - started) / 1000).toFixed(1)} s`);
    return result;
  } finally {
    await queue.close();
  }
}

async function main(): Promise<void> {
  const [a, b] = [graphileWorker, pgBoss];
  const loadStart = loadavg()[0]?.toFixed(2);
  const postgres = await startBenchPostgres();
  try {
    console.log('Job queue: graphile-worker vs pg-boss');
    console.log(`machine:    ${machineDescription()}`);
    console.log(`PostgreSQL: ${postgres.version}`);
    console.log(`jobs:       N = ${N.toLocaleString('en-US')} per throughput measurement`);
    for (const contender of [a, b]) {
      console.log(
        `${contender.name}: plain = ${contender.modes.plain}; batched = ${contender.modes.batched}`,
      );
    }
    console.log('');

    const rows: ComparedRow[] = [];
    const compare = async (
      label: string,
      unit: string,
      scenario: string,
      measure: (queue: QueueUnderTest) => Promise<Result>,
    ): Promise<void> => {
      const resultA = await inFreshDatabase(postgres, a, scenario, measure);
      const resultB = await inFreshDatabase(postgres, b, scenario, measure);
      rows.push({
        label,
        unit,
        a: resultA.value,
        b: resultB.value,
        ...(resultA.capped ? { noteA: '*' } : {}),
        ...(resultB.capped ? { noteB: '*' } : {}),
      });
    };

    await compare(
      `enqueue, single add ×${ADD_CONCURRENCY} parallel`,
      'jobs/s',
      'add',
      enqueueSingle,
    );
    await compare(`enqueue, batch API (${ADD_BATCH}/call)`, 'jobs/s', 'add_batch', enqueueBatch);
    await compare(`processing, concurrency ${CONCURRENCY}, plain`, 'jobs/s', 'work', (queue) =>
      processing(queue, 'plain'),
    );
    await compare(
      `processing, concurrency ${CONCURRENCY}, batched ${BATCH}`,
      'jobs/s',
      'work_batch',
      (queue) => processing(queue, 'batched'),
    );
    const latencyA = await inFreshDatabase(postgres, a, 'latency', latency);
    const latencyB = await inFreshDatabase(postgres, b, 'latency', latency);
    for (const p of [50, 99]) {
      rows.push({
        label: `latency add → handler start, p${p}`,
        unit: 'ms',
        a: percentile(latencyA, p),
        b: percentile(latencyB, p),
      });
    }

    console.log(
      `load:       1-minute load average ${loadStart} at start, ${loadavg()[0]?.toFixed(2)} at end`,
    );
    console.log('');
    console.log(formatComparison(a.name, b.name, rows));
    console.log('');
    console.log('Throughput: higher is better. Latency: lower is better.');
    if (rows.some((row) => row.noteA ?? row.noteB)) {
      console.log(
        `* ${PROCESSING_CAP_MS / 1000} s cap reached before all ${N} jobs were done: completed ÷ elapsed.`,
      );
    }
  } finally {
    await postgres.stop();
  }
}

await main();
