// stringToDate / toDateTime with a Java pattern: reads the numeric fields of a pattern such as
// `yyyy-MM-dd HH:mm:ss` or `dd/MM/yyyy`, English month names, AM/PM and offsets.
import { DateTime, UTC, instantOf, validFields, type LocalFields, type Zone } from './date-time.ts';
import { parsePattern } from './date-pattern.ts';

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MONTH_NAMES = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];

export function parseWithPattern(text: string, pattern: string): DateTime | undefined {
  const parts = parsePattern(pattern);
  if (parts === undefined) return undefined;
  const fields: LocalFields = {
    year: 1970,
    month: 1,
    day: 1,
    hour: 0,
    minute: 0,
    second: 0,
    millisecond: 0,
  };
  let pm: boolean | undefined;
  let zone: Zone | undefined;
  let i = 0;
  const digits = (min: number, max: number): number | undefined => {
    let end = i;
    while (end < text.length && end - i < max && text[end]! >= '0' && text[end]! <= '9') end++;
    if (end - i < min) return undefined;
    const value = Number(text.slice(i, end));
    i = end;
    return value;
  };
  for (const part of parts) {
    if (part.kind === 'literal') {
      if (!text.startsWith(part.text, i)) return undefined;
      i += part.text.length;
      continue;
    }
    const { letter, count } = part;
    const fixed = count > 1 ? count : 1;
    let value: number | undefined;
    switch (letter) {
      case 'y':
      case 'u':
        value = digits(count === 2 ? 2 : fixed, count === 2 ? 2 : 9);
        if (value !== undefined) fields.year = count === 2 ? 2000 + value : value;
        break;
      case 'M':
      case 'L':
        if (count >= 3) {
          const rest = text.slice(i).toLowerCase();
          const names = count === 3 ? MONTHS : MONTH_NAMES;
          const index = names.findIndex((name) => rest.startsWith(name));
          if (index < 0) return undefined;
          i += (names[index] ?? '').length;
          value = index + 1;
        } else value = digits(fixed, 2);
        if (value !== undefined) fields.month = value;
        break;
      case 'd':
        value = digits(fixed, 2);
        if (value !== undefined) fields.day = value;
        break;
      case 'H':
      case 'h':
      case 'k':
      case 'K':
        value = digits(fixed, 2);
        if (value !== undefined) fields.hour = letter === 'k' && value === 24 ? 0 : value;
        break;
      case 'm':
        value = digits(fixed, 2);
        if (value !== undefined) fields.minute = value;
        break;
      case 's':
        value = digits(fixed, 2);
        if (value !== undefined) fields.second = value;
        break;
      case 'S':
        value = digits(count, count);
        if (value !== undefined)
          fields.millisecond = Math.floor(Number(`0.${text.slice(i - count, i)}`) * 1000);
        break;
      case 'a': {
        const marker = text.slice(i, i + 2).toUpperCase();
        if (marker !== 'AM' && marker !== 'PM') return undefined;
        pm = marker === 'PM';
        i += 2;
        value = 0;
        break;
      }
      case 'X':
      case 'x':
      case 'Z': {
        const match = /^(?:Z|([+-])(\d{2}):?(\d{2})?)/.exec(text.slice(i));
        if (!match) return undefined;
        i += match[0].length;
        const minutes = match[1] === undefined ? 0 : Number(match[2]) * 60 + Number(match[3] ?? 0);
        zone = { kind: 'offset', minutes: match[1] === '-' ? -minutes : minutes };
        value = 0;
        break;
      }
      default:
        return undefined;
    }
    if (value === undefined) return undefined;
  }
  if (i !== text.length) return undefined;
  if (pm !== undefined) fields.hour = (fields.hour % 12) + (pm ? 12 : 0);
  if (!validFields(fields)) return undefined;
  const target = zone ?? UTC;
  return new DateTime(instantOf(fields, target), target);
}
