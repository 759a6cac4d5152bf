// The rule builder's model without a browser: any valid rule survives the trip into the
// builder's draft and back unchanged, unfinished drafts are named field by field, and rules read
// as words. (The browser flow is in audiences.test.ts.)
import { Value } from '@sinclair/typebox/value';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ATTRIBUTE_TYPES,
  OPERATORS_BY_TYPE,
  RuleTree,
  type AttributeCondition,
  type AttributeType,
  type RuleNode,
} from '../src/audiences/model.ts';
import { draftOfRule, ruleOfDraft } from '../web/src/audiences/convert.ts';
import { summaryOf } from '../web/src/audiences/describe.ts';
import {
  DATE_PRESETS,
  LIST_OPERATORS,
  NEEDS_DAYS,
  NEEDS_VALUE,
  newCondition,
  newGroup,
} from '../web/src/audiences/draft.ts';
import { ruleContext, ruleProblems, unplacedMessages } from '../web/src/audiences/problems.ts';

type Comparable = Omit<AttributeCondition, 'kind' | 'path'>;
const TEXT_ONLY = new Set(['startsWith', 'contains', 'like']);
const word = fc.stringMatching(/^[A-Za-z0-9 ._-]{1,12}$/);
const path = fc.stringMatching(/^[a-z][a-z0-9_]{0,8}(\.[a-z][a-z0-9_]{0,8}){0,2}$/);
const uuid = fc.uuid();
const comparison = fc.constantFrom('gte', 'lte', 'eq', 'gt', 'lt' as const);
const instant = fc
  .date({ min: new Date('2020-01-01'), max: new Date('2030-01-01'), noInvalidDate: true })
  .map((d) => d.toISOString());
const number = fc.double({ noNaN: true, noDefaultInfinity: true }).filter((n) => !Object.is(n, -0));

function scalar(type: AttributeType): fc.Arbitrary<string | number> {
  if (type === 'number') return number;
  if (type === 'date') return instant.map((iso) => iso.slice(0, 10));
  return word;
}

const comparable: fc.Arbitrary<Comparable> = fc.constantFrom(...ATTRIBUTE_TYPES).chain((type) =>
  fc
    .tuple(
      fc.constantFrom(...OPERATORS_BY_TYPE[type]),
      scalar(type),
      scalar(type),
      fc.array(scalar(type), { minLength: 1, maxLength: 3 }),
      word,
      fc.integer({ min: 0, max: 400 }),
      fc.option(fc.constantFrom('Europe/Paris', 'America/New_York'), { nil: undefined }),
    )
    .map(([operator, value, to, values, text, days, timezone]) => {
      const c: Comparable = { type, operator };
      if (NEEDS_VALUE.has(operator)) c.value = TEXT_ONLY.has(operator) ? text : value;
      if (operator === 'between') c.to = to;
      if (LIST_OPERATORS.has(operator)) c.values = values;
      if (NEEDS_DAYS.has(operator)) c.days = days;
      if (DATE_PRESETS.has(operator) && timezone) c.timezone = timezone;
      return c;
    }),
);
const filters = fc.array(
  fc.tuple(path, comparable).map(([field, c]) => ({ field, ...c })),
  { minLength: 1, maxLength: 2 },
);
const aggregate = fc.record({
  fn: fc.constantFrom('sum', 'avg', 'min', 'max' as const),
  field: path,
  comparison,
  value: number,
});
const count = fc.record({ comparison, value: fc.integer({ min: 0, max: 1000 }) });

