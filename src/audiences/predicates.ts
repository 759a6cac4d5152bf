// SQL predicates for one typed comparison, over a JSON value (profile attributes, event
// properties) or a typed dataset column. Values are always bound parameters; JSON paths, which
// are validated, are written as literals so that expression indexes can match them.
import type { AttributeType, Operator } from './model.ts';

export class Params {
  readonly values: unknown[] = [];
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

export interface Comparable {
  type: AttributeType;
  operator: Operator;
  value?: string | number | boolean | undefined;
  values?: (string | number | boolean)[] | undefined;
  to?: string | number | boolean | undefined;
  days?: number | undefined;
  timezone?: string | undefined;
}

/** Expressions that read a value as each type; `present` is true when there is a value at all. */
export interface ValueSource {
  text: string;
  number: string;
  boolean: string;
  /** The calendar date as 'YYYY-MM-DD' text, or NULL. */
  date: string;
  /**
   * The column itself when it is a typed date or timestamp: date presets then compare it with
   * typed bounds, which an index can serve and which cost no formatting per row (a date bound
   * becomes midnight in the session's time zone, as `to_char` reads the timestamp).
   */
  typed?: string;
  present: string;
}

const PATH_SEGMENT = /^[A-Za-z0-9_-]+$/;

/** One element of an array literal: bare when it can be, else double-quoted (`{"null"}` is a key). */
function arrayElement(segment: string): string {
  return PATH_SEGMENT.test(segment) && segment.toLowerCase() !== 'null'
    ? segment
    : `"${segment.replace(/["\\]/g, (c) => '\\' + c)}"`;
}

/**
 * A JSON path as a `text[]` literal, e.g. `'{loyalty,tier}'::text[]`. Paths are written into the
 * SQL rather than bound so that an expression index on `(attributes #>> '{loyalty,tier}')` (and
 * the statistics it carries) matches the predicate. Only validated paths get here; the segments
 * are checked again and quoted all the same.
 */
export function pathLiteral(path: string[]): string {
  if (path.length === 0 || !path.every((segment) => PATH_SEGMENT.test(segment)))
    throw new Error(`invalid JSON path ${path.join('.')}`);
  const array = `{${path.map(arrayElement).join(',')}}`;
  return `'${array.replace(/'/g, "''")}'::text[]`;
}

/** A JSON value at a path of a jsonb column. */
export function jsonSource(column: string, path: string[]): ValueSource {
  const literal = pathLiteral(path);
  const at = `(${column} #> ${literal})`;
  const text = `(${column} #>> ${literal})`;
  return {
    text,
    number: `clarion_num(${at})`,
    boolean: `clarion_bool(${at})`,
    date: `(CASE WHEN ${text} ~ '^\\d{4}-\\d{2}-\\d{2}' THEN left(${text}, 10) END)`,
    // `#>>` reads a JSON null as NULL, so only a missing, null or empty value is not present.
    present: `coalesce(${text} <> '', false)`,
  };
}

/** A typed dataset column (already quoted). */
export function columnSource(column: string, pgType: string): ValueSource {
  const isTime = pgType === 'date' || pgType === 'timestamptz';
  return {
    text: `${column}::text`,
    number: `${column}::numeric`,
    boolean: `${column}`,
    date: isTime
      ? `to_char(${column}, 'YYYY-MM-DD')`
      : `(CASE WHEN ${column}::text ~ '^\\d{4}-\\d{2}-\\d{2}' THEN left(${column}::text, 10) END)`,
    ...(isTime ? { typed: column } : {}),
    present:
      pgType === 'text' ? `(${column} IS NOT NULL AND ${column} <> '')` : `${column} IS NOT NULL`,
  };
}

/** 'YYYY-MM-DD' of an instant in a time zone. */
export function calendarDate(instant: Date, timezone: string): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: timezone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(instant);
}

export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => '\\' + c);
}

