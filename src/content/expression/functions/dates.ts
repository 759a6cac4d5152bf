// Date and time functions of AJO's library. Dates given as ISO strings or epoch milliseconds are
// read as date-times, so JSON profile data works without a conversion call.
import { FunctionInputError } from '../errors.ts';
import { formatValue, toDateTime } from '../values.ts';
import { integer, localeTag, requiredInteger, text } from './arguments.ts';
import { formatDate } from './date-format.ts';
import { parseWithPattern } from './date-parse.ts';
import {
  DateTime,
  UTC,
  daysInMonth,
  parseIsoDateTime,
  regionId,
  utcMs,
  type LocalFields,
  type Zone,
} from './date-time.ts';
import { define, type FunctionContext, type FunctionTable } from './library-function.ts';
import { dayOfYear, weekOfYear } from './week-fields.ts';

const DAY = 86_400_000;
const MAX_EPOCH_MS = 8.64e15;

function mapDate(
  transform: (date: DateTime, args: readonly unknown[], context: FunctionContext) => unknown,
  min = 1,
  max = min,
) {
  return define(min, max, (args, context) => {
    const date = toDateTime(args[0]);
    if (date === undefined) return null;
    const result = transform(date, args, context);
    // JavaScript dates end at ±275,760 years; arithmetic past that has no date to show.
    if (result instanceof DateTime && !(Math.abs(result.epochMs) <= MAX_EPOCH_MS))
      throw new FunctionInputError('the date is out of range');
    return result;
  });
}

function addTime(unitMs: number) {
  return mapDate(
    (date, [, amount]) =>
      new DateTime(date.epochMs + requiredInteger(amount, 'the amount') * unitMs, date.zone),
    2,
  );
}

function shiftMonths(fields: LocalFields, months: number): LocalFields {
  const total = fields.year * 12 + (fields.month - 1) + months;
  const year = Math.floor(total / 12);
  const month = (((total % 12) + 12) % 12) + 1;
  return { ...fields, year, month, day: Math.min(fields.day, daysInMonth(year, month)) };
}

function shiftDays(fields: LocalFields, days: number): LocalFields {
  const date = new Date(utcMs(fields) + days * DAY);
  return {
    ...fields,
    year: date.getUTCFullYear(),
    month: date.getUTCMonth() + 1,
    day: date.getUTCDate(),
  };
}

function millisOfDay(fields: LocalFields): number {
  return ((fields.hour * 60 + fields.minute) * 60 + fields.second) * 1000 + fields.millisecond;
}

/** Whole days or months from `start` to `end` on `start`'s calendar, as Java's ChronoUnit counts them. */
function calendarUnitsBetween(start: DateTime, end: DateTime, unit: 'day' | 'month'): number {
  const s = start.local();
  const e = new DateTime(end.epochMs, start.zone).local();
  let whole: number;
  let startRest: number;
  let endRest: number;
  if (unit === 'day') {
    whole = Math.round(
      (utcMs({ ...e, hour: 0, minute: 0, second: 0, millisecond: 0 }) -
        utcMs({ ...s, hour: 0, minute: 0, second: 0, millisecond: 0 })) /
        DAY,
    );
    startRest = millisOfDay(s);
    endRest = millisOfDay(e);
  } else {
    whole = (e.year - s.year) * 12 + (e.month - s.month);
    startRest = s.day * DAY + millisOfDay(s);
    endRest = e.day * DAY + millisOfDay(e);
  }
  if (whole > 0 && endRest < startRest) return whole - 1;
  if (whole < 0 && endRest > startRest) return whole + 1;
  return whole;
}

function timeBetween(unitMs: number) {
  return define(2, 2, ([end, start]) => {
    const a = toDateTime(end);
    const b = toDateTime(start);
    return a === undefined || b === undefined ? null : Math.trunc((a.epochMs - b.epochMs) / unitMs);
  });
}

function zoneOf(value: unknown): Zone {
  const name = text(value);
  const offset = name === undefined ? null : /^([+-])(\d{2}):?(\d{2})$/.exec(name);
  if (offset) {
    const minutes = Number(offset[2]) * 60 + Number(offset[3]);
    return { kind: 'offset', minutes: offset[1] === '-' ? -minutes : minutes };
  }
  if (name === 'Z') return UTC;
  const id = name === undefined ? undefined : regionId(name);
  if (id === undefined) throw new FunctionInputError(`'${formatValue(value)}' is not a time zone`);
  return { kind: 'region', id };
}

function parseDate(value: unknown, pattern: unknown): DateTime | undefined {
  if (value instanceof DateTime) return value;
  const input = text(value);
  if (input === undefined) return undefined;
  const format = text(pattern);
  return format === undefined ? parseIsoDateTime(input) : parseWithPattern(input.trim(), format);
}

function truncate(change: (fields: LocalFields, date: DateTime) => LocalFields) {
  return mapDate((date) =>
    date.withLocal(
      change({ ...date.local(), hour: 0, minute: 0, second: 0, millisecond: 0 }, date),
    ),
  );
}

