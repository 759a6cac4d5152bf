// When an orchestrated campaign launches (SPEC O5): its Scheduler's frequency as cron patterns
// (croner, in the schedule's time zone, daylight-saving aware), within the validity period.
import { Cron } from 'croner';
import { assertNever } from '../platform/assert.ts';
import type { Schedule, WorkflowDefinition } from './model.ts';

/** The Scheduler of a workflow, if it has one. */
export function schedulerOf(definition: WorkflowDefinition): Schedule | undefined {
  for (const activity of definition.activities)
    if (activity.kind === 'scheduler') return activity.config;
  return undefined;
}

/** Runs started once (as soon as possible, at a date, on a signal) rather than recurring. */
export function isOneShot(schedule: Schedule | undefined): boolean {
  if (!schedule) return true;
  switch (schedule.frequency) {
    case 'asap':
    case 'once':
    case 'signal':
      return true;
    case 'daily':
    case 'severalTimesDaily':
    case 'weekly':
    case 'monthly':
      return false;
    default:
      return assertNever(schedule.frequency);
  }
}

/** Months with fewer days than `day` (February counted as 28). */
function monthsShorterThan(day: number): number[] {
  const lengths = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  return lengths.flatMap((length, i) => (length < day ? [i + 1] : []));
}

/** Cron patterns of a recurring schedule: one per time of day (and per month-length case). */
function cronPatterns(schedule: Schedule): string[] {
  const times = schedule.times ?? [];
  return times.flatMap((time) => {
    const [hour, minute] = time.split(':').map(Number);
    const at = `${minute} ${hour}`;
    switch (schedule.frequency) {
      case 'daily':
      case 'severalTimesDaily':
        return [`${at} * * *`];
      case 'weekly': {
        // 1 Monday … 7 Sunday; cron counts Sunday as 0.
        const days = [...new Set((schedule.weekdays ?? []).map((d) => d % 7))].sort();
        return days.length ? [`${at} * * ${days.join(',')}`] : [];
      }
      case 'monthly': {
        const day = schedule.dayOfMonth;
        if (day === undefined) return [];
        // "The 31st" in a shorter month means its last day.
        const short = monthsShorterThan(day);
        return [`${at} ${day} * *`, ...(short.length ? [`${at} L ${short.join(',')} *`] : [])];
      }
      case 'asap':
      case 'once':
      case 'signal':
        return [];
      default:
        return assertNever(schedule.frequency);
    }
  });
}

const inValidity = (schedule: Schedule, at: Date) =>
  (!schedule.validUntil || at <= new Date(schedule.validUntil)) &&
  (!schedule.validFrom || at >= new Date(schedule.validFrom));

/**
 * The first launch strictly after `after` (`null`: none left). As soon as possible means at
 * `after` itself (or the start of validity); a signal has no planned launch.
 */
export function launchAfter(schedule: Schedule, after: Date): Date | null {
  const from = schedule.validFrom ? new Date(schedule.validFrom) : undefined;
  const start = from && from > after ? new Date(from.getTime() - 1) : after;
  let next: Date | null;
  switch (schedule.frequency) {
    case 'signal':
      return null;
    case 'asap':
      next = new Date(start.getTime() + (start === after ? 0 : 1));
      break;
    case 'once':
      next = schedule.at && new Date(schedule.at) > after ? new Date(schedule.at) : null;
      break;
    case 'daily':
    case 'severalTimesDaily':
    case 'weekly':
    case 'monthly': {
      const times = cronPatterns(schedule).flatMap((pattern) => {
        const run = new Cron(pattern, { timezone: schedule.zone }).nextRun(start);
        return run ? [run.getTime()] : [];
      });
      next = times.length ? new Date(Math.min(...times)) : null;
      break;
    }
    default:
      return assertNever(schedule.frequency);
  }
  return next && inValidity(schedule, next) ? next : null;
}

/** The next `count` launches after `after` (the "next 10 launches" preview). */
export function nextLaunches(schedule: Schedule, after: Date, count = 10): Date[] {
  const launches: Date[] = [];
  let previous = after;
  while (launches.length < count) {
    const next = launchAfter(schedule, previous);
    if (!next) break;
    launches.push(next);
    if (isOneShot(schedule)) break;
    previous = next;
  }
  return launches;
}
