// Date-time values of the template language. Like AJO's (Java ZonedDateTime), a value is an
// instant plus a zone — a fixed offset or a region such as Europe/Paris — and prints like
// Java's ZonedDateTime.toString(): `2024-11-01T17:19:51Z`, `2024-11-01T00:00Z` (zero seconds
// left out), `2019-02-19T11:39+03:30[Asia/Tehran]`.

export type Zone =
  | { readonly kind: 'offset'; readonly minutes: number }
  | { readonly kind: 'region'; readonly id: string };

export const UTC: Zone = { kind: 'offset', minutes: 0 };

export interface LocalFields {
  year: number;
  /** 1–12 */
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
}

const MINUTE = 60_000;
const regionFormatters = new Map<string, Intl.DateTimeFormat>();

function regionFormatter(id: string): Intl.DateTimeFormat {
  let formatter = regionFormatters.get(id);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: id,
      hourCycle: 'h23',
      era: 'short',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    regionFormatters.set(id, formatter);
  }
  return formatter;
}

/** The canonical id of a time-zone region, or undefined when there is no such region. */
export function regionId(id: string): string | undefined {
  if (id.length > 64) return undefined;
  try {
    // Keep the name as written: ICU would canonicalize Asia/Kolkata to Asia/Calcutta.
    new Intl.DateTimeFormat('en-US', { timeZone: id });
    return id;
  } catch {
    return undefined;
  }
}

function regionOffsetMinutes(id: string, epochMs: number): number {
  const whole = Math.floor(epochMs / 1000) * 1000;
  const fields: Record<string, number> = {};
  let bc = false;
  for (const part of regionFormatter(id).formatToParts(whole)) {
    if (part.type === 'era') bc = part.value.startsWith('B');
    else if (part.type !== 'literal') fields[part.type] = Number(part.value);
  }
  const year = bc ? 1 - (fields.year ?? 0) : (fields.year ?? 0);
  const asUtc = utcMs({
    year,
    month: fields.month ?? 1,
    day: fields.day ?? 1,
    hour: fields.hour ?? 0,
    minute: fields.minute ?? 0,
    second: fields.second ?? 0,
    millisecond: 0,
  });
  return Math.round((asUtc - whole) / MINUTE);
}

/** Milliseconds since the epoch of local fields read as UTC (years 0–99 included). */
export function utcMs(fields: LocalFields): number {
  const date = new Date(0);
  date.setUTCFullYear(fields.year, fields.month - 1, fields.day);
  date.setUTCHours(fields.hour, fields.minute, fields.second, fields.millisecond);
  return date.getTime();
}

export function offsetMinutes(zone: Zone, epochMs: number): number {
  return zone.kind === 'offset' ? zone.minutes : regionOffsetMinutes(zone.id, epochMs);
}

/** The instant at which the clocks of `zone` show `fields` (for a gap or overlap, Java's choice). */
export function instantOf(fields: LocalFields, zone: Zone): number {
  const local = utcMs(fields);
  if (zone.kind === 'offset') return local - zone.minutes * MINUTE;
  const first = local - regionOffsetMinutes(zone.id, local) * MINUTE;
  const offset = regionOffsetMinutes(zone.id, first);
  const second = local - offset * MINUTE;
  // In an overlap keep the earlier offset; in a gap move forward by the gap's length.
  return regionOffsetMinutes(zone.id, second) === offset
    ? Math.min(first, second)
    : Math.max(first, second);
}

export class DateTime {
  constructor(
    readonly epochMs: number,
    readonly zone: Zone,
  ) {}

  offsetMinutes(): number {
    return offsetMinutes(this.zone, this.epochMs);
  }

  local(): LocalFields {
    const date = new Date(this.epochMs + this.offsetMinutes() * MINUTE);
    return {
      year: date.getUTCFullYear(),
      month: date.getUTCMonth() + 1,
      day: date.getUTCDate(),
      hour: date.getUTCHours(),
      minute: date.getUTCMinutes(),
      second: date.getUTCSeconds(),
      millisecond: date.getUTCMilliseconds(),
    };
  }

