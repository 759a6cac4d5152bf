// The PostgreSQL-backed job queue (graphile-worker): producers add jobs from any process,
// `clarion start` and `clarion worker` run them. No in-process scheduler exists besides this.
import {
  Logger,
  makeWorkerUtils,
  run,
  type Runner,
  type TaskList,
  type WorkerUtils,
} from 'graphile-worker';
import type pg from 'pg';
import type { Logger as AppLogger } from 'pino';

export interface JobQueue {
  add(
    task: string,
    payload: Record<string, unknown>,
    options?: { runAt?: Date; jobKey?: string; maxAttempts?: number },
  ): Promise<{ id: string }>;
  close(): Promise<void>;
}

export function jobLogger(log: AppLogger): Logger {
  return new Logger((scope) => (level, message, meta) => {
    const fields = { ...scope, ...meta };
    // graphile-worker's LogLevel is a const enum of these strings.
    const name = String(level);
    if (name === 'error') log.error(fields, message);
    else if (name === 'warning') log.warn(fields, message);
    else if (name === 'debug') log.debug(fields, message);
    else log.info(fields, message);
  });
}

export async function openJobQueue(pool: pg.Pool, log: AppLogger): Promise<JobQueue> {
  let utils: WorkerUtils | undefined = await makeWorkerUtils({
    pgPool: pool,
    logger: jobLogger(log),
  });
  return {
    async add(task, payload, options = {}) {
      if (!utils) throw new Error('Job queue is closed');
      const job = await utils.addJob(task, payload, {
        ...(options.runAt ? { runAt: options.runAt } : {}),
        ...(options.jobKey ? { jobKey: options.jobKey } : {}),
        ...(options.maxAttempts ? { maxAttempts: options.maxAttempts } : {}),
      });
      return { id: job.id };
    },
    async close() {
      const current = utils;
      utils = undefined;
      await current?.release();
    },
  };
}

export async function startWorkers(options: {
  pool: pg.Pool;
  tasks: TaskList;
  crontab: string;
  concurrency: number;
  log: AppLogger;
}): Promise<Runner> {
  return run({
    pgPool: options.pool,
    taskList: options.tasks,
    crontab: options.crontab,
    concurrency: options.concurrency,
    logger: jobLogger(options.log),
    noHandleSignals: true,
    pollInterval: 1000,
  });
}
