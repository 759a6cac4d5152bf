// Incremental query: like Build audience, but only rows whose date column is after the
// campaign's watermark for this activity, which the engine moves to the latest date read here
// once a live run has succeeded. The first run (no watermark yet) reads every matching row.
import { escapeIdentifier } from 'pg';
import { applyEvaluationSettings } from '../../audiences/evaluate.ts';
import { describeJoinPlan, planJoins, restoreJoins } from '../../audiences/planning.ts';
import { AppError } from '../../platform/errors.ts';
import type { ActivityContext, ActivityOutcome, Worktable } from '../engine/types.ts';
import { worktableRef } from '../engine/worktables.ts';
import {
  dimensionName,
  dimensionRef,
  keyColumns,
  loadTargetingCatalog,
  targetingNeeds,
  type DimensionRef,
} from '../targeting/catalog.ts';
import { profileAttributeFilter, selectTargeted } from '../targeting/compile.ts';
import { datasetTable } from '../targeting/links.ts';
import { newSqlContext, qualified, readable } from '../targeting/sql-context.ts';

const PROFILE_DATES: Record<string, string> = { createdAt: 'created_at', updatedAt: 'updated_at' };

/** The date column's name in the dimension's table, checked to hold dates. */
function dateColumnOf(ref: DimensionRef, dateColumn: string): string {
  if (ref.kind === 'profiles') {
    const column = PROFILE_DATES[dateColumn];
    if (!column)
      throw new AppError(
        'ACTIVITY_FAILED',
        `Profiles are read by createdAt or updatedAt, not "${dateColumn}".`,
      );
    return column;
  }
  const column = ref.dataset.columns.find((c) => c.name === dateColumn);
  if (!column || (column.type !== 'date' && column.type !== 'timestamp'))
    throw new AppError(
      'ACTIVITY_FAILED',
      `"${dateColumn}" is not a date or timestamp column of dataset ${ref.dataset.name}.`,
    );
  return column.name;
}

async function readWatermark(context: ActivityContext<'incrementalQuery'>): Promise<Date | null> {
  const found = await context.client.query<{ high_water: Date }>(
    `SELECT high_water FROM orchestrated_watermarks
      WHERE sandbox_id = $1 AND campaign_id = $2 AND activity_id = $3`,
    [context.sandboxId, context.campaignId, context.activity.id],
  );
  return found.rows[0]?.high_water ?? null;
}

/** The latest date among the rows just selected. */
async function highWaterOf(
  context: ActivityContext<'incrementalQuery'>,
  ref: DimensionRef,
  column: string,
  out: Worktable,
): Promise<Date | null> {
  const on =
    ref.kind === 'profiles'
      ? 'd.sandbox_id = $1 AND d.id = w.profile_id'
      : ref.dataset.primaryKey
          .map((k) => `${qualified('d', k)} = ${qualified('w', k)}`)
          .join(' AND ');
  const table = ref.kind === 'profiles' ? 'profiles d' : datasetTable(ref.dataset, 'd');
  const found = await context.client.query<{ high: Date | null }>(
    `SELECT max(d.${escapeIdentifier(column)})::timestamptz AS high
       FROM ${worktableRef(out.table)} w JOIN ${table} ON ${on}`,
    ref.kind === 'profiles' ? [context.sandboxId] : [],
  );
  return found.rows[0]?.high ?? null;
}

export async function runIncrementalQuery(
  context: ActivityContext<'incrementalQuery'>,
): Promise<ActivityOutcome> {
  const { dimension, targeting, dateColumn } = context.activity.config;
  const catalog = await loadTargetingCatalog(
    context.client,
    context.sandboxId,
    targetingNeeds(dimension, targeting),
  );
  const ref = dimensionRef(dimension, catalog);
  const column = dateColumnOf(ref, dateColumn);
  const watermark = await readWatermark(context);
  const ctx = newSqlContext(context.sandboxId, context.now, catalog);
  const select = selectTargeted(ref, targeting, ctx, (base) =>
    watermark
      ? [
          `${qualified(base.alias, column)} > ${ctx.params.add(watermark.toISOString())}::timestamptz`,
        ]
      : [],
  );
  context.log(
    watermark
      ? `Selecting ${dimensionName(ref)} with ${dateColumn} after ${watermark.toISOString()}`
      : `Selecting ${dimensionName(ref)}: no earlier successful run, so every date`,
    readable(select, ctx),
  );
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
  const high = out.count > 0 ? await highWaterOf(context, ref, column, out) : null;
  context.log(
    `${out.count} ${out.count === 1 ? 'row' : 'rows'} selected` +
      (high ? `; the latest ${dateColumn} is ${high.toISOString()}` : ''),
  );
  return {
    kind: 'done',
    outputs: { out },
    ...(high ? { state: { highWater: high.toISOString() } } : {}),
  };
}
