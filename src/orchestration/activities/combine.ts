// Combine: the union, intersection or exclusion of several populations of one dimension, with
// the rows left out as a complement. Rows are matched by the dimension's keys (unique within a
// population). A kept column is read from the first input, in the inputs' order (the primary
// first for an exclusion), that has both the column and the row.
import { assertNever } from '../../platform/assert.ts';
import type { ActivityContext, ActivityOutcome, Worktable } from '../engine/types.ts';
import {
  activityFailed,
  col,
  dimensionLabel,
  findColumn,
  keysMatch,
  qualified,
  sameDimension,
  worktableRef,
} from './population.ts';

type Operation = ActivityContext<'combine'>['activity']['config']['operation'];

export async function runCombine(context: ActivityContext<'combine'>): Promise<ActivityOutcome> {
  const { config } = context.activity;
  const inputs = combineInputs(context);
  const primary = primaryIndex(context, inputs);
  const first = inputs[0]!;
  const keys = first.keys;
  const kept = config.columns === 'keys' ? [] : config.columns.filter((c) => !keys.includes(c));
  const plan: CombinePlan = { inputs, keys, kept, primary };

  const outSelect = resultSelect(plan, config.operation);
  context.log(`Combine (${config.operation}) of ${inputs.length} populations`, outSelect);
  const out = await context.createWorktable('out', {
    dimension: first.dimension,
    keys,
    select: outSelect,
  });
  const outputs: Record<string, Worktable | null> = { out };
  if (config.complement) {
    const complementSelect = everyRowSelect(plan, `NOT (${membership(plan, config.operation)})`);
    context.log('Complement: rows of the inputs not in the result', complementSelect);
    outputs.complement = await context.createWorktable('complement', {
      dimension: first.dimension,
      keys,
      select: complementSelect,
    });
  }
  return { kind: 'done', outputs };
}

interface CombinePlan {
  inputs: Worktable[];
  keys: string[];
  /** Extra columns to keep, after the keys. */
  kept: string[];
  primary: number;
}

function combineInputs(context: ActivityContext<'combine'>): Worktable[] {
  const inputs = context.inputs.map(
    (input) =>
      input.worktable ?? activityFailed(`The input from ${input.from} carries no population.`),
  );
  const first = inputs[0] ?? activityFailed('Combine needs at least one incoming population.');
  for (const other of inputs.slice(1))
    if (
      !sameDimension(first.dimension, other.dimension) ||
      first.keys.join(',') !== other.keys.join(',')
    )
      activityFailed(
        `Combine needs populations of one dimension: ${dimensionLabel(first.dimension)} and ${dimensionLabel(other.dimension)} differ.`,
      );
  return inputs;
}

function primaryIndex(context: ActivityContext<'combine'>, inputs: Worktable[]): number {
  const { primary, operation } = context.activity.config;
  if (operation !== 'exclusion' || primary === undefined) return 0;
  const index = context.inputs.findIndex((input) => input.from === primary);
  if (index < 0 || !inputs[index])
    activityFailed(`The primary population (from ${primary}) is not an input of this activity.`);
  return index;
}

/** Input indexes in the order their columns are preferred. */
function preference(plan: CombinePlan, operation: Operation): number[] {
  const all = plan.inputs.map((_, i) => i);
  if (operation !== 'exclusion') return all;
  return [plan.primary, ...all.filter((i) => i !== plan.primary)];
}

/**
 * The expression of one kept column over aliases `i0…`: the value of the first candidate input
 * that has the column and, unless `present` is known, the row.
 */