  /** ISO day of week: 1 = Monday … 7 = Sunday. */
  dayOfWeek(): number {
    const day = new Date(this.epochMs + this.offsetMinutes() * MINUTE).getUTCDay();
    return day === 0 ? 7 : day;
  }

  withLocal(fields: LocalFields): DateTime {
    return new DateTime(instantOf(fields, this.zone), this.zone);
  }

  toString(): string {
    const f = this.local();
    let text = `${formatYear(f.year)}-${pad(f.month, 2)}-${pad(f.day, 2)}T${pad(f.hour, 2)}:${pad(f.minute, 2)}`;
    if (f.second !== 0 || f.millisecond !== 0) text += `:${pad(f.second, 2)}`;
    if (f.millisecond !== 0) text += `.${pad(f.millisecond, 3)}`;
    text += offsetText(this.offsetMinutes(), 'Z');
    if (this.zone.kind === 'region') text += `[${this.zone.id}]`;
    return text;
  }
}

export function pad(value: number, width: number): string {
  const text = String(Math.abs(value)).padStart(width, '0');
  return value < 0 ? `-${text}` : text;
}

function formatYear(year: number): string {
  if (year > 9999) return `+${year}`;
  return pad(year, 4);
}

/** `+05:30`, `-08:00`, or `zero` for no offset. */
export function offsetText(minutes: number, zero: string, separator = ':'): string {
  if (minutes === 0) return zero;
  const sign = minutes < 0 ? '-' : '+';
  const absolute = Math.abs(minutes);
  return `${sign}${pad(Math.floor(absolute / 60), 2)}${separator}${pad(absolute % 60, 2)}`;
}

const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?(Z|[+-]\d{2}(?::?\d{2})?)?(?:\[([A-Za-z0-9_/+-]{1,64})\])?$/;

/** Reads an ISO-8601 date or date-time; without an offset or zone it is taken as UTC. */
export function parseIsoDateTime(text: string): DateTime | undefined {
  const match = ISO.exec(text.trim());
  if (!match) return undefined;
  const [, year, month, day, hour, minute, second, fraction, offset, region] = match;
  const fields: LocalFields = {
    year: Number(year),
    month: Number(month),
    day: Number(day),
    hour: Number(hour ?? 0),
    minute: Number(minute ?? 0),
    second: Number(second ?? 0),
    millisecond: Math.floor(Number(((fraction ?? '') + '000').slice(0, 3))),
  };
  if (!validFields(fields)) return undefined;
  const regionZone = region === undefined ? undefined : regionId(region);
  if (region !== undefined && regionZone === undefined) return undefined;
  const zone: Zone | undefined = regionZone ? { kind: 'region', id: regionZone } : undefined;
  if (offset === undefined) return new DateTime(instantOf(fields, zone ?? UTC), zone ?? UTC);
  const minutes = parseOffset(offset);
  const epochMs = utcMs(fields) - minutes * MINUTE;
  return new DateTime(epochMs, zone ?? { kind: 'offset', minutes });
}

function parseOffset(text: string): number {
  if (text === 'Z') return 0;
  const digits = text.slice(1).replace(':', '');
  const minutes = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4) || 0);
  return text.startsWith('-') ? -minutes : minutes;
}

const MONTH_LENGTHS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export function daysInMonth(year: number, month: number): number {
  return month === 2 && isLeapYear(year) ? 29 : (MONTH_LENGTHS[month - 1] ?? 30);
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function validFields(f: LocalFields): boolean {
  return (
    f.month >= 1 &&
    f.month <= 12 &&
    f.day >= 1 &&
    f.day <= daysInMonth(f.year, f.month) &&
    f.hour <= 23 &&
    f.minute <= 59 &&
    f.second <= 59
  );
}
