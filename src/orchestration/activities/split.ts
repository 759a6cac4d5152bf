// Split: ordered subsets of the input, each with a filter and an optional limit (a count and/or
// a percentage of the rows it matched, taken in a column's order or at random). Without overlap
// a row belongs to the first subset whose filter it matches, and rows cut by that subset's limit
// go to the complement; with overlap every subset is drawn from all rows. One statement computes
// each row's subsets into a scratch table; each port is then one worktable read from it.
import type { ActivityContext, ActivityOutcome, Worktable } from '../engine/types.ts';
import type { SplitSubset } from '../model.ts';
import {
  col,
  createScratch,
  dropScratch,
  onlyInput,
  qualified,
  randomOrder,
  randomSeed,
  requireColumn,
} from './population.ts';
import { compileSplitFilters } from './split-filter.ts';

export async function runSplit(context: ActivityContext<'split'>): Promise<ActivityOutcome> {
  const { subsets, overlap, complement } = context.activity.config;
  const input = onlyInput(context);
  for (const subset of subsets)
    if (subset.limit?.orderBy) requireColumn(input, subset.limit.orderBy.column);
  const filters = await compileSplitFilters(
    context,
    input,
    subsets.map((s) => s.filter),
  );
  const bind = (value: unknown) => filters.params.add(value);
  let seed: string | undefined;
  const randomly = (alias: string) =>
    randomOrder((seed ??= bind(randomSeed(context))), alias, input.keys);

  const matched = overlap
    ? filters.predicates.map((p, i) => `coalesce(${p}, false) AS __m${i}`)
    : [
        `CASE ${filters.predicates.map((p, i) => `WHEN ${p} THEN ${i}`).join(' ')} ELSE -1 END AS __subset`,
      ];
  const windows: string[] = [];
  const membership: string[] = [];
  const windowOfOrder = new Map<string, string>();
  const sizes = new Set<string>();
  subsets.forEach((subset, i) => {
    const partition = overlap ? `m.__m${i}` : 'm.__subset';
    const inSubset = overlap ? `w.__m${i}` : `w.__subset = ${i}`;
    const limit = subset.limit;
    if (!limit || (limit.count === undefined && limit.percent === undefined)) {
      membership.push(`${inSubset} AS __s${i}`);
      return;
    }
    const order = limit.orderBy
      ? `m.${col(limit.orderBy.column)} ${limit.orderBy.direction === 'desc' ? 'DESC' : 'ASC'} NULLS LAST`
      : randomly('m');
    // Without overlap, subsets with the same order share one ranking (partitions differ).
    const orderKey = overlap ? `${i}` : order;
    let rank = windowOfOrder.get(orderKey);
    if (!rank) {
      rank = `__r${windowOfOrder.size}`;
      windowOfOrder.set(orderKey, rank);
      windows.push(
        `row_number() OVER (PARTITION BY ${partition} ORDER BY ${order}, ${qualified('m', input.keys)}) AS ${rank}`,
      );
    }
    const caps: string[] = [];
    if (limit.count !== undefined) caps.push(`${bind(limit.count)}::bigint`);
    if (limit.percent !== undefined) {
      const size = overlap ? `__n${i}` : '__n';
      if (!sizes.has(size)) {
        sizes.add(size);
        windows.push(`count(*) OVER (PARTITION BY ${partition}) AS ${size}`);
      }
      caps.push(`floor(w.${size} * ${bind(limit.percent)}::numeric / 100)`);
    }
    const cap = caps.length > 1 ? `least(${caps.join(', ')})` : caps[0]!;
    membership.push(`(${inSubset} AND w.${rank} <= ${cap}) AS __s${i}`);
  });

  const assignment =
    `SELECT w.*, ${membership.join(', ')} FROM (` +
    `SELECT m.*${windows.map((w) => `, ${w}`).join('')} FROM (` +
    `SELECT ${filters.alias}.*, ${matched.join(', ')} FROM ${filters.from}) m) w`;
  context.log(`Split into ${subsets.length} subsets${overlap ? ' (overlapping)' : ''}`, assignment);
  const scratch = await createScratch(
    context.client,
    'split_assignment',
    assignment,
    filters.params.values,
  );
  const outputs: Record<string, Worktable | null> = {};
  const skipped: string[] = [];
  const fromScratch = (where: string) =>
    `SELECT ${qualified(
      'a',
      input.columns.map((c) => c.name),
    )} FROM ${scratch} a WHERE ${where}`;
  for (const [i, subset] of subsets.entries()) {
    const worktable = await portWorktable(context, input, subset.key, fromScratch(`a.__s${i}`));
    outputs[subset.key] = worktable;
    if (subset.skipEmpty && worktable.count === 0) skipped.push(subset.key);
    context.log(`${labelOf(subset)}: ${worktable.count} rows`);
  }
  if (complement) {
    const none = subsets.map((_, i) => `a.__s${i}`).join(' OR ');
    outputs.complement = await portWorktable(
      context,
      input,
      'complement',
      fromScratch(`NOT (${none})`),
    );
  }
  await dropScratch(context.client, scratch);
  return skipped.length ? { kind: 'branch', outputs, skipped } : { kind: 'done', outputs };
}

function portWorktable(
  context: ActivityContext<'split'>,
  input: Worktable,
  port: string,
  select: string,
): Promise<Worktable> {
  return context.createWorktable(port, { dimension: input.dimension, keys: input.keys, select });
}

function labelOf(subset: SplitSubset): string {
  return `${subset.label} (${subset.key})`;
}
