// When a campaign's runs happen. Recurring slots come from cron patterns (croner, in the
// campaign's time zone, daylight-saving aware); a run for local-time sending is planned when the
// first time zone on Earth reaches the slot's wall-clock time.
import { Cron } from 'croner';
import { wallClock, zonedTime } from '../platform/zoned.ts';
import type { TimingPlan } from '../delivery/model.ts';
import type { CampaignSchedule, Recurrence, Waves } from './model.ts';

/** The zone whose clocks are furthest ahead (UTC+14). */
export const EARLIEST_ZONE = 'Pacific/Kiritimati';
const DEFAULT_TIME = '09:00';
const MINUTE = 60_000;

/** Months with fewer days than `day` (February counted as 28). */
function monthsShorterThan(day: number): number[] {
  const lengths = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  return lengths.flatMap((length, i) => (length < day ? [i + 1] : []));
}

/** The time of day of recurring runs. */
export function runTime(schedule: CampaignSchedule): string {
  if (schedule.time) return schedule.time;
  if (schedule.startAt) return wallClock(new Date(schedule.startAt), schedule.timeZone).time;
  return DEFAULT_TIME;
}

/** The cron patterns of a recurrence; the next slot is the earliest any of them gives. */
function cronPatterns(recurrence: Exclude<Recurrence, { frequency: 'once' }>, time: string) {
  const [hour, minute] = time.split(':').map(Number);
  const at = `${minute} ${hour}`;
  switch (recurrence.frequency) {
    case 'daily':
      return [`${at} * * *`];
    case 'weekly':
      return [`${at} * * ${[...recurrence.days].sort().join(',')}`];
    case 'monthly': {
      // "The 31st" in a 30-day month means its last day.
      const short = monthsShorterThan(recurrence.day);
      return [
        `${at} ${recurrence.day} * *`,
        ...(short.length ? [`${at} L ${short.join(',')} *`] : []),
      ];
    }
  }
}

/** The first recurring slot at or after `from`. */
function recurringSlotFrom(schedule: CampaignSchedule, from: Date): Date | null {
  const recurrence = schedule.recurrence;
  if (recurrence.frequency === 'once') return null;
  const times = cronPatterns(recurrence, runTime(schedule)).flatMap((pattern) => {
    const next = new Cron(pattern, { timezone: schedule.timeZone }).nextRun(
      new Date(from.getTime() - 1),
    );
    return next ? [next.getTime()] : [];
  });
  if (times.length === 0) return null;
  const slot = new Date(Math.min(...times));
  return schedule.endAt && slot > new Date(schedule.endAt) ? null : slot;
}

/** When planning a slot's run must start: at the slot, or earlier for local-time sending. */
export function dueAt(schedule: CampaignSchedule, slotAt: Date): Date {
  if (!schedule.localTime) return slotAt;
  const clock = wallClock(slotAt, schedule.timeZone);
  return zonedTime(clock.date, clock.time, EARLIEST_ZONE);
}

/**
 * The first run's slot on activation at `now`. A one-shot campaign whose start time has passed
 * starts now (local-time zones already past roll over to the next day); a recurring one takes
 * the next slot whose planning time has not passed.
 */
export function firstSlot(schedule: CampaignSchedule, now: Date): Date | null {
  const start = schedule.start === 'at' && schedule.startAt ? new Date(schedule.startAt) : now;
  if (schedule.recurrence.frequency === 'once') return start < now ? now : start;
  let from = start < now ? now : start;
  for (let i = 0; i < 400; i++) {
    const slot = recurringSlotFrom(schedule, from);
    if (!slot || dueAt(schedule, slot) >= now) return slot;
    from = new Date(slot.getTime() + MINUTE);
  }
  return null;
}

/** The slot after `previous`, or none past the end date (and never for one-shot campaigns). */
export function slotAfter(schedule: CampaignSchedule, previous: Date): Date | null {
  return recurringSlotFrom(schedule, new Date(previous.getTime() + MINUTE));
}

/** The slots from `from` to `to` (at most `limit`), for the calendar. */
export function slotsBetween(
  schedule: CampaignSchedule,
  after: Date,
  to: Date,
  limit: number,
): Date[] {
  const slots: Date[] = [];
  let slot = slotAfter(schedule, after);
  while (slot && slot <= to && slots.length < limit) {
    slots.push(slot);
    slot = slotAfter(schedule, slot);
  }
  return slots;
}

/** Wave start times and shares. */
export function wavePlan(waves: Waves, slotAt: Date): NonNullable<TimingPlan['waves']> {
  const at = (k: number, interval: number) => new Date(slotAt.getTime() + k * interval * MINUTE);
  switch (waves.mode) {
    case 'equal':
      return Array.from({ length: waves.count }, (_, k) => ({
        at: at(k, waves.intervalMinutes),
        share: { percent: 100 / waves.count },
      }));
    case 'percent':
      return waves.percents.map((percent, k) => ({
        at: at(k, waves.intervalMinutes),
        share: { percent },
      }));
    case 'count':
      return waves.counts.map((count, k) => ({
        at: at(k, waves.intervalMinutes),
        share: { count },
      }));
    case 'explicit':
      return waves.times.map((time) => ({
        at: new Date(time),
        share: { percent: 100 / waves.times.length },
      }));
  }
}

/** How a run's recipients are timed. */
export function timingFor(
  schedule: CampaignSchedule,
  slotAt: Date,
  firstRun: boolean,
): TimingPlan | undefined {
  if (schedule.localTime) {
    const clock = wallClock(slotAt, schedule.timeZone);
    return {
      defaultZone: schedule.timeZone,
      localTime: clock,
      rollOverPastSlots: firstRun && schedule.recurrence.frequency === 'once',
    };
  }
  if (schedule.waves)
    return { defaultZone: schedule.timeZone, waves: wavePlan(schedule.waves, slotAt) };
  return undefined;
}
