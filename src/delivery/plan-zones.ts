// Wall-clock time in IANA time zones, for timing sends per profile. The offsets come from the
// runtime's time-zone data through Intl, so daylight-saving changes are right in every zone.

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: string): Intl.DateTimeFormat {
  let found = formatters.get(zone);
  if (!found) {
    found = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(zone, found);
  }
  return found;
}

/** Whether the runtime knows this IANA zone. */
export function isTimeZone(zone: string): boolean {
  if (zone.length === 0 || zone.length > 64) return false;
  try {
    formatter(zone);
    return true;
  } catch {
    return false;
  }
}

interface Fields {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function fieldsAt(epochMs: number, zone: string): Fields {
  const fields: Fields = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
  for (const part of formatter(zone).formatToParts(epochMs)) {
    if (part.type in fields) fields[part.type as keyof Fields] = Number(part.value);
  }
  return fields;
}

/** How far the zone's wall clock is ahead of UTC at this instant, in milliseconds. */
function offsetMs(epochMs: number, zone: string): number {
  const f = fieldsAt(epochMs, zone);
  const wall = Date.UTC(f.year, f.month - 1, f.day, f.hour, f.minute, f.second);
  return wall - Math.floor(epochMs / 1000) * 1000;
}

export interface WallClock {
  /** YYYY-MM-DD */
  date: string;
  /** Minutes since local midnight. */
  minutes: number;
  /** 0 = Sunday … 6 = Saturday. */
  weekday: number;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** The date, time of day and weekday that clocks in `zone` show at `instant`. */
export function wallClock(instant: Date, zone: string): WallClock {
  const f = fieldsAt(instant.getTime(), zone);
  return {
    date: `${pad(f.year, 4)}-${pad(f.month)}-${pad(f.day)}`,
    minutes: f.hour * 60 + f.minute,
    weekday: new Date(Date.UTC(f.year, f.month - 1, f.day)).getUTCDay(),
  };
}

function parseDate(date: string): [number, number, number] {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) throw new Error(`not a date: ${date}`);
  return [Number(match[1]), Number(match[2]), Number(match[3])];
}

/** Minutes since midnight of an `HH:MM` time. */
export function minutesOf(time: string): number {
  const match = /^(\d{2}):(\d{2})$/.exec(time);
  if (!match) throw new Error(`not a time of day: ${time}`);
  return Number(match[1]) * 60 + Number(match[2]);
}

/** The calendar date `days` after `date` (both YYYY-MM-DD). */
export function addDays(date: string, days: number): string {
  const [y, m, d] = parseDate(date);
  const next = new Date(Date.UTC(y, m - 1, d + days));
  return `${pad(next.getUTCFullYear(), 4)}-${pad(next.getUTCMonth() + 1)}-${pad(next.getUTCDate())}`;
}

/**
 * The instant when clocks in `zone` show `time` on `date`. A time skipped by a change to summer
 * time is read with the offset before the change (02:30 becomes 03:30); a time that occurs twice
 * when clocks go back is its first occurrence.
 */
export function zonedInstant(date: string, time: string, zone: string): Date {
  const [y, m, d] = parseDate(date);
  const minutes = minutesOf(time);
  const wall = Date.UTC(y, m - 1, d, Math.floor(minutes / 60), minutes % 60);
  // Zones change offset at most once in two days: the offsets a day either side are the candidates.
  const before = wall - offsetMs(wall - 86_400_000, zone);
  const after = wall - offsetMs(wall + 86_400_000, zone);
  const holds = (instant: number) => instant + offsetMs(instant, zone) === wall;
  const valid = [before, after].filter(holds);
  return new Date(valid.length > 0 ? Math.min(...valid) : before);
}
