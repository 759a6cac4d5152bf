// Wall-clock time in IANA zones, through Intl (which knows every zone's daylight-saving rules).

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: string): Intl.DateTimeFormat {
  let found = formatters.get(zone);
  if (!found) {
    found = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(zone, found);
  }
  return found;
}

export function isTimeZone(zone: string): boolean {
  try {
    formatter(zone);
    return true;
  } catch {
    return false;
  }
}

export interface WallClock {
  /** YYYY-MM-DD */
  date: string;
  /** HH:MM */
  time: string;
}

function parts(at: Date, zone: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const part of formatter(zone).formatToParts(at))
    if (part.type !== 'literal') out[part.type] = Number(part.value);
  return out;
}

const pad = (n: number | undefined, width = 2) => String(n ?? 0).padStart(width, '0');

/** The date and time a clock in `zone` shows at `at`. */
export function wallClock(at: Date, zone: string): WallClock {
  const p = parts(at, zone);
  return {
    date: `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}`,
    time: `${pad(p.hour)}:${pad(p.minute)}`,
  };
}

/** Milliseconds the zone is ahead of UTC at `at`. */
function offsetMs(at: Date, zone: string): number {
  const p = parts(at, zone);
  const asUtc = Date.UTC(
    p.year ?? 0,
    (p.month ?? 1) - 1,
    p.day ?? 1,
    p.hour ?? 0,
    p.minute ?? 0,
    p.second ?? 0,
  );
  return asUtc - Math.floor(at.getTime() / 1000) * 1000;
}

/**
 * The instant a clock in `zone` shows `date` `time`. A time skipped by a daylight-saving jump
 * maps to the instant after the jump; a repeated one to its first occurrence.
 */
export function zonedTime(date: string, time: string, zone: string): Date {
  const [y, m, d] = date.split('-').map(Number);
  const [hh, mm] = time.split(':').map(Number);
  const naive = Date.UTC(y ?? 0, (m ?? 1) - 1, d ?? 1, hh ?? 0, mm ?? 0);
  // The zone's offsets around that moment: at most one transition lies within ±12 hours.
  const candidates = [-12, 0, 12].map(
    (h) => naive - offsetMs(new Date(naive + h * 3_600_000), zone),
  );
  const shows = (t: number) => {
    const clock = wallClock(new Date(t), zone);
    return clock.date === date && clock.time === time;
  };
  const valid = candidates.filter(shows);
  return new Date(valid.length ? Math.min(...valid) : Math.max(...candidates));
}
