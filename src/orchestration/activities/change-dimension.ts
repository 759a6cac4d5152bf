// Change dimension: the rows of another dimension linked to the input's rows (a purchase's
// buyer, a profile's purchases, a review's order …), once each unless duplicates are kept. The
// input's extra columns come along when each output row stands for one input row; otherwise
// they are left out, and the log says why.
import { escapeIdentifier } from 'pg';
import { AppError } from '../../platform/errors.ts';
import type { ActivityContext, ActivityOutcome } from '../engine/types.ts';
import {
  dimensionName,
  dimensionRef,
  keyColumns,
  loadTargetingCatalog,
} from '../targeting/catalog.ts';
import { linkedRows } from '../targeting/links.ts';
import { inputPopulation, worktableNeeds, worktableSource } from '../targeting/sources.ts';
import { newSqlContext, qualified, readable } from '../targeting/sql-context.ts';

export async function runChangeDimension(
  context: ActivityContext<'changeDimension'>,
): Promise<ActivityOutcome> {
  const { to, keepDuplicates } = context.activity.config;
  const input = inputPopulation(context.inputs, context.activity.label);
  const needs = worktableNeeds(input);
  if (to.kind === 'dataset') needs.datasets.push(to.dataset);
  const catalog = await loadTargetingCatalog(context.client, context.sandboxId, needs);
  const ctx = newSqlContext(context.sandboxId, context.now, catalog);
  const source = worktableSource(input, ctx);
  const target = dimensionRef(to, catalog);
  if (!source.row || !source.dimension)
    throw new AppError(
      'ACTIVITY_FAILED',
      'Rows of a file are linked to nothing: reconcile them with profiles first.',
    );
  const linked = linkedRows(source.row, target, ctx);
  const keys = keyColumns(target).map((k) => k.name);
  const keySelect = linked.keys.map((expr, i) => `${expr} AS ${escapeIdentifier(keys[i] ?? '')}`);
  const extras = input.columns.map((c) => c.name).filter((c) => !input.keys.includes(c));
  const carried = linked.link.targetToOne || keepDuplicates === true;
  const clashing = extras.filter((c) => keys.includes(c));
  const kept = carried ? extras.filter((c) => !keys.includes(c)) : [];
  if (extras.length && !carried)
    context.log(
      `Columns left out: ${extras.join(', ')} (a row of ${dimensionName(target)} may stand for several input rows; keep duplicates to carry them)`,
    );
  else if (carried && clashing.length)
    context.log(
      `Columns left out: ${clashing.join(', ')} (they name a key of ${dimensionName(target)})`,
    );
  const columns = [...keySelect, ...kept.map((c) => qualified(source.alias, c))].join(', ');
  const distinct = keepDuplicates
    ? ''
    : kept.length
      ? `DISTINCT ON (${linked.keys.join(', ')}) `
      : 'DISTINCT ';
  const order = keepDuplicates || !kept.length ? '' : ` ORDER BY ${linked.keys.join(', ')}`;
  const select =
    `SELECT ${distinct}${columns} FROM ${[source.from, ...linked.from].join(', ')}` +
    ` WHERE ${linked.where.join(' AND ')}${order}`;
  context.log(
    `From ${dimensionName(source.dimension)} to ${dimensionName(target)}`,
    readable(select, ctx),
  );
  const out = await context.createWorktable('out', {
    dimension: to,
    keys,
    select,
    params: ctx.params.values,
  });
  context.log(`${out.count} ${out.count === 1 ? 'row' : 'rows'} of ${dimensionName(target)}`);
  return { kind: 'done', outputs: { out } };
}
