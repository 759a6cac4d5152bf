// The two job queues behind one small interface, each configured the way the benchmark compares
// them. `plain` is the straightforward setup, `batched` each library's way of fetching many jobs
// per round trip.
import { Logger, makeWorkerUtils, run, type Runner } from 'graphile-worker';
import pg from 'pg';
import PgBoss from 'pg-boss';

export interface JobPayload {
  i: number;
}

export type WorkerMode = 'plain' | 'batched';

export interface QueueUnderTest {
  /** Adds one job (one round trip). */
  add(payload: JobPayload): Promise<void>;
  /** Adds many jobs with the library's batch API. */
  addMany(payloads: readonly JobPayload[]): Promise<void>;
  /** Starts processing; `onJob` runs when a job's (otherwise empty) handler starts. */
  work(mode: WorkerMode, onJob: (payload: JobPayload) => void): Promise<void>;
  /** Jobs not completed yet (waiting or running). */
  pending(): Promise<number>;
  close(): Promise<void>;
}

export interface Contender {
  name: string;
  /** How each worker mode is configured, for the report. */
  modes: Record<WorkerMode, string>;
  open(url: string): Promise<QueueUnderTest>;
}

export const CONCURRENCY = 4;
export const BATCH = 100;
export const POOL_SIZE = 10;
/** pg-boss 10 rejects polling intervals below 0.5 s; its default is 2 s. */
export const PG_BOSS_POLL_SECONDS = 0.5;
const TASK = 'bench_noop';

function isPayload(value: unknown): value is JobPayload {
  return typeof value === 'object' && value !== null && 'i' in value && typeof value.i === 'number';
}

function payloadOf(value: unknown): JobPayload {
  if (!isPayload(value)) throw new Error(`unexpected job payload ${JSON.stringify(value)}`);
  return value;
}

const silent = new Logger(() => () => {});

export const graphileWorker: Contender = {
  name: 'graphile-worker',
  modes: {
    plain: `run({ concurrency: ${CONCURRENCY}, pollInterval: 1000 }) — as in src/jobs/queue.ts`,
    batched: `same + preset.worker.localQueue.size = ${BATCH}`,
  },
  async open(url) {
    const pool = new pg.Pool({ connectionString: url, max: POOL_SIZE });
    // As in src/db/connection.ts: a lost idle connection must not crash the process.
    pool.on('error', () => undefined);
    pool.on('connect', (client) => client.on('error', () => undefined));
    const utils = await makeWorkerUtils({ pgPool: pool, logger: silent });
    await utils.migrate();
    let runner: Runner | undefined;
    return {
      async add(payload) {
        await utils.addJob(TASK, payload);
      },
      async addMany(payloads) {
        await utils.addJobs(payloads.map((payload) => ({ identifier: TASK, payload })));
      },
      async work(mode, onJob) {
        runner = await run({
          pgPool: pool,
          logger: silent,
          noHandleSignals: true,
          concurrency: CONCURRENCY,
          pollInterval: 1000,
          taskList: { [TASK]: async (payload) => onJob(payloadOf(payload)) },
          ...(mode === 'batched' ? { preset: { worker: { localQueue: { size: BATCH } } } } : {}),
        });
      },
      async pending() {
        const { rows } = await pool.query<{ n: string }>(
          'SELECT count(*)::text AS n FROM graphile_worker.jobs',
        );
        return Number(rows[0]?.n);
      },
      async close() {
        await runner?.stop();
        await utils.release();
        await pool.end();
      },
    };
  },
};

export const pgBoss: Contender = {
  name: 'pg-boss',
  modes: {
    plain: `${CONCURRENCY} × work({ batchSize: 1, pollingIntervalSeconds: ${PG_BOSS_POLL_SECONDS} })`,
    batched: `${CONCURRENCY} × work({ batchSize: ${BATCH}, pollingIntervalSeconds: ${PG_BOSS_POLL_SECONDS} })`,
  },
  async open(url) {
    // No maintenance or cron timers: they would only add unrelated load to the measurement.
    const boss = new PgBoss({
      connectionString: url,
      max: POOL_SIZE,
      supervise: false,
      schedule: false,
    });
    boss.on('error', (error) => console.error('pg-boss:', error.message));
    await boss.start();
    await boss.createQueue(TASK);
    return {
      async add(payload) {
        await boss.send(TASK, payload);
      },
      async addMany(payloads) {
        await boss.insert(payloads.map((data) => ({ name: TASK, data })));
      },
      async work(mode, onJob) {
        // pg-boss 10 has no teamSize: each work() call is one polling loop, so 4 calls = concurrency 4.
        const batchSize = mode === 'batched' ? BATCH : 1;
        for (let worker = 0; worker < CONCURRENCY; worker++) {
          await boss.work(
            TASK,
            { batchSize, pollingIntervalSeconds: PG_BOSS_POLL_SECONDS },
            async (jobs) => {
              for (const job of jobs) onJob(payloadOf(job.data));
            },
          );
        }
      },
      async pending() {
        return boss.getQueueSize(TASK, { before: 'completed' });
      },
      async close() {
        await boss.stop({ graceful: true, wait: true, timeout: 5000 });
      },
    };
  },
};
