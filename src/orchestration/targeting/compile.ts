// Targeting over a dimension, as SQL: filters on the row's own columns (`where`), conditions on
// rows of linked datasets (`linked`), and an audience rule the row's profile must match (`rule`),
// all ANDed. Written against a row reference, so the same conditions select rows of a dataset's
// table, of the profiles table, or of a worktable (a Split's subsets).
import {
  compileAttributeFilter,
  compileRule,
  type CompiledQuery,
} from '../../audiences/compiler.ts';
import type { FieldFilter } from '../../audiences/model.ts';
import { asRuleTree } from '../../audiences/store.ts';
import { columnSource, comparison } from '../../audiences/predicates.ts';
import { AppError } from '../../platform/errors.ts';
import { POSTGRES_TYPES } from '../../profiles/datasets/definition.ts';
import type { StoredDataset } from '../../profiles/datasets/store.ts';
import type { LinkedCondition, Targeting } from '../model.ts';
import { datasetOf, type DimensionRef } from './catalog.ts';
import { datasetTable, linkedRows, type RowRef } from './links.ts';
import { embedQuery, qualified, type SqlContext } from './sql-context.ts';

/** A column that filters can read: its SQL and its PostgreSQL type. */
export interface ColumnRef {
  sql: string;
  pgType: string;
}

/** What targeting applies to: a row (null: rows of a file, linked to nothing) and its columns. */
export interface TargetingSource {
  row: RowRef | null;
  columns: Map<string, ColumnRef>;
  /** For messages: "profiles", "dataset purchases", "the input". */
  description: string;
}

export function datasetColumns(dataset: StoredDataset, alias: string): Map<string, ColumnRef> {
  return new Map(
    dataset.columns.map((c) => [
      c.name,
      { sql: qualified(alias, c.name), pgType: POSTGRES_TYPES[c.type] },
    ]),
  );
}

/** A type as `format_type` prints it, in the short form `columnSource` knows. */
export function shortType(formatType: string): string {
  if (formatType === 'timestamp with time zone') return 'timestamptz';
  if (formatType === 'timestamp without time zone') return 'timestamp';
  if (formatType.startsWith('character varying')) return 'text';
  return formatType;
}

export function fieldPredicate(
  filter: FieldFilter,
  columns: Map<string, ColumnRef>,
  of: string,
  ctx: SqlContext,
): string {
  const column = columns.get(filter.field);
  if (!column)
    throw new AppError(
      'ACTIVITY_FAILED',
      columns.size === 0
        ? `${of} have no columns to filter on ("${filter.field}"): use an audience rule.`
        : `"${filter.field}" is not a column of ${of}.`,
    );
  return comparison(columnSource(column.sql, column.pgType), filter, ctx.params, ctx.now);
}

/** The rows of `source` whose profile matches the rule. */
export function rulePredicate(rule: Targeting['rule'], row: RowRef, ctx: SqlContext): string {
  const compiled = compileRule(asRuleTree(rule), {
    sandboxId: ctx.sandboxId,
    now: ctx.now,
    catalog: ctx.catalog,
  });
  const members = embedQuery(compiled, ctx);
  if (row.kind === 'profiles') return `${row.id} IN (${members})`;
  const profile = linkedRows(row, { kind: 'profiles' }, ctx);
  return `EXISTS (SELECT 1 FROM ${profile.from.join(', ')} WHERE ${[...profile.where, `${profile.keys[0]} IN (${members})`].join(' AND ')})`;
}

function linkedPredicate(condition: LinkedCondition, row: RowRef, ctx: SqlContext): string {
  const dataset = datasetOf(ctx.catalog, condition.dataset);
  const linked = linkedRows(row, { kind: 'dataset', dataset }, ctx);
  if (linked.row.kind !== 'dataset') throw new Error('a dataset link leads to a dataset row');
  const columns = datasetColumns(dataset, linked.row.alias);
  const filters = (condition.where ?? []).map((f) =>
    fieldPredicate(f, columns, `dataset ${dataset.name}`, ctx),
  );
  const exists = `EXISTS (SELECT 1 FROM ${linked.from.join(', ')} WHERE ${[...linked.where, ...filters].join(' AND ')})`;
  return condition.exists ? exists : `NOT ${exists}`;
}