const leaf: fc.Arbitrary<RuleNode> = fc.oneof(
  fc.tuple(path, comparable).map(([p, c]): RuleNode => ({ kind: 'attribute', path: p, ...c })),
  fc.record(
    {
      kind: fc.constant('event' as const),
      type: fc.constantFrom('purchase', 'cart.abandoned', 'app:open'),
      count,
      window: fc.oneof(
        fc.record({ lastDays: fc.integer({ min: 1, max: 365 }) }),
        fc.record({ from: instant, to: instant }, { requiredKeys: [] }),
      ),
      where: filters,
      aggregate,
    },
    { requiredKeys: ['kind', 'type'] },
  ),
  fc.record({
    kind: fc.constant('consent' as const),
    channel: fc.constantFrom('email', 'sms', 'push' as const),
    status: fc.constantFrom('y', 'n', 'unknown' as const),
  }),
  fc.record({ kind: fc.constant('subscription' as const), listId: uuid }),
  fc.record(
    {
      kind: fc.constant('dataset' as const),
      dataset: fc.constantFrom('purchases', 'store_visits'),
      exists: fc.boolean(),
      where: filters,
      count,
      aggregate,
    },
    { requiredKeys: ['kind', 'dataset', 'exists'] },
  ),
  fc.record({ kind: fc.constant('audience' as const), audienceId: uuid }),
);
const { node } = fc.letrec<{ node: RuleNode }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.record({
      kind: fc.constant('group' as const),
      op: fc.constantFrom('and', 'or', 'except' as const),
      children: fc.array(tie('node'), { minLength: 1, maxLength: 3 }),
    }),
  ),
}));

describe('rule builder model', () => {
  it('gives back every valid rule unchanged after a trip through the draft', () => {
    fc.assert(
      fc.property(node, (root) => {
        const rule = { version: 1 as const, root };
        expect(Value.Check(RuleTree, rule)).toBe(true);
        expect(ruleOfDraft(draftOfRule(rule))).toEqual(rule);
      }),
      { numRuns: 300 },
    );
  });

  it('names what an unfinished rule lacks, field by field', () => {
    const event = newCondition('event');
    const root = newGroup('and', [
      newCondition('attribute'),
      newGroup('or'),
      newCondition('subscription'),
      event.kind === 'event' ? { ...event, count: { comparison: 'gte', value: 'x' } } : event,
    ]);
    const context = ruleContext({ datasets: [], audiences: [], subscriptionLists: [] });
    const problems = ruleProblems(ruleOfDraft(root), context);
    expect(problems).toMatchObject({
      '/rule/root/children/0/path': 'Choose or type an attribute path',
      '/rule/root/children/0/value': 'Is required for equals',
      '/rule/root/children/1/children': 'Add at least one condition to this group',
      '/rule/root/children/2/listId': 'Choose a subscription list',
      '/rule/root/children/3/type': 'Type the event type, e.g. purchase',
      '/rule/root/children/3/count/value': 'Enter a number',
    });
    // A group card shows its own messages, not those of its children.
    expect(unplacedMessages(problems, '/rule/root/children/1', [])).toEqual([
      'Add at least one condition to this group',
    ]);
    expect(unplacedMessages(problems, '/rule/root', [])).toEqual([]);
  });

  it('reads a rule as nested sentences', () => {
    const lists = new Map([['9b0c5c1e-1c1a-4a59-9d3e-3f1f1f1f1f1f', 'Newsletter']]);
    const summary = summaryOf(
      {
        kind: 'group',
        op: 'and',
        children: [
          {
            kind: 'attribute',
            path: 'loyalty.tier',
            type: 'string',
            operator: 'in',
            values: ['gold', 'silver'],
          },
          {
            kind: 'group',
            op: 'except',
            children: [
              { kind: 'subscription', listId: '9b0c5c1e-1c1a-4a59-9d3e-3f1f1f1f1f1f' },
              { kind: 'consent', channel: 'sms', status: 'n' },
            ],
          },
          {
            kind: 'attribute',
            path: 'signup',
            type: 'date',
            operator: 'inLastDays',
            days: 7,
            timezone: 'Europe/Paris',
          },
        ],
      },
      { audiences: new Map(), lists },
    );
    expect(summary).toEqual({
      text: 'All of:',
      children: [
        { text: 'loyalty.tier is one of gold, silver' },
        {
          text: 'The first, except any of the others:',
          children: [{ text: 'Subscribed to list Newsletter' }, { text: 'Consent sms = n' }],
        },
        { text: 'signup in the last 7 days (Europe/Paris)' },
      ],
    });
  });
});