function keptColumn(plan: CombinePlan, name: string, candidates: number[], present: boolean) {
  const sources = candidates.filter((i) => findColumn(plan.inputs[i]!, name));
  const types = new Set(sources.map((i) => findColumn(plan.inputs[i]!, name)!.type));
  if (sources.length === 0) activityFailed(`No input population has the column ${name}.`);
  if (types.size > 1)
    activityFailed(
      `The column ${name} has different types in the inputs: ${[...types].join(', ')}.`,
    );
  const value = (i: number) => `i${i}.${col(name)}`;
  // A LEFT JOIN already gives NULL where its row is missing.
  if (present || sources.length === 1)
    return { sql: `${value(sources[0]!)} AS ${col(name)}`, sources: [sources[0]!] };
  const firstKey = col(plan.keys[0]!);
  const branches = sources.map((i) => `WHEN i${i}.${firstKey} IS NOT NULL THEN ${value(i)}`);
  return { sql: `CASE ${branches.join(' ')} END AS ${col(name)}`, sources };
}

/** The inputs' distinct keys as `a`, with each input joined as `i<n>` when `joined` says so. */
function keySet(plan: CombinePlan, joined: (i: number) => boolean): string {
  const keyList = plan.keys.map(col).join(', ');
  const union = plan.inputs
    .map((w) => `SELECT ${keyList} FROM ${worktableRef(w.table)}`)
    .join(' UNION ');
  const joins = plan.inputs
    .map((w, i) =>
      joined(i)
        ? ` LEFT JOIN ${worktableRef(w.table)} i${i} ON ${keysMatch(plan.keys, `i${i}`, 'a')}`
        : '',
    )
    .join('');
  return `(${union}) a${joins}`;
}

/** Whether the key row `a` (every input joined) belongs to the result. */
function membership(plan: CombinePlan, operation: Operation): string {
  const present = (i: number) => `i${i}.${col(plan.keys[0]!)} IS NOT NULL`;
  switch (operation) {
    case 'union':
      return 'true';
    case 'intersection':
      return plan.inputs.map((_, i) => present(i)).join(' AND ');
    case 'exclusion':
      return plan.inputs
        .map((_, i) => (i === plan.primary ? present(i) : `NOT ${present(i)}`))
        .join(' AND ');
    default:
      return assertNever(operation);
  }
}

/** Rows of the union of the inputs that satisfy `where`, with every input joined. */
function everyRowSelect(plan: CombinePlan, where: string): string {
  const order = preference(plan, 'exclusion');
  const columns = plan.kept.map((name) => keptColumn(plan, name, order, false).sql);
  const select = [qualified('a', plan.keys), ...columns].join(', ');
  return `SELECT ${select} FROM ${keySet(plan, () => true)} WHERE ${where}`;
}

function resultSelect(plan: CombinePlan, operation: Operation): string {
  const tables = plan.inputs.map((w) => worktableRef(w.table));
  switch (operation) {
    case 'union': {
      const columns = plan.kept.map((name) =>
        keptColumn(plan, name, preference(plan, operation), false),
      );
      const used = new Set(columns.flatMap((c) => c.sources));
      const select = [qualified('a', plan.keys), ...columns.map((c) => c.sql)].join(', ');
      return `SELECT ${select} FROM ${keySet(plan, (i) => used.has(i))}`;
    }
    case 'intersection': {
      const columns = plan.kept.map((name) =>
        keptColumn(plan, name, preference(plan, operation), true),
      );
      const joins = tables
        .slice(1)
        .map((t, n) => ` JOIN ${t} i${n + 1} ON ${keysMatch(plan.keys, `i${n + 1}`, 'i0')}`);
      const select = [qualified('i0', plan.keys), ...columns.map((c) => c.sql)].join(', ');
      return `SELECT ${select} FROM ${tables[0]!} i0${joins.join('')}`;
    }
    case 'exclusion': {
      const p = plan.primary;
      const columns = plan.kept.map((name) => keptColumn(plan, name, [p], true));
      const excluded = tables
        .map((t, i) =>
          i === p
            ? ''
            : ` AND NOT EXISTS (SELECT 1 FROM ${t} i${i} WHERE ${keysMatch(plan.keys, `i${i}`, `i${p}`)})`,
        )
        .join('');
      const select = [qualified(`i${p}`, plan.keys), ...columns.map((c) => c.sql)].join(', ');
      return `SELECT ${select} FROM ${tables[p]!} i${p} WHERE true${excluded}`;
    }
    default:
      return assertNever(operation);
  }
}
