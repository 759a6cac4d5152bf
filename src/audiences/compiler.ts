// Rule tree → one parameterised PostgreSQL query over profiles. Every condition becomes a
// set-based predicate (`p.id IN (SELECT …)`) that PostgreSQL can run as a hashed semi-join.
// Conditions that aggregate (event counts and sums, dataset conditions) cost as much as the
// events or rows they read; at the top of an AND they only read the rows of the profiles that
// the other conditions leave (see `compileRule`).
import { escapeIdentifier } from 'pg';
import { assertNever } from '../platform/assert.ts';
import { POSTGRES_TYPES } from '../profiles/datasets/definition.ts';
import type { StoredDataset } from '../profiles/datasets/store.ts';
import { DATASET_SCHEMA } from '../profiles/datasets/store.ts';
import type {
  Aggregate,
  Comparison,
  DatasetCondition,
  EventCondition,
  FieldFilter,
  RuleNode,
  RuleTree,
  TimeWindow,
} from './model.ts';
import { columnSource, comparison, jsonSource, Params, pathLiteral } from './predicates.ts';

export interface Catalog {
  datasets: Map<string, StoredDataset>;
  audiences: Map<string, RuleTree>;
  /** Uploaded audiences reached: id → the completed upload whose rows are the members. */
  uploads?: Map<string, string | null>;
}

export interface CompiledQuery {
  /** `SELECT p.id FROM profiles p WHERE …` with $1 the sandbox. */
  sql: string;
  params: unknown[];
  /** Its attribute conditions on their own, for sampling their share (`planning.ts`). */
  attributeFilter?: CompiledQuery | undefined;
}

interface Context {
  params: Params;
  sandbox: string;
  now: Date;
  catalog: Catalog;
  /** Audiences being expanded, to stop at a cycle. */
  stack: string[];
  /** A subquery of the only profiles that matter here; aggregating conditions read just those. */
  restrictTo?: string | undefined;
}

const SQL_COMPARISON: Record<Comparison, string> = {
  gte: '>=',
  lte: '<=',
  eq: '=',
  gt: '>',
  lt: '<',
};

/** Whether `count <comparison> value` holds for a count of zero. */
export function compareNumbers(left: number, op: Comparison, right: number): boolean {
  switch (op) {
    case 'gte':
      return left >= right;
    case 'gt':
      return left > right;
    case 'lte':
      return left <= right;
    case 'lt':
      return left < right;
    case 'eq':
      return left === right;
  }
}

function windowSql(window: TimeWindow | undefined, ctx: Context): string[] {
  if (!window) return [];
  if ('lastDays' in window)
    return [
      `e.at >= ${ctx.params.add(new Date(ctx.now.getTime() - window.lastDays * 86_400_000).toISOString())}::timestamptz`,
    ];
  const parts: string[] = [];
  if (window.from) parts.push(`e.at >= ${ctx.params.add(window.from)}::timestamptz`);
  if (window.to) parts.push(`e.at < ${ctx.params.add(window.to)}::timestamptz`);
  return parts;
}

function aggregateSql(expression: string, aggregate: Aggregate, ctx: Context): string {
  return `${aggregate.fn}(${expression}) ${SQL_COMPARISON[aggregate.comparison]} ${ctx.params.add(aggregate.value)}::numeric`;
}

/** `p.id IN (rows GROUP BY … HAVING …)`, or NOT IN of the complement when zero rows also qualify. */
function grouped(
  select: string,
  from: string,
  conditions: string[],
  having: string[],
  countRule: { comparison: Comparison; value: number } | undefined,
  ctx: Context,
): string {
  // For a profile of `restrictTo`, membership of the restricted set is membership of the whole.
  const where = ctx.restrictTo ? [...conditions, `${select} IN (${ctx.restrictTo})`] : conditions;
  const whereSql = where.length ? ` WHERE ${where.join(' AND ')}` : '';
  if (having.length === 0) return `p.id IN (SELECT ${select} FROM ${from}${whereSql})`;
  const groupBy = ` GROUP BY ${select}`;
  if (
    countRule &&
    compareNumbers(0, countRule.comparison, countRule.value) &&
    having.length === 1
  ) {
    return `p.id NOT IN (SELECT ${select} FROM ${from}${whereSql}${groupBy} HAVING NOT (${having.join(' AND ')}))`;
  }
  return `p.id IN (SELECT ${select} FROM ${from}${whereSql}${groupBy} HAVING ${having.join(' AND ')})`;
}

