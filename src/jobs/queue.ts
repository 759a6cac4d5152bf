// The PostgreSQL-backed job queue (graphile-worker): producers add jobs from any process,
// `clarion start` and `clarion worker` run them. No in-process scheduler exists besides this.
import { Logger, makeWorkerUtils, run, type Runner, type TaskList, type WorkerUtils } from 'graphile-worker';
import type pg from 'pg';
import type { Logger as AppLogger } from 'pino';

export interface JobQueue {
  add(task: string, payload: Record<string, unknown>, options?: { runAt?: Date; jobKey?: string; maxAttempts?: number }): Promise<{ id: string }>;
  close(): Promise<void>;
}

export function jobLogger(log: AppLogger): Logger {
  return new Logger((scope) => (level, message, meta) => {
    const fields = { ...scope, ...meta };
    switch (level) {
      case 'error':
        log.error(fields, message);
        return;
      case 'warning':
        log.warn(fields, message);
        return;
      case 'info':
        log.info(fields, message);
        return;
      case 'debug':
        log.debug(fields, message);
        return;
    }
  });
}

export async function openJobQueue(pool: pg.Pool, log: AppLogger): Promise<JobQueue> {
  let utils: WorkerUtils | undefined = await makeWorkerUtils({ pgPool: pool, logger: jobLogger(log) });
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
