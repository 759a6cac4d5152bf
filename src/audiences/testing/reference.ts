// A direct, row-by-row evaluator of rule trees over plain data. It is slow and simple on
// purpose: tests compare the compiled SQL against it.
import { assertNever } from '../../platform/assert.ts';
import { compareNumbers } from '../compiler.ts';
import type { Comparison, FieldFilter, RuleNode, RuleTree } from '../model.ts';
import { addDays, calendarDate, type Comparable } from '../predicates.ts';

export interface RefProfile {
  id: string;
  email: string;
  attributes: Record<string, unknown>;
  consent: Partial<Record<'email' | 'sms' | 'push', 'y' | 'n'>>;
  lists: string[];
  events: { type: string; at: Date; properties: Record<string, unknown> }[];
}

export interface RefData {
  profiles: RefProfile[];
  /** Dataset rows by dataset name; rows link to profiles by `linkColumn` holding an email. */
  datasets: Record<
    string,
    {
      linkColumn: string;
      columnTypes: Record<string, 'string' | 'number' | 'boolean' | 'date'>;
      rows: Record<string, unknown>[];
    }
  >;
  audiences: Record<string, RuleTree>;
}

function at(value: unknown, path: string[]): unknown {
  let node = value;
  for (const key of path) {
    if (node === null || typeof node !== 'object' || Array.isArray(node)) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

const NUMERIC = /^\s*-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/;

/** How the SQL reads a JSON value as each type (NULL as undefined). */
export function readJson(value: unknown) {
  const present =
    value !== undefined && value !== null && !(typeof value === 'string' && value === '');
  const text =
    value === undefined || value === null
      ? undefined
      : typeof value === 'string'
        ? value
        : typeof value === 'number' || typeof value === 'boolean'
          ? String(value)
          : JSON.stringify(value);
  const number =
    typeof value === 'number'
      ? value
      : typeof value === 'string' && NUMERIC.test(value)
        ? Number(value)
        : undefined;
  const lower = typeof value === 'string' ? value.toLowerCase() : undefined;
  const boolean =
    typeof value === 'boolean'
      ? value
      : lower === 'true' || lower === 'yes' || lower === '1'
        ? true
        : lower === 'false' || lower === 'no' || lower === '0'
          ? false
          : undefined;
  const date =
    typeof value === 'string' && /^\d{4}-\d{2}-\d{2}/.test(value) ? value.slice(0, 10) : undefined;
  return { present, text, number, boolean, date };
}

export function compare(read: ReturnType<typeof readJson>, c: Comparable, now: Date): boolean {
  switch (c.operator) {
    case 'isEmpty':
      return !read.present;
    case 'isNotEmpty':
      return read.present;
    case 'isTrue':
      return read.boolean === true;
    case 'isFalse':
      return read.boolean === false;
    case 'startsWith':
      return read.text !== undefined && read.text.startsWith(String(c.value));
    case 'contains':
      return read.text !== undefined && read.text.includes(String(c.value));
    default:
      break;
  }
  if (c.type === 'date') {
    const d = read.date;
    const today = calendarDate(now, c.timezone ?? 'UTC');
    const days = c.days ?? 0;
    if (d === undefined) return false;
    switch (c.operator) {
      case 'on':
        return d === c.value;
      case 'before':
        return d < String(c.value);
      case 'after':
        return d > String(c.value);
      case 'between':
        return d >= String(c.value) && d <= String(c.to);
      case 'today':
        return d === today;
      case 'inLastDays':
        return d >= addDays(today, -days) && d <= today;
      case 'beforeDaysAgo':
        return d < addDays(today, -days);
      case 'inNextDays':
        return d >= today && d <= addDays(today, days);
      case 'thisMonth':
        return d.slice(0, 7) === today.slice(0, 7);
      default:
        throw new Error(`no reference for ${c.operator}`);
    }
  }
  const value = c.type === 'number' ? read.number : read.text;
  const target = (v: unknown) => (c.type === 'number' ? Number(v) : String(v));
  switch (c.operator) {
    case 'equals':
      return value !== undefined && value === target(c.value);
    case 'notEquals':
      return value === undefined || value !== target(c.value);
    case 'gt':
      return value !== undefined && value > target(c.value);
    case 'gte':
      return value !== undefined && value >= target(c.value);
    case 'lt':
      return value !== undefined && value < target(c.value);
    case 'lte':
      return value !== undefined && value <= target(c.value);
    case 'between':
      return value !== undefined && value >= target(c.value) && value <= target(c.to);
    case 'in':
      return value !== undefined && (c.values ?? []).map(target).includes(value);
    case 'notIn':
      return value === undefined || !(c.values ?? []).map(target).includes(value);
    default:
      throw new Error(`no reference for ${c.operator}`);
  }
}

function grouped(
  rows: Record<string, unknown>[],
  count: { comparison: Comparison; value: number } | undefined,
  aggregate: { fn: string; field: string; comparison: Comparison; value: number } | undefined,
  read: (row: Record<string, unknown>, field: string) => number | undefined,
): boolean {
  if (!count && !aggregate) return rows.length > 0;
  if (count && !aggregate) return compareNumbers(rows.length, count.comparison, count.value);
  if (rows.length === 0 || !aggregate) return false;
  if (count && !compareNumbers(rows.length, count.comparison, count.value)) return false;
  const values = rows
    .map((r) => read(r, aggregate.field))
    .filter((v): v is number => v !== undefined);
  if (values.length === 0) return false;
  const total =
    aggregate.fn === 'sum'
      ? values.reduce((a, b) => a + b, 0)
      : aggregate.fn === 'min'
        ? Math.min(...values)
        : aggregate.fn === 'max'
          ? Math.max(...values)
          : values.reduce((a, b) => a + b, 0) / values.length;
  return compareNumbers(total, aggregate.comparison, aggregate.value);
}

export function evaluate(node: RuleNode, profile: RefProfile, data: RefData, now: Date): boolean {
  switch (node.kind) {
    case 'group': {
      const results = node.children.map((child) => evaluate(child, profile, data, now));
      switch (node.op) {
        case 'and':
          return results.every(Boolean);
        case 'or':
          return results.some(Boolean);
        case 'except':
          return Boolean(results[0]) && !results.slice(1).some(Boolean);
      }
      return assertNever(node.op);
    }
    case 'attribute':
      return compare(readJson(at(profile.attributes, node.path.split('.'))), node, now);
    case 'consent':
      return node.status === 'unknown'
        ? profile.consent[node.channel] === undefined
        : profile.consent[node.channel] === node.status;
    case 'subscription':
      return profile.lists.includes(node.listId);
    case 'event': {
      const from =
        node.window && 'lastDays' in node.window
          ? new Date(now.getTime() - node.window.lastDays * 86_400_000)
          : undefined;
      const events = profile.events.filter(
        (e) =>
          e.type === node.type &&
          (!from || e.at >= from) &&
          (node.where ?? []).every((f: FieldFilter) =>
            compare(readJson(at(e.properties, f.field.split('.'))), f, now),
          ),
      );
      const count =
        node.count ?? (node.aggregate ? undefined : { comparison: 'gte' as const, value: 1 });
      return grouped(
        events.map((e) => e.properties),
        count,
        node.aggregate,
        (row, field) => readJson(at(row, field.split('.'))).number,
      );
    }
    case 'dataset': {
      const dataset = data.datasets[node.dataset];
      if (!dataset) throw new Error(`no dataset ${node.dataset}`);
      const rows = dataset.rows.filter(
        (row) =>
          readJson(row[dataset.linkColumn]).text?.toLowerCase() === profile.email &&
          (node.where ?? []).every((f) => compare(readJson(row[f.field]), f, now)),
      );
      const matched = grouped(
        rows,
        node.count,
        node.aggregate,
        (row, field) => readJson(row[field]).number,
      );
      return node.exists ? matched : !matched;
    }
    case 'audience': {
      const tree = data.audiences[node.audienceId];
      if (!tree) throw new Error(`no audience ${node.audienceId}`);
      return evaluate(tree.root, profile, data, now);
    }
  }
}
