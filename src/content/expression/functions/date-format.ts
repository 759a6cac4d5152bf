// formatDate: Java DateTimeFormatter patterns, with month and day names from the locale (CLDR,
// as Java 9+ uses).
import type { DateTime } from './date-time.ts';
import { offsetText, pad, type LocalFields } from './date-time.ts';
import { parsePattern, type PatternPart } from './date-pattern.ts';
import { dayOfYear, localizedDayOfWeek, weekDefinition, weekOfYear } from './week-fields.ts';

const textFormatters = new Map<string, Intl.DateTimeFormat>();

function textFormatter(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let formatter = textFormatters.get(key);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat(locale, { ...options, timeZone: 'UTC' });
    if (textFormatters.size < 1000) textFormatters.set(key, formatter);
  }
  return formatter;
}

/** One part (month, weekday, era, dayPeriod…) of the local date, in the locale's words. */
function textPart(
  locale: string,
  fields: LocalFields,
  type: Intl.DateTimeFormatPartTypes,
  options: Intl.DateTimeFormatOptions,
): string {
  const date = new Date(0);
  date.setUTCFullYear(fields.year, fields.month - 1, fields.day);
  date.setUTCHours(fields.hour, fields.minute, fields.second, fields.millisecond);
  return (
    textFormatter(locale, options)
      .formatToParts(date)
      .find((part) => part.type === type)?.value ?? ''
  );
}

type Width = 'short' | 'long' | 'narrow';

function width(count: number): Width {
  return count === 4 ? 'long' : count === 5 ? 'narrow' : 'short';
}

function numberField(value: number, count: number): string {
  return pad(value, count);
}

/** Years: `yy` keeps two digits; otherwise at least `count` digits. */
function yearField(year: number, count: number): string {
  return count === 2 ? pad(((year % 100) + 100) % 100, 2) : pad(year, count);
}

function zoneName(dateTime: DateTime, locale: string, style: 'short' | 'long'): string {
  if (dateTime.zone.kind === 'offset') return offsetText(dateTime.zone.minutes, 'Z');
  // The name depends on the instant (summer or winter time), so format the instant in the region.
  const key = `zone|${locale}|${dateTime.zone.id}|${style}`;
  let formatter = textFormatters.get(key);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat(locale, {
      timeZone: dateTime.zone.id,
      timeZoneName: style,
    });
    if (textFormatters.size < 1000) textFormatters.set(key, formatter);
  }
  return (
    formatter.formatToParts(dateTime.epochMs).find((part) => part.type === 'timeZoneName')?.value ??
    dateTime.zone.id
  );
}

function localizedOffset(minutes: number, full: boolean): string {
  if (minutes === 0) return 'GMT';
  if (full) return `GMT${offsetText(minutes, '')}`;
  const sign = minutes < 0 ? '-' : '+';
  const absolute = Math.abs(minutes);
  return `GMT${sign}${Math.floor(absolute / 60)}${absolute % 60 ? `:${pad(absolute % 60, 2)}` : ''}`;
}

function isoOffset(minutes: number, count: number, zero: string): string {
  if (minutes === 0) return zero;
  const sign = minutes < 0 ? '-' : '+';
  const hours = pad(Math.floor(Math.abs(minutes) / 60), 2);
  const rest = pad(Math.abs(minutes) % 60, 2);
  if (count === 1) return rest === '00' ? `${sign}${hours}` : `${sign}${hours}${rest}`;
  return count % 2 === 0 ? `${sign}${hours}${rest}` : `${sign}${hours}:${rest}`;
}

const QUARTER_ORDINALS = ['1st', '2nd', '3rd', '4th'];

function formatField(
  part: Extract<PatternPart, { kind: 'field' }>,
  dateTime: DateTime,
  fields: LocalFields,
  locale: string,
): string {
  const { letter, count } = part;
  const offset = dateTime.offsetMinutes();
  switch (letter) {
    case 'G':
      return textPart(locale, fields, 'era', { era: width(count) });
    case 'y':
    case 'u':
      return yearField(fields.year, count);
    case 'Y':
      return yearField(weekOfYear(fields, weekDefinition(locale)).year, count);
    case 'w':
      return numberField(weekOfYear(fields, weekDefinition(locale)).week, count);
    case 'M':
    case 'L':
      if (count <= 2) return numberField(fields.month, count);
      // M is the month as written in a date (genitive in some languages), L the month alone.
      return letter === 'M'
        ? textPart(locale, fields, 'month', { day: 'numeric', month: width(count) })
        : textPart(locale, fields, 'month', { month: width(count) });
    case 'Q':
    case 'q': {
      const quarter = Math.floor((fields.month - 1) / 3) + 1;
      if (count <= 2) return numberField(quarter, count);
      if (count === 3) return `Q${quarter}`;
      return count === 4 ? `${QUARTER_ORDINALS[quarter - 1] ?? ''} quarter` : String(quarter);
    }
    case 'd':
      return numberField(fields.day, count);
    case 'D':
      return numberField(dayOfYear(fields), count);
    case 'E':
      return textPart(locale, fields, 'weekday', { weekday: width(count) });
    case 'e':
    case 'c':
      if (count <= 2)
        return numberField(localizedDayOfWeek(dateTime.dayOfWeek(), weekDefinition(locale)), count);
      return textPart(locale, fields, 'weekday', { weekday: width(count) });
    case 'a':
      return textPart(locale, fields, 'dayPeriod', { hour: 'numeric', hourCycle: 'h12' });
    case 'h':
      return numberField(fields.hour % 12 === 0 ? 12 : fields.hour % 12, count);
    case 'K':
      return numberField(fields.hour % 12, count);
    case 'k':
      return numberField(fields.hour === 0 ? 24 : fields.hour, count);
    case 'H':
      return numberField(fields.hour, count);
    case 'm':
      return numberField(fields.minute, count);
    case 's':
      return numberField(fields.second, count);
    case 'S':
      return pad(fields.millisecond, 3).padEnd(count, '0').slice(0, count);
    case 'A':
      return numberField(
        ((fields.hour * 60 + fields.minute) * 60 + fields.second) * 1000 + fields.millisecond,
        count,
      );
    case 'n':
      return numberField(fields.millisecond * 1_000_000, count);
    case 'N':
      return numberField(
        (((fields.hour * 60 + fields.minute) * 60 + fields.second) * 1000 + fields.millisecond) *
          1_000_000,
        count,
      );
    case 'V':
      return dateTime.zone.kind === 'region' ? dateTime.zone.id : offsetText(offset, 'Z');
    case 'z':
      return zoneName(dateTime, locale, count === 4 ? 'long' : 'short');
    case 'O':
      return localizedOffset(offset, count === 4);
    case 'X':
      return isoOffset(offset, count, 'Z');
    case 'x':
      return isoOffset(offset, count, count === 1 ? '+00' : count % 2 === 0 ? '+0000' : '+00:00');
    case 'Z':
      if (count <= 3) return isoOffset(offset, 2, '+0000');
      return count === 4 ? localizedOffset(offset, true) : isoOffset(offset, 3, 'Z');
    default:
      return '';
  }
}

/** The date in `pattern`; an invalid pattern gives the ISO form, as AJO does. */
export function formatDate(dateTime: DateTime, pattern: string, locale = 'en-US'): string {
  const parts = parsePattern(pattern);
  if (parts === undefined) return dateTime.toString();
  const fields = dateTime.local();
  let out = '';
  for (const part of parts)
    out += part.kind === 'literal' ? part.text : formatField(part, dateTime, fields, locale);
  return out;
}