export const DATE_FUNCTIONS: FunctionTable = {
  addSeconds: addTime(1000),
  addMinutes: addTime(60_000),
  addHours: addTime(3_600_000),
  addDays: mapDate(
    (date, [, amount]) =>
      date.withLocal(shiftDays(date.local(), requiredInteger(amount, 'the amount'))),
    2,
  ),
  addMonths: mapDate(
    (date, [, amount]) =>
      date.withLocal(shiftMonths(date.local(), requiredInteger(amount, 'the amount'))),
    2,
  ),
  addYears: mapDate(
    (date, [, amount]) =>
      date.withLocal(shiftMonths(date.local(), requiredInteger(amount, 'the amount') * 12)),
    2,
  ),
  age: mapDate((date, _args, context) =>
    Math.trunc(calendarUnitsBetween(date, new DateTime(context.now, date.zone), 'month') / 12),
  ),
  ageInDays: mapDate((date, _args, context) =>
    calendarUnitsBetween(date, new DateTime(context.now, date.zone), 'day'),
  ),
  ageInMonths: mapDate((date, _args, context) =>
    calendarUnitsBetween(date, new DateTime(context.now, date.zone), 'month'),
  ),
  compareDates: define(2, 2, ([a, b]) => {
    const left = toDateTime(a);
    const right = toDateTime(b);
    return left === undefined || right === undefined
      ? null
      : Math.sign(left.epochMs - right.epochMs);
  }),
  convertZonedDateTime: mapDate((date, [, zone]) => new DateTime(date.epochMs, zoneOf(zone)), 2),
  toUTC: mapDate((date) => new DateTime(date.epochMs, UTC)),
  currentTimeInMillis: define(0, 0, (_args, context) => context.now),
  getCurrentZonedDateTime: define(
    0,
    0,
    (_args, context) => new DateTime(context.now, context.zone),
  ),
  /** Days from the first date to the second. */
  dateDiff: define(2, 2, ([a, b]) => {
    const start = toDateTime(a);
    const end = toDateTime(b);
    return start === undefined || end === undefined
      ? null
      : calendarUnitsBetween(start, end, 'day');
  }),
  dateBetween: define(3, 3, ([value, start, end]) => {
    const date = toDateTime(value);
    const from = toDateTime(start);
    const to = toDateTime(end);
    if (date === undefined || from === undefined || to === undefined) return false;
    return date.epochMs >= from.epochMs && date.epochMs <= to.epochMs;
  }),
  diffInSeconds: timeBetween(1000),
  diffInMinutes: timeBetween(60_000),
  diffInHours: timeBetween(3_600_000),
  diffInMonths: define(2, 2, ([end, start]) => {
    const a = toDateTime(end);
    const b = toDateTime(start);
    return a === undefined || b === undefined ? null : calendarUnitsBetween(b, a, 'month');
  }),
  diffInYears: define(2, 2, ([end, start]) => {
    const a = toDateTime(end);
    const b = toDateTime(start);
    return a === undefined || b === undefined
      ? null
      : Math.trunc(calendarUnitsBetween(b, a, 'month') / 12);
  }),
  dayOfMonth: mapDate((date) => date.local().day),
  dayOfWeek: mapDate((date) => date.dayOfWeek()),
  dayOfYear: mapDate((date) => dayOfYear(date.local())),
  weekOfYear: mapDate((date) => weekOfYear(date.local(), { firstDay: 1, minimalDays: 4 }).week),
  extractHours: mapDate((date) => date.local().hour),
  extractMinutes: mapDate((date) => date.local().minute),
  extractSeconds: mapDate((date) => date.local().second),
  // AJO's page names it both ways (syntax `extractMonths`, example `extractMonth`); both work.
  extractMonth: mapDate((date) => date.local().month),
  extractMonths: mapDate((date) => date.local().month),
  setDays: mapDate((date, [, day]) => {
    const fields = date.local();
    const value = requiredInteger(day, 'the day');
    if (value < 1 || value > daysInMonth(fields.year, fields.month))
      throw new FunctionInputError(
        `day ${value} is not in ${fields.year}-${String(fields.month).padStart(2, '0')}`,
      );
    return date.withLocal({ ...fields, day: value });
  }, 2),
  setHours: mapDate((date, [, hour]) => {
    const value = requiredInteger(hour, 'the hour');
    if (value < 0 || value > 23)
      throw new FunctionInputError(`hour ${value} is not between 0 and 23`);
    return date.withLocal({ ...date.local(), hour: value });
  }, 2),
  truncateToStartOfDay: truncate((fields) => fields),
  truncateToStartOfWeek: truncate((fields, date) => shiftDays(fields, 1 - date.dayOfWeek())),
  truncateToStartOfQuarter: truncate((fields) => ({
    ...fields,
    month: Math.floor((fields.month - 1) / 3) * 3 + 1,
    day: 1,
  })),
  truncateToStartOfYear: truncate((fields) => ({ ...fields, month: 1, day: 1 })),
  formatDate: mapDate(
    (date, [, pattern, locale]) => {
      const format = text(pattern);
      if (format === undefined) return date.toString();
      return formatDate(
        date,
        format,
        (locale === undefined ? undefined : localeTag(locale)) ?? 'en-US',
      );
    },
    2,
    3,
  ),
  /** A date-time from text: ISO-8601, or the given Java pattern; missing when it cannot be read. */
  stringToDate: define(1, 2, ([value, pattern]) => parseDate(value, pattern) ?? null),
  /** Like stringToDate, but the epoch for text it cannot read (as AJO documents). */
  toDateTime: define(1, 2, ([value, pattern]) => {
    if (typeof value === 'number') return toDateTime(integer(value));
    if (value === null || value === undefined) return null;
    return parseDate(value, pattern) ?? new DateTime(0, UTC);
  }),
};
