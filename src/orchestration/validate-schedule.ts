// The Scheduler's configuration rules: what each frequency needs, a real time zone, a validity
// period that ends after it starts. Pure (the canvas shows these too).
import { assertNever } from '../platform/assert.ts';
import type { Schedule } from './model.ts';

export interface ScheduleProblem {
  /** Relative to the scheduler's config. */
  path: string;
  message: string;
}

export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export function checkSchedule(schedule: Schedule): ScheduleProblem[] {
  const problems: ScheduleProblem[] = [];
  const need = (path: string, message: string) => problems.push({ path, message });
  if (!isTimeZone(schedule.zone))
    need('/zone', `"${schedule.zone}" is not an IANA time zone (such as Europe/Paris).`);
  switch (schedule.frequency) {
    case 'asap':
    case 'signal':
      break;
    case 'once':
      if (!schedule.at) need('/at', 'A schedule that runs once needs the time to run at.');
      break;
    case 'daily':
      if (!schedule.times?.length)
        need('/times', 'A daily schedule needs the time of day to run at.');
      break;
    case 'severalTimesDaily':
      if ((schedule.times?.length ?? 0) < 2)
        need('/times', 'Several times a day needs at least two times of day.');
      break;
    case 'weekly':
      if (!schedule.times?.length)
        need('/times', 'A weekly schedule needs the time of day to run at.');
      if (!schedule.weekdays?.length)
        need(
          '/weekdays',
          'A weekly schedule needs at least one day of the week (1 Monday … 7 Sunday).',
        );
      break;
    case 'monthly':
      if (!schedule.times?.length)
        need('/times', 'A monthly schedule needs the time of day to run at.');
      if (schedule.dayOfMonth === undefined)
        need('/dayOfMonth', 'A monthly schedule needs the day of the month to run on.');
      break;
    default:
      assertNever(schedule.frequency);
  }
  if (
    schedule.validFrom &&
    schedule.validUntil &&
    Date.parse(schedule.validUntil) <= Date.parse(schedule.validFrom)
  )
    need('/validUntil', 'The validity period ends before it starts.');
  return problems;
}
