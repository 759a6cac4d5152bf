// Combine, Deduplication and Split against a reference evaluator on random populations and
// configurations: the same rows on every output port (and the same skipped ports, and the same
// failures). Each run reaches PostgreSQL, so runs are few.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FieldFilter } from '../../audiences/model.ts';
import type { Worktable } from '../engine/types.ts';
import type { ActivityConfig, ActivityKind, SplitSubset } from '../model.ts';
import { runActivityForTest, worktableRows } from '../testing/context.ts';
import {
  activityOf,
  openPopulationTest,
  populationOf,
  type PopulationTest,
} from './population.testing.ts';
import {
  ReferenceFailure,
  referenceCombine,
  referenceDeduplication,
  referenceSplit,
  type Column,
  type Population,
  type Ports,
} from './reference.testing.ts';

const RUNS = 40;
const campaignId = '00000000-0000-4000-8000-000000000003';
const seed = `${campaignId}:1`;
let t: PopulationTest;

beforeAll(async () => {
  t = await openPopulationTest();
});
afterAll(() => t.close());

const rowsArb = fc.uniqueArray(
  fc.record({
    id: fc.integer({ min: 1, max: 12 }),
    a: fc.option(fc.integer({ min: 0, max: 4 }), { nil: null }),
    b: fc.option(fc.constantFrom('', 'x', 'y', 'z'), { nil: null }),
  }),
  { selector: (row) => row.id, maxLength: 10 },
);
const populationArb = (from: string, columns = fc.subarray<Column>(['a', 'b'])) =>
  fc.record({ from: fc.constant(from), columns, rows: rowsArb });
const TYPES: Record<Column, string> = { a: 'integer', b: 'text' };

function load(population: Population): Promise<Worktable> {
  return populationOf(t.pool, population.from, {
    columns: {
      id: 'integer',
      ...Object.fromEntries(population.columns.map((c) => [c, TYPES[c]])),
    },
    rows: population.rows.map((row) => [row.id, ...population.columns.map((c) => row[c])]),
  });
}

type Actual = { ports: Ports; skipped: string[] } | 'failed';

async function run<K extends ActivityKind>(
  kind: K,
  config: ActivityConfig<K>,
  inputs: Population[],
): Promise<Actual> {
  const worktables = await Promise.all(inputs.map(load));
  try {
    const { outcome } = await runActivityForTest(t.pool, {
      sandboxId: t.sandboxId,
      campaignId,
      activity: activityOf(kind, config),
      inputs: inputs.map((p, i) => ({ from: p.from, worktable: worktables[i]! })),
    });
    if (outcome.kind !== 'done' && outcome.kind !== 'branch') throw new Error(outcome.kind);
    const ports: Ports = {};
    for (const [port, worktable] of Object.entries(outcome.outputs))
      ports[port] = (await worktableRows(t.pool, worktable)) as unknown as Ports[string];
    return { ports, skipped: outcome.kind === 'branch' ? outcome.skipped : [] };
  } catch (error) {
    if ((error as { code?: string }).code === 'ACTIVITY_FAILED') return 'failed';
    throw error;
  }
}

function expected(evaluate: () => { ports: Ports; skipped: string[] }): Actual {
  try {
    return evaluate();
  } catch (error) {
    if (error instanceof ReferenceFailure) return 'failed';
    throw error;
  }
}

