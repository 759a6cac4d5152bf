// Every task the workers run, and the cron lines that schedule recurring ones.
import type { TaskList } from 'graphile-worker';
import { cleanupExpiredSnapshots } from '../audiences/snapshots.ts';
import { audiencesDb } from '../audiences/store.ts';
import { processDueRuns } from '../campaigns/runs.ts';
import type { Database } from '../db/connection.ts';
import type { JobQueue } from './queue.ts';
import { platformDb, type Clock } from '../platform/context.ts';
import { cleanupExpiredSessions } from '../platform/sessions.ts';
import { runFeedbackWebhooks } from '../webhooks/run.ts';

export const TASK_NAMES = [
  'cleanupExpiredSessions',
  'cleanupExpiredSnapshots',
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
  processCampaignRuns:
    'Plans the campaign runs that are due and completes finished ones (every minute, and at each run’s time).',
  sendFeedbackWebhooks:
    'Collects the delivery events of API-triggered sends and POSTs the due ones to each sandbox’s feedback webhook (every minute).',
};

/** graphile-worker crontab: minute hour day month weekday task. */
export const CRONTAB = [
  '*/15 * * * * cleanupExpiredSessions',
  '7 * * * * cleanupExpiredSnapshots',
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
  return tasks;
}
