// The filters of a Split's subsets as SQL predicates over the input's rows (alias `t`): each a
// Targeting over the input's dimension. Conditions on the worktable's own columns are written
// here; audience rules and linked rows go through the targeting compiler.
import { Params, columnSource, comparison } from '../../audiences/predicates.ts';
import type { ActivityContext, Worktable } from '../engine/types.ts';
import type { Targeting } from '../model.ts';
import { activityFailed, col, findColumn } from './population.ts';

export interface SplitFilters {
  /** Bound values; `$1` is the sandbox. */
  params: Params;
  /** Joins the predicates need, after `FROM <input> t`. */
  joins: string;
  /** One predicate per subset (`true` for a subset without a filter). */
  predicates: string[];
}

/** A type as `format_type` prints it, in the short form `columnSource` knows. */
function shortType(formatType: string): string {
  if (formatType === 'timestamp with time zone') return 'timestamptz';
  if (formatType.startsWith('character varying')) return 'text';
  return formatType;
}

export function compileSplitFilters(
  context: ActivityContext<'split'>,
  input: Worktable,
  filters: (Targeting | undefined)[],
): Promise<SplitFilters> {
  const params = new Params();
  params.add(context.sandboxId);
  const predicates = filters.map((targeting) => {
    if (!targeting) return 'true';
    if (targeting.rule || targeting.linked?.length)
      activityFailed('Split filters on audience rules or linked rows are not available yet.');
    const conditions = (targeting.where ?? []).map((filter) => {
      const column = findColumn(input, filter.field);
      if (!column) activityFailed(`"${filter.field}" is not a column of the input population.`);
      const source = columnSource(`t.${col(column.name)}`, shortType(column.type));
      return comparison(source, filter, params, context.now);
    });
    return conditions.length ? `(${conditions.join(' AND ')})` : 'true';
  });
  return Promise.resolve({ params, joins: '', predicates });
}