describe('population activities match the reference evaluator', () => {
  it('combine', async () => {
    const arb = fc.integer({ min: 1, max: 3 }).chain((n) =>
      fc.tuple(
        fc.tuple(...Array.from({ length: n }, (_, i) => populationArb(`in${i}`))),
        fc.record({
          operation: fc.constantFrom(
            'union' as const,
            'intersection' as const,
            'exclusion' as const,
          ),
          primary: fc.option(fc.constantFrom(...Array.from({ length: n }, (_, i) => `in${i}`)), {
            nil: undefined,
          }),
          columns: fc.oneof(
            fc.constant('keys' as const),
            fc.subarray<Column>(['a', 'b'], { minLength: 1 }),
          ),
          complement: fc.boolean(),
        }),
      ),
    );
    await fc.assert(
      fc.asyncProperty(arb, async ([inputs, generated]) => {
        const config: ActivityConfig<'combine'> = { ...generated };
        if (config.primary === undefined) delete config.primary;
        const want = expected(() => ({ ports: referenceCombine(inputs, config), skipped: [] }));
        expect(await run('combine', config, inputs)).toEqual(want);
      }),
      { numRuns: RUNS },
    );
  });

  it('deduplication', async () => {
    const method = fc.oneof(
      fc.constant({ kind: 'random' as const }),
      fc.record({
        kind: fc.constant('expression' as const),
        column: fc.constant('a'),
        keep: fc.constantFrom('highest' as const, 'lowest' as const),
      }),
      fc.record({ kind: fc.constant('nonEmpty' as const), column: fc.constantFrom('a', 'b') }),
      fc.record({
        kind: fc.constant('priority' as const),
        column: fc.constant('b'),
        values: fc.shuffledSubarray(['', 'x', 'y', 'z'], { minLength: 1 }),
      }),
      fc.record({
        kind: fc.constant('priority' as const),
        column: fc.constant('a'),
        values: fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 1, maxLength: 3 }),
      }),
    );
    const config = fc.record({
      columns: fc.subarray(['a', 'b'], { minLength: 1 }),
      keep: fc.integer({ min: 1, max: 3 }),
      method,
      duplicatesOutput: fc.boolean(),
    });
    const input = populationArb('in', fc.constant<Column[]>(['a', 'b']));
    await fc.assert(
      fc.asyncProperty(input, config, async (population, generated) => {
        const want = expected(() => ({
          ports: referenceDeduplication(population, generated, seed),
          skipped: [],
        }));
        expect(await run('deduplication', generated, [population])).toEqual(want);
      }),
      { numRuns: RUNS },
    );
  });

  it('split', async () => {
    const filter: fc.Arbitrary<FieldFilter> = fc.oneof(
      fc.record({
        field: fc.constant('a'),
        type: fc.constant('number' as const),
        operator: fc.constantFrom('gte' as const, 'lt' as const, 'equals' as const),
        value: fc.integer({ min: 0, max: 4 }),
      }),
      fc.record({
        field: fc.constant('b'),
        type: fc.constant('string' as const),
        operator: fc.constant('equals' as const),
        value: fc.constantFrom('', 'x', 'y'),
      }),
      fc.record({
        field: fc.constant('b'),
        type: fc.constant('string' as const),
        operator: fc.constantFrom('isEmpty' as const, 'isNotEmpty' as const),
      }),
    );
    const limit = fc.record(
      {
        count: fc.integer({ min: 0, max: 5 }),
        percent: fc.integer({ min: 0, max: 100 }),
        orderBy: fc.record({
          column: fc.constantFrom('a', 'id'),
          direction: fc.constantFrom('asc' as const, 'desc' as const),
        }),
      },
      { requiredKeys: [] },
    );
    const subsets = fc
      .array(
        fc.record(
          {
            filter: fc.record({ where: fc.array(filter, { minLength: 1, maxLength: 2 }) }),
            limit,
            skipEmpty: fc.boolean(),
          },
          { requiredKeys: [] },
        ),
        { minLength: 1, maxLength: 3 },
      )
      .map((list) => list.map((s, i): SplitSubset => ({ key: `s${i}`, label: `S${i}`, ...s })));
    const config = fc.record({ subsets, overlap: fc.boolean(), complement: fc.boolean() });
    const input = populationArb('in', fc.constant<Column[]>(['a', 'b']));
    await fc.assert(
      fc.asyncProperty(input, config, async (population, generated) => {
        const want = expected(() => referenceSplit(population, generated, seed));
        expect(await run('split', generated, [population])).toEqual(want);
      }),
      { numRuns: RUNS },
    );
  });
});