function eventSql(node: EventCondition, ctx: Context): string {
  const where = [
    `e.sandbox_id = $1`,
    `e.type = ${ctx.params.add(node.type)}`,
    ...windowSql(node.window, ctx),
  ];
  for (const filter of node.where ?? [])
    where.push(
      comparison(jsonSource('e.properties', filter.field.split('.')), filter, ctx.params, ctx.now),
    );
  const having: string[] = [];
  const count =
    node.count ?? (node.aggregate ? undefined : { comparison: 'gte' as const, value: 1 });
  if (count && !(count.comparison === 'gte' && count.value === 1 && !node.aggregate))
    having.push(`count(*) ${SQL_COMPARISON[count.comparison]} ${ctx.params.add(count.value)}`);
  if (node.aggregate)
    having.push(
      aggregateSql(
        `clarion_num(e.properties #> ${pathLiteral(node.aggregate.field.split('.'))})`,
        node.aggregate,
        ctx,
      ),
    );
  return grouped('e.profile_id', 'profile_events e', where, having, count, ctx);
}

function datasetFilter(dataset: StoredDataset, filter: FieldFilter, ctx: Context): string {
  const column = dataset.columns.find((c) => c.name === filter.field);
  if (!column) throw new Error(`dataset ${dataset.name} has no column ${filter.field}`);
  return comparison(
    columnSource(`d.${escapeIdentifier(column.name)}`, POSTGRES_TYPES[column.type]),
    filter,
    ctx.params,
    ctx.now,
  );
}

function datasetSql(node: DatasetCondition, ctx: Context): string {
  const dataset = ctx.catalog.datasets.get(node.dataset);
  const link = dataset?.link;
  if (!dataset || link?.kind !== 'profile')
    throw new Error(`dataset ${node.dataset} is not linked to profiles`);
  const table = `${escapeIdentifier(DATASET_SCHEMA)}.${escapeIdentifier(dataset.tableName)} d`;
  const linkColumn = `d.${escapeIdentifier(link.column)}`;
  const where = (node.where ?? []).map((f) => datasetFilter(dataset, f, ctx));
  let select: string;
  let from: string;
  if (link.by === 'profileId') {
    select = 'p2.id';
    from = `${table} JOIN profiles p2 ON p2.sandbox_id = $1 AND p2.id::text = ${linkColumn}`;
  } else {
    select = 'i.profile_id';
    const value = link.by === 'email' ? `lower(${linkColumn})` : linkColumn;
    from = `${table} JOIN profile_identities i ON i.sandbox_id = $1 AND i.namespace = ${ctx.params.add(link.by)} AND i.value = ${value}`;
  }
  const having: string[] = [];
  if (node.count)
    having.push(
      `count(*) ${SQL_COMPARISON[node.count.comparison]} ${ctx.params.add(node.count.value)}`,
    );
  if (node.aggregate) {
    const column = dataset.columns.find((c) => c.name === node.aggregate?.field);
    if (!column) throw new Error(`dataset ${dataset.name} has no column ${node.aggregate.field}`);
    having.push(aggregateSql(`d.${escapeIdentifier(column.name)}::numeric`, node.aggregate, ctx));
  }
  const matched = grouped(select, from, where, having, node.count, ctx);
  return node.exists ? matched : `NOT (${matched})`;
}

function nodeSql(node: RuleNode, ctx: Context): string {
  switch (node.kind) {
    case 'group': {
      const parts = node.children.map((child) => nodeSql(child, ctx));
      switch (node.op) {
        case 'and':
          return `(${parts.join(' AND ')})`;
        case 'or':
          return `(${parts.join(' OR ')})`;
        case 'except':
          // A comparison on a missing value is NULL; NOT must see it as false, as AND/OR already do.
          return parts.length === 1
            ? `(${parts[0]})`
            : `(${parts[0]} AND NOT coalesce(${parts.slice(1).join(' OR ')}, false))`;
      }
      return assertNever(node.op);
    }
    case 'attribute':
      return comparison(
        jsonSource('p.attributes', node.path.split('.')),
        node,
        ctx.params,
        ctx.now,
      );
    case 'consent':
      return node.status === 'unknown'
        ? `p.id NOT IN (SELECT c.profile_id FROM profile_consent c WHERE c.sandbox_id = $1 AND c.channel = ${ctx.params.add(node.channel)})`
        : `p.id IN (SELECT c.profile_id FROM profile_consent c WHERE c.sandbox_id = $1 AND c.channel = ${ctx.params.add(node.channel)} AND c.status = ${ctx.params.add(node.status)})`;
    case 'subscription':
      return `p.id IN (SELECT m.profile_id FROM subscription_members m WHERE m.sandbox_id = $1 AND m.list_id = ${ctx.params.add(node.listId)}::uuid)`;
    case 'event':
      return eventSql(node, ctx);
    case 'dataset':
      return datasetSql(node, ctx);
    case 'audience': {
      const upload = ctx.catalog.uploads?.get(node.audienceId);
      if (upload !== undefined)
        return upload === null
          ? 'false'
          : `p.id IN (SELECT m.profile_id FROM audience_members m WHERE m.sandbox_id = $1 AND m.audience_id = ${ctx.params.add(node.audienceId)}::uuid AND m.import_id = ${ctx.params.add(upload)}::uuid)`;
      const tree = ctx.catalog.audiences.get(node.audienceId);
      if (!tree) throw new Error(`audience ${node.audienceId} is not in the catalog`);
      if (ctx.stack.includes(node.audienceId))
        throw new Error(`audience ${node.audienceId} refers to itself`);
      ctx.stack.push(node.audienceId);
      const sql = nodeSql(tree.root, ctx);
      ctx.stack.pop();
      return sql;
    }
  }
}

