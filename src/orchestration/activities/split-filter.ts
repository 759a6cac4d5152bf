// The filters of a Split's subsets as SQL predicates over the input's rows: each a Targeting
// over the input's dimension. Filters on the worktable's own columns are written directly over
// the worktable; audience rules, linked rows and columns of the dimension's dataset go through
// the targeting compiler, which joins the rows to their dataset.
import { Params, columnSource, comparison } from '../../audiences/predicates.ts';
import type { ActivityContext, Worktable } from '../engine/types.ts';
import { loadTargetingCatalog, mergeNeeds, targetingNeeds } from '../targeting/catalog.ts';
import { shortType, targetingConditions } from '../targeting/compile.ts';
import { worktableSource } from '../targeting/sources.ts';
import { newSqlContext } from '../targeting/sql-context.ts';
import type { Targeting } from '../model.ts';
import { activityFailed, col, findColumn, worktableRef } from './population.ts';

export interface SplitFilters {
  /** Bound values (only those the statement reads: PostgreSQL refuses others). */
  params: Params;
  /** The FROM items: the input as `alias`, with what the predicates need joined. */
  from: string;
  alias: string;
  /** One predicate per subset (`true` for a subset without a filter). */
  predicates: string[];
}

function readsOnlyOwnColumns(input: Worktable, targeting: Targeting | undefined): boolean {
  if (!targeting) return true;
  if (targeting.rule || targeting.linked?.length) return false;
  return (targeting.where ?? []).every((filter) => findColumn(input, filter.field));
}

function and(conditions: string[]): string {
  return conditions.length ? `(${conditions.join(' AND ')})` : 'true';
}

export async function compileSplitFilters(
  context: ActivityContext<'split'>,
  input: Worktable,
  filters: (Targeting | undefined)[],
): Promise<SplitFilters> {
  if (filters.every((targeting) => readsOnlyOwnColumns(input, targeting)))
    return ownColumnFilters(context, input, filters);
  if (input.dimension.kind === 'file')
    activityFailed(
      'Rows of a file are linked to nothing: filter on their columns, or reconcile them first.',
    );
  const needs = mergeNeeds(...filters.map((f) => targetingNeeds(input.dimension, f)));
  const catalog = await loadTargetingCatalog(context.client, context.sandboxId, needs);
  const ctx = newSqlContext(context.sandboxId, context.now, catalog);
  const source = worktableSource(input, ctx);
  const predicates = filters.map((targeting) =>
    targeting ? and(targetingConditions(targeting, source, ctx)) : 'true',
  );
  return { params: ctx.params, from: source.from, alias: source.alias, predicates };
}

/** Filters on the worktable's own columns only: no catalog, no join. */
function ownColumnFilters(
  context: ActivityContext<'split'>,
  input: Worktable,
  filters: (Targeting | undefined)[],
): SplitFilters {
  const params = new Params();
  const predicates = filters.map((targeting) => {
    const conditions = (targeting?.where ?? []).map((filter) => {
      const column = findColumn(input, filter.field)!;
      const source = columnSource(`t.${col(column.name)}`, shortType(column.type));
      return comparison(source, filter, params, context.now);
    });
    return and(conditions);
  });
  return { params, from: `${worktableRef(input.table)} t`, alias: 't', predicates };
}
