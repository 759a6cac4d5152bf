// What makes a rule tree valid beyond its JSON shape, each problem with the path of its node.
// Pure, so the rule builder and the API report the same list.
import type { FieldError } from '../platform/errors.ts';
import type { StoredDataset } from '../profiles/datasets/store.ts';
import { OPERATORS_BY_TYPE, type AttributeType, type RuleNode } from './model.ts';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const NEEDS_VALUE = new Set([
  'equals',
  'notEquals',
  'gt',
  'gte',
  'lt',
  'lte',
  'startsWith',
  'contains',
  'like',
  'on',
  'before',
  'after',
  'between',
]);
const NEEDS_DAYS = new Set(['inLastDays', 'beforeDaysAgo', 'inNextDays']);

interface Comparable {
  type: AttributeType;
  operator: string;
  value?: unknown;
  values?: unknown[] | undefined;
  to?: unknown;
  days?: number | undefined;
  timezone?: string | undefined;
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

function valueFits(type: AttributeType, value: unknown): boolean {
  switch (type) {
    case 'string':
      return typeof value === 'string';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'date':
      return (
        typeof value === 'string' &&
        DATE.test(value) &&
        !Number.isNaN(Date.parse(`${value}T00:00:00Z`))
      );
  }
}

export function comparableViolations(c: Comparable, path: string): FieldError[] {
  const problems: FieldError[] = [];
  const allowed: readonly string[] = OPERATORS_BY_TYPE[c.type];
  if (!allowed.includes(c.operator)) {
    return [
      {
        path: `${path}/operator`,
        message: `"${c.operator}" does not apply to ${c.type} values; use one of ${allowed.join(', ')}`,
      },
    ];
  }
  const textOnly =
    c.operator === 'startsWith' || c.operator === 'contains' || c.operator === 'like';
  if (NEEDS_VALUE.has(c.operator)) {
    if (c.value === undefined)
      problems.push({ path: `${path}/value`, message: `is required for ${c.operator}` });
    else if (!(textOnly ? typeof c.value === 'string' : valueFits(c.type, c.value)))
      problems.push({
        path: `${path}/value`,
        message: `must be a ${c.type === 'date' ? 'date (YYYY-MM-DD)' : c.type}`,
      });
  }
  if (c.operator === 'between' && (c.to === undefined || !valueFits(c.type, c.to)))
    problems.push({
      path: `${path}/to`,
      message: `must be a ${c.type === 'date' ? 'date (YYYY-MM-DD)' : c.type}`,
    });
  if (c.operator === 'in' || c.operator === 'notIn') {
    if (!c.values || c.values.length === 0)
      problems.push({
        path: `${path}/values`,
        message: `needs at least one value for ${c.operator}`,
      });
    else
      c.values.forEach(
        (v, i) =>
          valueFits(c.type, v) ||
          problems.push({ path: `${path}/values/${i}`, message: `must be a ${c.type}` }),
      );
  }
  if (NEEDS_DAYS.has(c.operator) && c.days === undefined)
    problems.push({ path: `${path}/days`, message: `is required for ${c.operator}` });
  if (c.timezone !== undefined && !isTimeZone(c.timezone))
    problems.push({ path: `${path}/timezone`, message: 'is not an IANA time zone' });
  return problems;
}

const NUMERIC_COLUMN = new Set(['integer', 'decimal']);

function columnType(type: string): AttributeType {
  if (NUMERIC_COLUMN.has(type)) return 'number';
  if (type === 'date' || type === 'timestamp') return 'date';
  return type === 'boolean' ? 'boolean' : 'string';
}

export interface RuleContext {
  /** Only the columns and the link of each dataset are read. */
  datasets: Map<string, Pick<StoredDataset, 'columns' | 'link'>>;
  /** Audience ids that exist in the sandbox. */
  audiences: Set<string>;
  lists: Set<string>;
}

export function ruleViolations(
  node: RuleNode,
  context: RuleContext,
  path = '/rule/root',
): FieldError[] {
  switch (node.kind) {
    case 'group':
      return node.children.flatMap((child, i) =>
        ruleViolations(child, context, `${path}/children/${i}`),
      );
    case 'attribute':
      return comparableViolations(node, path);
    case 'consent':
      return [];
    case 'subscription':
      return context.lists.has(node.listId)
        ? []
        : [{ path: `${path}/listId`, message: 'no such subscription list' }];
    case 'audience':
      return context.audiences.has(node.audienceId)
        ? []
        : [{ path: `${path}/audienceId`, message: 'no such audience' }];
    case 'event': {
      const problems = (node.where ?? []).flatMap((f, i) =>
        comparableViolations(f, `${path}/where/${i}`),
      );
      if (
        node.window &&
        'from' in node.window &&
        node.window.from &&
        node.window.to &&
        node.window.from >= node.window.to
      )
        problems.push({ path: `${path}/window`, message: 'from must be before to' });
      return problems;
    }
    case 'dataset': {
      const dataset = context.datasets.get(node.dataset);
      if (!dataset)
        return [{ path: `${path}/dataset`, message: `no dataset named "${node.dataset}"` }];
      if (dataset.link?.kind !== 'profile')
        return [
          {
            path: `${path}/dataset`,
            message: `dataset "${node.dataset}" is not linked to profiles`,
          },
        ];
      const problems: FieldError[] = [];
      (node.where ?? []).forEach((filter, i) => {
        const column = dataset.columns.find((c) => c.name === filter.field);
        if (!column)
          problems.push({
            path: `${path}/where/${i}/field`,
            message: `"${filter.field}" is not a column of ${node.dataset}`,
          });
        else if (columnType(column.type) !== filter.type)
          problems.push({
            path: `${path}/where/${i}/type`,
            message: `column ${filter.field} holds ${columnType(column.type)} values`,
          });
        else problems.push(...comparableViolations(filter, `${path}/where/${i}`));
      });
      if (node.aggregate) {
        const column = dataset.columns.find((c) => c.name === node.aggregate?.field);
        if (!column || !NUMERIC_COLUMN.has(column.type))
          problems.push({ path: `${path}/aggregate/field`, message: 'must be a numeric column' });
      }
      return problems;
    }
  }
}

/** Audience ids a rule refers to directly. */
export function referencedAudiences(node: RuleNode): string[] {
  if (node.kind === 'group') return node.children.flatMap(referencedAudiences);
  return node.kind === 'audience' ? [node.audienceId] : [];
}

export function referencedDatasets(node: RuleNode): string[] {
  if (node.kind === 'group') return node.children.flatMap(referencedDatasets);
  return node.kind === 'dataset' ? [node.dataset] : [];
}
