// Deduplication: rows that share the values of `columns` form a group (NULLs group together);
// each group keeps its first `keep` rows in the method's order, ties broken by the keys. The
// rest are the duplicates. One window pass ranks the rows.
import { assertNever } from '../../platform/assert.ts';
import type { ActivityContext, ActivityOutcome, Worktable } from '../engine/types.ts';
import {
  activityFailed,
  col,
  createScratch,
  dropScratch,
  isTextType,
  onlyInput,
  qualified,
  randomOrder,
  randomSeed,
  requireColumn,
  safeType,
  worktableRef,
} from './population.ts';

type Method = ActivityContext<'deduplication'>['activity']['config']['method'];

export async function runDeduplication(
  context: ActivityContext<'deduplication'>,
): Promise<ActivityOutcome> {
  const { columns, keep, method, duplicatesOutput } = context.activity.config;
  const input = onlyInput(context);
  for (const name of columns) requireColumn(input, name);
  const params: unknown[] = [];
  const bind = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  const order = await methodOrder(context, input, method, bind);
  const ranked =
    `SELECT t.*, row_number() OVER (PARTITION BY ${qualified('t', columns)}` +
    ` ORDER BY ${order}, ${qualified('t', input.keys)}) AS __rank` +
    ` FROM ${worktableRef(input.table)} t`;
  const inputColumns = qualified(
    'r',
    input.columns.map((c) => c.name),
  );
  const spec = { dimension: input.dimension, keys: input.keys };

  if (!duplicatesOutput) {
    const select = `SELECT ${inputColumns} FROM (${ranked}) r WHERE r.__rank <= ${bind(keep)}`;
    context.log(`Deduplication on ${columns.join(', ')}, keeping ${keep} per group`, select);
    const out = await context.createWorktable('out', { ...spec, select, params });
    return { kind: 'done', outputs: { out } };
  }
  context.log(`Deduplication on ${columns.join(', ')}, keeping ${keep} per group`, ranked);
  const scratch = await createScratch(context.client, 'dedup_ranked', ranked, params);
  const from = `SELECT ${inputColumns} FROM ${scratch} r WHERE r.__rank`;
  const out = await context.createWorktable('out', {
    ...spec,
    select: `${from} <= $1`,
    params: [keep],
  });
  const duplicates = await context.createWorktable('duplicates', {
    ...spec,
    select: `${from} > $1`,
    params: [keep],
  });
  await dropScratch(context.client, scratch);
  return { kind: 'done', outputs: { out, duplicates } };
}

/** The ORDER BY of the method: the rows it prefers first. */
async function methodOrder(
  context: ActivityContext<'deduplication'>,
  input: Worktable,
  method: Method,
  bind: (value: unknown) => string,
): Promise<string> {
  switch (method.kind) {
    case 'random':
      return randomOrder(bind(randomSeed(context)), 't', input.keys);
    case 'expression': {
      requireColumn(input, method.column);
      const direction = method.keep === 'highest' ? 'DESC' : 'ASC';
      return `t.${col(method.column)} ${direction} NULLS LAST`;
    }
    case 'nonEmpty': {
      const column = requireColumn(input, method.column);
      const value = `t.${col(method.column)}`;
      const present = isTextType(column.type)
        ? `(${value} IS NOT NULL AND ${value} <> '')`
        : `(${value} IS NOT NULL)`;
      return `${present} DESC`;
    }
    case 'priority': {
      const column = requireColumn(input, method.column);
      const type = safeType(column);
      const values = method.values.map(String);
      const invalid = await context.client.query<{ v: string }>(
        `SELECT v FROM unnest($1::text[]) v WHERE NOT pg_input_is_valid(v, $2) LIMIT 1`,
        [values, type],
      );
      if (invalid.rows[0])
        activityFailed(
          `The priority value ${invalid.rows[0].v} is not a ${type} like ${column.name}.`,
        );
      return `array_position(${bind(values)}::text[]::${type}[], t.${col(method.column)}) NULLS LAST`;
    }
    default:
      return assertNever(method);
  }
}
