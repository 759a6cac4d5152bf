// Weeks as Java's WeekFields count them for a locale: the first day of the week and how many days
// of a new year the first week needs. Without a locale, US English (Sunday, 1 day), as AJO's
// servers format: `YYYY` of 2023-12-31 is 2024 there.
import type { LocalFields } from './date-time.ts';

export interface WeekDefinition {
  /** ISO day number: 1 = Monday … 7 = Sunday. */
  readonly firstDay: number;
  readonly minimalDays: number;
}

const US: WeekDefinition = { firstDay: 7, minimalDays: 1 };
const definitions = new Map<string, WeekDefinition>();

interface WeekInfo {
  firstDay: number;
  minimalDays: number;
}

export function weekDefinition(locale: string | undefined): WeekDefinition {
  if (locale === undefined) return US;
  let definition = definitions.get(locale);
  if (!definition) {
    const intl = new Intl.Locale(locale) as Intl.Locale & {
      weekInfo?: WeekInfo;
      getWeekInfo?: () => WeekInfo;
    };
    const info = intl.getWeekInfo?.() ?? intl.weekInfo;
    definition = info ? { firstDay: info.firstDay, minimalDays: info.minimalDays } : US;
    if (definitions.size < 500) definitions.set(locale, definition);
  }
  return definition;
}

function epochDay(year: number, month: number, day: number): number {
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  return Math.floor(date.getTime() / 86_400_000);
}

function isoDayOfWeek(epochDayNumber: number): number {
  // 1970-01-01 was a Thursday (4).
  return ((((epochDayNumber + 3) % 7) + 7) % 7) + 1;
}

function firstWeekStart(year: number, week: WeekDefinition): number {
  const januaryFirst = epochDay(year, 1, 1);
  const daysIntoWeek = (isoDayOfWeek(januaryFirst) - week.firstDay + 7) % 7;
  const start = januaryFirst - daysIntoWeek;
  return 7 - daysIntoWeek >= week.minimalDays ? start : start + 7;
}

/** Week-based year and week of that year. */
export function weekOfYear(
  fields: LocalFields,
  week: WeekDefinition,
): { year: number; week: number } {
  const day = epochDay(fields.year, fields.month, fields.day);
  const next = firstWeekStart(fields.year + 1, week);
  if (day >= next) return { year: fields.year + 1, week: 1 };
  const start = firstWeekStart(fields.year, week);
  if (day < start) {
    const previous = firstWeekStart(fields.year - 1, week);
    return { year: fields.year - 1, week: Math.floor((day - previous) / 7) + 1 };
  }
  return { year: fields.year, week: Math.floor((day - start) / 7) + 1 };
}

/** Day of the week counted from the locale's first day (1 …7). */
export function localizedDayOfWeek(isoDay: number, week: WeekDefinition): number {
  return ((isoDay - week.firstDay + 7) % 7) + 1;
}

export function dayOfYear(fields: LocalFields): number {
  return epochDay(fields.year, fields.month, fields.day) - epochDay(fields.year, 1, 1) + 1;
}
