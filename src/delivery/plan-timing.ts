// When each recipient of an execution is sent: the slot of their time zone and wave, moved out of
// (or discarded by) quiet hours. Recipients share few zones and fewer waves, so slots are worked
// out here per (zone, wave), with real time-zone rules, and joined to the recipients in SQL.
import type { MessageCategory } from '../channels/model.ts';
import type { QuietHoursPlan, TimingPlan } from './model.ts';
import { addDays, isTimeZone, minutesOf, wallClock, zonedInstant } from './plan-zones.ts';

/** Slots by (zone, wave), as parallel arrays ready for `unnest`. */
export interface SlotTable {
  zones: string[];
  waves: number[];
  slots: Date[];
  /** Recipients of this zone and wave are excluded with `QuietHoursExclusion`. */
  discard: boolean[];
}

/** Quiet hours hold for marketing messages only. */
export function quietHoursOf(
  timing: TimingPlan | undefined,
  category: MessageCategory,
): QuietHoursPlan | undefined {
  return category === 'marketing' ? timing?.quietHours : undefined;
}

/** Whether the timing sends anyone at another time than the start. */
export function isTimed(timing: TimingPlan | undefined, category: MessageCategory): boolean {
  return (
    timing !== undefined &&
    (timing.localTime !== undefined ||
      (timing.waves?.length ?? 0) > 0 ||
      quietHoursOf(timing, category) !== undefined)
  );
}

/** Whether slots depend on each recipient's own time zone. */
export function needsZones(timing: TimingPlan, category: MessageCategory): boolean {
  return timing.localTime !== undefined || quietHoursOf(timing, category)?.zone === null;
}

/**
 * The end of the quiet window that `at` falls in (the latest end when windows overlap), or
 * undefined when `at` is outside them all. A window belongs to the day it starts on; one whose
 * end is not after its start runs past midnight.
 */
export function quietWindowEnd(
  at: Date,
  zone: string,
  windows: QuietHoursPlan['windows'],
): Date | undefined {
  const local = wallClock(at, zone);
  const yesterday = (local.weekday + 6) % 7;
  let end: Date | undefined;
  for (const window of windows) {
    const from = minutesOf(window.from);
    const to = minutesOf(window.to);
    let candidate: Date | undefined;
    if (from < to) {
      if (window.days.includes(local.weekday) && local.minutes >= from && local.minutes < to)
        candidate = zonedInstant(local.date, window.to, zone);
    } else if (window.days.includes(local.weekday) && local.minutes >= from) {
      candidate = zonedInstant(addDays(local.date, 1), window.to, zone);
    } else if (window.days.includes(yesterday) && local.minutes < to) {
      candidate = zonedInstant(local.date, window.to, zone);
    }
    if (candidate && candidate > at && (!end || candidate > end)) end = candidate;
  }
  return end;
}

/** Windows that follow each other are left one by one, up to this many. */
const MAX_QUIET_HOPS = 16;

/** The slot after quiet hours: unchanged, moved to the window's end, or discarded. */
export function applyQuietHours(at: Date, zone: string, quiet: QuietHoursPlan): Date | 'discard' {
  let slot = at;
  for (let hop = 0; hop < MAX_QUIET_HOPS; hop++) {
    const end = quietWindowEnd(slot, zone, quiet.windows);
    if (!end) return slot;
    if (quiet.behaviour === 'discard') return 'discard';
    slot = end;
  }
  // Windows that cover the whole week: the message can never go.
  return 'discard';
}

/** Each zone's slot for a send at a local time, rolled over to the next day when it has passed. */
function localSlot(timing: TimingPlan, zone: string, now: Date): Date | undefined {
  const local = timing.localTime;
  if (!local) return undefined;
  const slot = zonedInstant(local.date, local.time, zone);
  if (timing.rollOverPastSlots && slot < now)
    return zonedInstant(addDays(local.date, 1), local.time, zone);
  return slot;
}

/** Slots for every (zone, wave); zones the runtime does not know are timed in the default zone. */
export function planSlots(input: {
  timing: TimingPlan;
  category: MessageCategory;
  startsAt: Date;
  now: Date;
  zones: string[];
}): SlotTable {
  const { timing } = input;
  const quiet = quietHoursOf(timing, input.category);
  const fallback = isTimeZone(timing.defaultZone) ? timing.defaultZone : 'UTC';
  const waves = timing.waves?.length ? timing.waves : undefined;
  const table: SlotTable = { zones: [], waves: [], slots: [], discard: [] };
  for (const name of input.zones) {
    const zone = isTimeZone(name) ? name : fallback;
    const waveCount = waves?.length ?? 1;
    for (let wave = 0; wave < waveCount; wave++) {
      const base = localSlot(timing, zone, input.now) ?? waves?.[wave]?.at ?? input.startsAt;
      const quietZone = quiet?.zone && isTimeZone(quiet.zone) ? quiet.zone : zone;
      const slot = quiet ? applyQuietHours(base, quietZone, quiet) : base;
      table.zones.push(name);
      table.waves.push(wave);
      table.slots.push(slot === 'discard' ? base : slot);
      table.discard.push(slot === 'discard');
    }
  }
  return table;
}