export function compileRule(
  rule: RuleTree,
  options: { sandboxId: string; now: Date; catalog: Catalog; selfId?: string },
): CompiledQuery {
  const params = new Params();
  params.add(options.sandboxId);
  const ctx: Context = {
    params,
    sandbox: '$1',
    now: options.now,
    catalog: options.catalog,
    stack: options.selfId ? [options.selfId] : [],
  };
  const root = rule.root;
  const staged =
    root.kind === 'group' && root.op === 'and' ? splitAggregating(root.children) : undefined;
  if (!staged) {
    const predicate = nodeSql(root, ctx);
    return {
      sql: `SELECT p.id FROM profiles p WHERE p.sandbox_id = $1 AND ${predicate}`,
      params: params.values,
      attributeFilter: compileAttributeFilter(rule, options),
    };
  }
  // The other conditions first, materialised once; the aggregating ones then read only the
  // events and dataset rows of those candidates (by index when there are few, by hash otherwise).
  const filters = staged.filters.map((child) => nodeSql(child, ctx));
  const restricted = { ...ctx, restrictTo: 'SELECT cand.id FROM candidates cand' };
  const aggregating = staged.aggregating.map((child) => nodeSql(child, restricted));
  return {
    sql:
      `WITH candidates AS MATERIALIZED (SELECT p.id FROM profiles p WHERE p.sandbox_id = $1 AND ${filters.join(' AND ')}) ` +
      `SELECT p.id FROM candidates p WHERE ${aggregating.join(' AND ')}`,
    params: params.values,
    attributeFilter: compileAttributeFilter(rule, options),
  };
}

/**
 * Whether a condition reads many rows per profile: dataset and event counts and sums. A plain
 * "has a row / an event" is a semi-join that PostgreSQL runs best flat, beside the other filters.
 */
function aggregates(node: RuleNode): boolean {
  if (node.kind === 'dataset') return node.count !== undefined || node.aggregate !== undefined;
  if (node.kind !== 'event') return false;
  return (
    node.aggregate !== undefined ||
    (node.count !== undefined && !(node.count.comparison === 'gte' && node.count.value === 1))
  );
}

/** The children of an AND split into plain filters and aggregating conditions, when both occur. */
function splitAggregating(
  children: RuleNode[],
): { filters: RuleNode[]; aggregating: RuleNode[] } | undefined {
  const aggregating = children.filter(aggregates);
  const filters = children.filter((child) => !aggregates(child));
  return aggregating.length > 0 && filters.length > 0 ? { filters, aggregating } : undefined;
}

/**
 * The rule's attribute conditions at the top of an AND (or the root itself, when it is one) as a
 * predicate over `profiles p` with $1 the sandbox. PostgreSQL keeps no statistics for JSON paths
 * and guesses 0.5 % of rows per value; `src/audiences/planning.ts` measures them on a sample.
 */
export function compileAttributeFilter(
  rule: RuleTree,
  options: { sandboxId: string; now: Date; catalog: Catalog },
): CompiledQuery | undefined {
  const root = rule.root;
  const nodes =
    root.kind === 'attribute'
      ? [root]
      : root.kind === 'group' && root.op === 'and'
        ? root.children.filter((child) => child.kind === 'attribute')
        : [];
  if (nodes.length === 0) return undefined;
  const params = new Params();
  params.add(options.sandboxId);
  const ctx: Context = {
    params,
    sandbox: '$1',
    now: options.now,
    catalog: options.catalog,
    stack: [],
  };
  return { sql: nodes.map((node) => nodeSql(node, ctx)).join(' AND '), params: params.values };
}

/** The query with its values written in, for people to read (never executed). */
export function readableSql(query: CompiledQuery): string {
  const literal = (value: unknown): string =>
    typeof value === 'number' ? String(value) : `'${String(value).replace(/'/g, "''")}'`;
  return query.sql.replace(/\$(\d+)/g, (_match, index: string) => {
    const value = query.params[Number(index) - 1];
    return Array.isArray(value) ? `ARRAY[${value.map(literal).join(', ')}]` : literal(value);
  });
}
