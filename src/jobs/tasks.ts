// Every task the workers run, and the cron lines that schedule recurring ones.
import type { JobHelpers, TaskList } from 'graphile-worker';
import { cleanupExpiredSnapshots } from '../audiences/snapshots.ts';
import { audiencesDb } from '../audiences/store.ts';
import { processDueRuns } from '../campaigns/runs.ts';
import {
  orchestratedTick,
  runTask,
  TASK_JOB,
  type EngineDeps,
} from '../orchestration/engine/index.ts';
import { orchestrationHooks } from '../orchestration/hooks.ts';
import type { Database } from '../db/connection.ts';
import type { JobQueue } from './queue.ts';
import { platformDb, type Clock } from '../platform/context.ts';
import { cleanupExpiredSessions } from '../platform/sessions.ts';
import { runFeedbackWebhooks } from '../webhooks/run.ts';

export const TASK_NAMES = [
  'cleanupExpiredSessions',
  'cleanupExpiredSnapshots',
  'orchestratedTick',
  'processCampaignRuns',
  'sendFeedbackWebhooks',
] as const;
export type TaskName = (typeof TASK_NAMES)[number];

export function isTaskName(value: string): value is TaskName {
  return (TASK_NAMES as readonly string[]).includes(value);
}

export const TASK_DESCRIPTIONS: Record<TaskName, string> = {
  cleanupExpiredSessions:
    'Deletes expired console sessions and day-old sign-in attempts (every 15 minutes).',
  cleanupExpiredSnapshots: 'Deletes audience snapshots past their retention (hourly).',
  orchestratedTick:
    'Takes over orchestrated campaign activities whose worker stopped, wakes due waits and launches due orchestrated campaigns (every minute, and when a worker starts).',
  processCampaignRuns:
    'Plans the campaign runs that are due and completes finished ones (every minute, and at each run’s time).',
  sendFeedbackWebhooks:
    'Collects the delivery events of API-triggered sends and POSTs the due ones to each sandbox’s feedback webhook (every minute).',
};

/** graphile-worker crontab: minute hour day month weekday task. */
export const CRONTAB = [
  '*/15 * * * * cleanupExpiredSessions',
  '7 * * * * cleanupExpiredSnapshots',
  '* * * * * orchestratedTick',
  '* * * * * processCampaignRuns',
  '* * * * * sendFeedbackWebhooks',
].join('\n');

export function buildTaskList(deps: {
  database: Database;
  clock: Clock;
  jobs?: JobQueue;
  /** CLARION_SECRET, to open the feedback webhooks' signing secrets. */
  secret?: string;
}): TaskList {
  const db = deps.database.db;
  const engine = (helpers: JobHelpers): EngineDeps => ({
    pool: deps.database.pool,
    jobs: deps.jobs,
    clock: deps.clock,
    hooks: orchestrationHooks,
    log: {
      info: (fields, message) => helpers.logger.info(message, { ...fields }),
      warn: (fields, message) => helpers.logger.warn(message, { ...fields }),
      error: (fields, message) => helpers.logger.error(message, { ...fields }),
    },
  });
  const tasks: Record<TaskName, TaskList[string]> = {
    cleanupExpiredSessions: async (_payload, helpers) => {
      const removed = await cleanupExpiredSessions(platformDb(db), deps.clock.now());
      helpers.logger.info(
        `removed ${removed.sessions} expired sessions, ${removed.loginAttempts} old sign-in attempts`,
      );
    },
    cleanupExpiredSnapshots: async (_payload, helpers) => {
      const removed = await cleanupExpiredSnapshots(audiencesDb(db), deps.clock.now());
      helpers.logger.info(`removed ${removed} expired audience snapshots`);
    },
    orchestratedTick: async (_payload, helpers) => {
      const done = await orchestratedTick(engine(helpers));
      if (done.takenOver || done.launched || done.dropped)
        helpers.logger.info(
          `orchestrated: ${done.takenOver} activities taken over, ${done.launched} campaigns launched, ${done.dropped} leftover worktables dropped`,
        );
    },
    processCampaignRuns: async (_payload, helpers) => {
      const planned = await processDueRuns(deps);
      if (planned) helpers.logger.info(`planned ${planned} campaign runs`);
    },
    sendFeedbackWebhooks: async (_payload, helpers) => {
      const done = await runFeedbackWebhooks({ ...deps, log: helpers.logger });
      if (done.events || done.delivered || done.retrying || done.failed)
        helpers.logger.info(
          `feedback webhooks: ${done.events} new events, ${done.delivered} delivered, ${done.retrying} to retry, ${done.failed} failed`,
        );
    },
  };
  return {
    ...tasks,
    // One activity of an orchestrated run (not a maintenance task: the engine adds these jobs).
    [TASK_JOB]: async (payload, helpers) => {
      const key = orchestratedTaskKey(payload);
      if (!key) throw new Error('orchestratedTask needs sandboxId, runId and activityId');
      await runTask(engine(helpers), key);
    },
  };
}

function orchestratedTaskKey(
  payload: unknown,
): { sandboxId: string; runId: string; activityId: string } | undefined {
  if (typeof payload !== 'object' || payload === null) return undefined;
  const { sandboxId, runId, activityId } = payload as Record<string, unknown>;
  return typeof sandboxId === 'string' &&
    typeof runId === 'string' &&
    typeof activityId === 'string'
    ? { sandboxId, runId, activityId }
    : undefined;
}