/** The conditions (to AND) that a row of `source` must meet; none for an empty targeting. */
export function targetingConditions(
  targeting: Targeting,
  source: TargetingSource,
  ctx: SqlContext,
): string[] {
  const conditions = (targeting.where ?? []).map((f) =>
    fieldPredicate(f, source.columns, source.description, ctx),
  );
  const row = source.row;
  if ((targeting.linked?.length || targeting.rule) && !row)
    throw new AppError(
      'ACTIVITY_FAILED',
      `Rows of ${source.description} are linked to nothing: reconcile them with profiles first.`,
    );
  if (!row) return conditions;
  for (const condition of targeting.linked ?? [])
    conditions.push(linkedPredicate(condition, row, ctx));
  if (targeting.rule) conditions.push(rulePredicate(targeting.rule, row, ctx));
  return conditions;
}

/** The base a dimension is selected from, for extra conditions (an incremental query's date). */
export interface DimensionBase {
  alias: string;
  dimension: DimensionRef;
}

/**
 * The keys of the dimension's rows that meet the targeting (and `extra`), as a SELECT whose
 * columns are the worktable keys. A profiles targeting that is only a rule selects the rule's
 * members directly, without reading the profiles table a second time.
 */
export function selectTargeted(
  dimension: DimensionRef,
  targeting: Targeting,
  ctx: SqlContext,
  extra: (base: DimensionBase) => string[] = () => [],
): string {
  const alias = ctx.alias('d');
  const base = { alias, dimension };
  if (dimension.kind === 'profiles') {
    const source: TargetingSource = {
      row: { kind: 'profiles', id: `${alias}.id` },
      columns: new Map(),
      description: 'profiles',
    };
    const extraConditions = extra(base);
    const onlyRule =
      targeting.rule &&
      !targeting.where?.length &&
      !targeting.linked?.length &&
      !extraConditions.length;
    if (onlyRule) {
      const compiled = compileRule(asRuleTree(targeting.rule), {
        sandboxId: ctx.sandboxId,
        now: ctx.now,
        catalog: ctx.catalog,
      });
      return `SELECT ${alias}.id AS profile_id FROM (${embedQuery(compiled, ctx)}) ${alias}`;
    }
    const conditions = [
      `${alias}.sandbox_id = ${ctx.sandbox()}`,
      ...extraConditions,
      ...targetingConditions(targeting, source, ctx),
    ];
    return `SELECT ${alias}.id AS profile_id FROM profiles ${alias} WHERE ${conditions.join(' AND ')}`;
  }
  const dataset = dimension.dataset;
  const source: TargetingSource = {
    row: { kind: 'dataset', dataset, alias },
    columns: datasetColumns(dataset, alias),
    description: `dataset ${dataset.name}`,
  };
  const conditions = [...extra(base), ...targetingConditions(targeting, source, ctx)];
  const keys = dataset.primaryKey.map((k) => qualified(alias, k)).join(', ');
  return `SELECT ${keys} FROM ${datasetTable(dataset, alias)}${conditions.length ? ` WHERE ${conditions.join(' AND ')}` : ''}`;
}

/** A profiles targeting's rule attribute conditions, for sampling their share (see planJoins). */
export function profileAttributeFilter(
  dimension: DimensionRef,
  targeting: Targeting,
  ctx: SqlContext,
): CompiledQuery | undefined {
  if (dimension.kind !== 'profiles' || !targeting.rule) return undefined;
  return compileAttributeFilter(asRuleTree(targeting.rule), {
    sandboxId: ctx.sandboxId,
    now: ctx.now,
    catalog: ctx.catalog,
  });
}