/** The SQL predicate of a comparison; `now` anchors the date presets. */
export function comparison(source: ValueSource, c: Comparable, params: Params, now: Date): string {
  const value = c.value;
  switch (c.operator) {
    case 'isEmpty':
      return `NOT ${source.present}`;
    case 'isNotEmpty':
      return source.present;
    case 'isTrue':
      return `${source.boolean} IS TRUE`;
    case 'isFalse':
      return `${source.boolean} IS FALSE`;
    case 'startsWith':
      return `${source.text} LIKE ${params.add(escapeLike(String(value)) + '%')}`;
    case 'contains':
      return `${source.text} LIKE ${params.add('%' + escapeLike(String(value)) + '%')}`;
    case 'like':
      return `${source.text} LIKE ${params.add(String(value))}`;
    default:
      break;
  }
  if (c.type === 'date')
    return typedPreset(source, c, params, now) ?? dateComparison(source.date, c, params, now);
  const expr = c.type === 'number' ? source.number : source.text;
  const cast = c.type === 'number' ? '::numeric' : '::text';
  const bind = (v: unknown) => `${params.add(c.type === 'number' ? Number(v) : String(v))}${cast}`;
  switch (c.operator) {
    case 'equals':
      return `${expr} = ${bind(value)}`;
    case 'notEquals':
      return `${expr} IS DISTINCT FROM ${bind(value)}`;
    case 'gt':
      return `${expr} > ${bind(value)}`;
    case 'gte':
      return `${expr} >= ${bind(value)}`;
    case 'lt':
      return `${expr} < ${bind(value)}`;
    case 'lte':
      return `${expr} <= ${bind(value)}`;
    case 'between':
      return `${expr} BETWEEN ${bind(value)} AND ${bind(c.to)}`;
    case 'in':
      return `${expr} = ANY(${params.add((c.values ?? []).map((v) => (c.type === 'number' ? Number(v) : String(v))))}${cast}[])`;
    case 'notIn':
      return `NOT coalesce(${expr} = ANY(${params.add((c.values ?? []).map((v) => (c.type === 'number' ? Number(v) : String(v))))}${cast}[]), false)`;
    default:
      throw new Error(`operator ${c.operator} does not apply to ${c.type}`);
  }
}

/**
 * The date presets over a typed column as ranges of that type. Only presets: their bounds are
 * dates computed here, always valid; dates people typed keep the text comparison, which never
 * fails on a malformed value.
 */
function typedPreset(
  source: ValueSource,
  c: Comparable,
  params: Params,
  now: Date,
): string | undefined {
  const column = source.typed;
  if (!column) return undefined;
  const today = calendarDate(now, c.timezone ?? 'UTC');
  const bind = (date: string) => `${params.add(date)}::date`;
  const days = c.days ?? 0;
  const range = (from: string, to: string) =>
    `(${column} >= ${bind(from)} AND ${column} < ${bind(addDays(to, 1))})`;
  switch (c.operator) {
    case 'today':
      return range(today, today);
    case 'inLastDays':
      return range(addDays(today, -days), today);
    case 'beforeDaysAgo':
      return `${column} < ${bind(addDays(today, -days))}`;
    case 'inNextDays':
      return range(today, addDays(today, days));
    case 'thisMonth': {
      const first = `${today.slice(0, 7)}-01`;
      const next = new Date(`${first}T00:00:00Z`);
      next.setUTCMonth(next.getUTCMonth() + 1);
      return `(${column} >= ${bind(first)} AND ${column} < ${bind(next.toISOString().slice(0, 10))})`;
    }
    default:
      return undefined;
  }
}

function dateComparison(expr: string, c: Comparable, params: Params, now: Date): string {
  const today = calendarDate(now, c.timezone ?? 'UTC');
  const bind = (date: string) => `${params.add(date)}::text`;
  const days = c.days ?? 0;
  switch (c.operator) {
    case 'on':
      return `${expr} = ${bind(String(c.value))}`;
    case 'before':
      return `${expr} < ${bind(String(c.value))}`;
    case 'after':
      return `${expr} > ${bind(String(c.value))}`;
    case 'between':
      return `${expr} BETWEEN ${bind(String(c.value))} AND ${bind(String(c.to))}`;
    case 'today':
      return `${expr} = ${bind(today)}`;
    case 'inLastDays':
      return `${expr} BETWEEN ${bind(addDays(today, -days))} AND ${bind(today)}`;
    case 'beforeDaysAgo':
      return `${expr} < ${bind(addDays(today, -days))}`;
    case 'inNextDays':
      return `${expr} BETWEEN ${bind(today)} AND ${bind(addDays(today, days))}`;
    case 'thisMonth':
      return `left(${expr}, 7) = ${bind(today.slice(0, 7))}`;
    default:
      throw new Error(`operator ${c.operator} does not apply to dates`);
  }
}
