// Every task the workers run, and the cron lines that schedule recurring ones.
import type { TaskList } from 'graphile-worker';
import { cleanupExpiredSnapshots } from '../audiences/snapshots.ts';
import { audiencesDb } from '../audiences/store.ts';
import type { Db } from '../db/connection.ts';
import { platformDb, type Clock } from '../platform/context.ts';
import { cleanupExpiredSessions } from '../platform/sessions.ts';

export const TASK_NAMES = ['cleanupExpiredSessions', 'cleanupExpiredSnapshots'] as const;
export type TaskName = (typeof TASK_NAMES)[number];

export function isTaskName(value: string): value is TaskName {
  return (TASK_NAMES as readonly string[]).includes(value);
}

export const TASK_DESCRIPTIONS: Record<TaskName, string> = {
  cleanupExpiredSessions:
    'Deletes expired console sessions and day-old sign-in attempts (every 15 minutes).',
  cleanupExpiredSnapshots: 'Deletes audience snapshots past their retention (hourly).',
};

/** graphile-worker crontab: minute hour day month weekday task. */
export const CRONTAB = [
  '*/15 * * * * cleanupExpiredSessions',
  '7 * * * * cleanupExpiredSnapshots',
].join('\n');

export function buildTaskList(deps: { db: Db; clock: Clock }): TaskList {
  const tasks: Record<TaskName, TaskList[string]> = {
    cleanupExpiredSessions: async (_payload, helpers) => {
      const removed = await cleanupExpiredSessions(platformDb(deps.db), deps.clock.now());
      helpers.logger.info(
        `removed ${removed.sessions} expired sessions, ${removed.loginAttempts} old sign-in attempts`,
      );
    },
    cleanupExpiredSnapshots: async (_payload, helpers) => {
      const removed = await cleanupExpiredSnapshots(audiencesDb(deps.db), deps.clock.now());
      helpers.logger.info(`removed ${removed} expired audience snapshots`);
    },
  };
  return tasks;
}
