// Build audience: the rows of a dimension that meet a targeting (an audience rule for profiles;
// column filters, linked-row conditions and a rule on the linked profile for a dataset). An
// incoming transition only triggers it: its population is not read.
import { applyEvaluationSettings } from '../../audiences/evaluate.ts';
import { describeJoinPlan, planJoins, restoreJoins } from '../../audiences/planning.ts';
import type { ActivityContext, ActivityOutcome } from '../engine/types.ts';
import {
  dimensionName,
  dimensionRef,
  keyColumns,
  loadTargetingCatalog,
  targetingNeeds,
} from '../targeting/catalog.ts';
import { profileAttributeFilter, selectTargeted } from '../targeting/compile.ts';
import { newSqlContext, readable } from '../targeting/sql-context.ts';

export async function runBuildAudience(
  context: ActivityContext<'buildAudience'>,
): Promise<ActivityOutcome> {
  const { dimension, targeting } = context.activity.config;
  const catalog = await loadTargetingCatalog(
    context.client,
    context.sandboxId,
    targetingNeeds(dimension, targeting),
  );
  const ref = dimensionRef(dimension, catalog);
  const ctx = newSqlContext(context.sandboxId, context.now, catalog);
  const select = selectTargeted(ref, targeting, ctx);
  context.log(`Selecting ${dimensionName(ref)}`, readable(select, ctx));
  await applyEvaluationSettings(context.client);
  const joins = await planJoins(context.client, profileAttributeFilter(ref, targeting, ctx));
  const joinLine = describeJoinPlan(joins);
  if (joinLine) context.log(joinLine);
  const out = await context.createWorktable('out', {
    dimension,
    keys: keyColumns(ref).map((k) => k.name),
    select,
    params: ctx.params.values,
  });
  await restoreJoins(context.client, joins);
  context.log(`${out.count} ${out.count === 1 ? 'row' : 'rows'} selected`);
  return { kind: 'done', outputs: { out } };
}
