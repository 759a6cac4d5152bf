// Random rule trees over random profiles, events and dataset rows: the compiled SQL must return
// exactly the members the reference evaluator finds.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, TestClock, type TestApp } from '../http/testing.ts';
import { compileRule } from './compiler.ts';
import type { AttributeCondition, RuleNode, RuleTree } from './model.ts';
import { audiencesDb, loadCatalog } from './store.ts';
import { evaluate, type RefData, type RefProfile } from './testing/reference.ts';

const NOW = new Date('2026-11-27T23:30:00Z');
const clock = new TestClock(NOW);
let t: TestApp;
let sandboxId: string;
let data: RefData;
const DAY = 86_400_000;

function seededProfiles(): RefProfile[] {
  return fc
    .sample(
      fc.record({
        tier: fc.option(fc.constantFrom('gold', 'silver', 'bronze', 'Gold', ''), {
          nil: undefined,
        }),
        points: fc.option(
          fc.oneof(
            fc.integer({ min: -5, max: 60 }),
            fc.integer({ min: 0, max: 60 }).map(String),
            fc.constant('n/a'),
          ),
          { nil: undefined },
        ),
        vip: fc.option(fc.oneof(fc.boolean(), fc.constantFrom('true', 'no', 'maybe')), {
          nil: undefined,
        }),
        birth: fc.option(
          fc
            .integer({ min: -400, max: 40 })
            .map((d) => new Date(NOW.getTime() + d * DAY).toISOString().slice(0, 10)),
          { nil: undefined },
        ),
        email: fc.constantFrom('y', 'n', undefined),
        sms: fc.constantFrom('y', 'n', undefined),
        events: fc.array(
          fc.record({
            type: fc.constantFrom('purchase', 'visit'),
            daysAgo: fc.integer({ min: 0, max: 60 }),
            amount: fc.option(fc.integer({ min: 0, max: 200 }), { nil: undefined }),
          }),
          { maxLength: 5 },
        ),
      }),
      { seed: 42, numRuns: 60 },
    )
    .map((r, i) => ({
      id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      email: `p${i}@example.com`,
      attributes: Object.fromEntries(
        Object.entries({
          loyalty: { tier: r.tier, points: r.points },
          vip: r.vip,
          person: { birthDate: r.birth },
        }).map(([k, v]) => [k, v]),
      ),
      consent: {
        ...(r.email ? { email: r.email } : {}),
        ...(r.sms ? { sms: r.sms } : {}),
      },
      lists: [],
      events: r.events.map((e, j) => ({
        type: e.type,
        at: new Date(NOW.getTime() - e.daysAgo * DAY - j * 1000),
        properties: e.amount === undefined ? {} : { amount: e.amount },
      })),
    }));
}

beforeAll(async () => {
  t = await createTestApp({ clock });
  const h = await t.keyHeaders('campaignAdministrator');
  sandboxId = (
    await t.db
      .selectFrom('sandboxes')
      .select('id')
      .where('name', '=', 'prod')
      .executeTakeFirstOrThrow()
  ).id;
  const profiles = seededProfiles();
  // JSON drops undefined members, as the database would store them.
  for (const p of profiles)
    p.attributes = JSON.parse(JSON.stringify(p.attributes)) as Record<string, unknown>;
  const pool = t.database.pool;
  for (const p of profiles) {
    await pool.query('INSERT INTO profiles (sandbox_id, id, attributes) VALUES ($1, $2, $3)', [
      sandboxId,
      p.id,
      JSON.stringify(p.attributes),
    ]);
    await pool.query(
      "INSERT INTO profile_identities (sandbox_id, namespace, value, profile_id) VALUES ($1, 'email', $2, $3)",
      [sandboxId, p.email, p.id],
    );
    for (const [channel, status] of Object.entries(p.consent)) {
      await pool.query(
        "INSERT INTO profile_consent (sandbox_id, profile_id, channel, status, source, changed_at) VALUES ($1, $2, $3, $4, 'test', now())",
        [sandboxId, p.id, channel, status],
      );
    }
    for (const e of p.events)
      await pool.query(
        'INSERT INTO profile_events (sandbox_id, profile_id, type, at, properties) VALUES ($1, $2, $3, $4, $5)',
        [sandboxId, p.id, e.type, e.at, JSON.stringify(e.properties)],
      );
  }
  const created = await t.app.inject({
    method: 'POST',
    url: '/datasets',
    headers: h,
    payload: {
      name: 'orders',
      title: 'Orders',
      columns: [
        { name: 'id', type: 'integer' },
        { name: 'customer', type: 'string' },
        { name: 'amount', type: 'decimal' },
        { name: 'status', type: 'string' },
      ],
      primaryKey: ['id'],
      link: { kind: 'profile', column: 'customer', by: 'email', cardinality: 'N-1' },
    },
  });
  expect(created.statusCode, created.body).toBe(201);
  const rows = fc
    .sample(
      fc.record({
        who: fc.integer({ min: 0, max: 70 }),
        amount: fc.option(fc.integer({ min: 1, max: 300 }), { nil: null }),
        status: fc.constantFrom('paid', 'refunded'),
      }),
      { seed: 7, numRuns: 80 },
    )
    .map((r, i) => ({
      id: i + 1,
      customer: `P${r.who}@example.com`,
      amount: r.amount,
      status: r.status,
    }));
  expect(
    (
      await t.app.inject({
        method: 'POST',
        url: '/datasets/orders/rows',
        headers: h,
        payload: { rows },
      })
    ).statusCode,
  ).toBe(200);
  data = {
    profiles,
    datasets: {
      orders: {
        linkColumn: 'customer',
        columnTypes: { id: 'number', customer: 'string', amount: 'number', status: 'string' },
        rows,
      },
    },
    audiences: {},
  };
});
afterAll(async () => t.close());

const comparison = fc.constantFrom(
  'gte' as const,
  'lte' as const,
  'eq' as const,
  'gt' as const,
  'lt' as const,
);
const attribute: fc.Arbitrary<AttributeCondition> = fc.oneof(
  fc.record({
    kind: fc.constant('attribute' as const),
    path: fc.constant('loyalty.tier'),
    type: fc.constant('string' as const),
    operator: fc.constantFrom(
      'equals' as const,
      'notEquals' as const,
      'startsWith' as const,
      'contains' as const,
    ),
    value: fc.constantFrom('gold', 'Gold', 'sil', 'o'),
  }),
  fc.record({
    kind: fc.constant('attribute' as const),
    path: fc.constant('loyalty.tier'),
    type: fc.constant('string' as const),
    operator: fc.constantFrom('in' as const, 'notIn' as const),
    values: fc.subarray(['gold', 'silver', 'bronze', ''], { minLength: 1 }),
  }),
  fc.record({
    kind: fc.constant('attribute' as const),
    path: fc.constantFrom('loyalty.tier', 'vip', 'person.birthDate', 'loyalty.points'),
    type: fc.constantFrom('string' as const, 'number' as const),
    operator: fc.constantFrom('isEmpty' as const, 'isNotEmpty' as const),
  }),
  fc.record({
    kind: fc.constant('attribute' as const),
    path: fc.constant('loyalty.points'),
    type: fc.constant('number' as const),
    operator: fc.constantFrom(
      'equals' as const,
      'notEquals' as const,
      'gt' as const,
      'gte' as const,
      'lt' as const,
      'lte' as const,
    ),
    value: fc.integer({ min: -5, max: 60 }),
  }),
  fc.record({
    kind: fc.constant('attribute' as const),
    path: fc.constant('loyalty.points'),
    type: fc.constant('number' as const),
    operator: fc.constant('between' as const),
    value: fc.integer({ min: 0, max: 30 }),
    to: fc.integer({ min: 30, max: 60 }),
  }),
  fc.record({
    kind: fc.constant('attribute' as const),
    path: fc.constant('vip'),
    type: fc.constant('boolean' as const),
    operator: fc.constantFrom('isTrue' as const, 'isFalse' as const),
  }),
  fc.record({
    kind: fc.constant('attribute' as const),
    path: fc.constant('person.birthDate'),
    type: fc.constant('date' as const),
    operator: fc.constantFrom(
      'inLastDays' as const,
      'beforeDaysAgo' as const,
      'inNextDays' as const,
    ),
    days: fc.integer({ min: 0, max: 400 }),
    timezone: fc.constantFrom('UTC', 'Pacific/Auckland', 'America/Los_Angeles'),
  }),
  fc.record({
    kind: fc.constant('attribute' as const),
    path: fc.constant('person.birthDate'),
    type: fc.constant('date' as const),
    operator: fc.constantFrom('today' as const, 'thisMonth' as const),
    timezone: fc.constantFrom('UTC', 'Pacific/Auckland', 'Asia/Tokyo'),
  }),
  fc.record({
    kind: fc.constant('attribute' as const),
    path: fc.constant('person.birthDate'),
    type: fc.constant('date' as const),
    operator: fc.constantFrom('before' as const, 'after' as const, 'on' as const),
    value: fc
      .integer({ min: -400, max: 40 })
      .map((d) => new Date(NOW.getTime() + d * DAY).toISOString().slice(0, 10)),
  }),
);
const leaf: fc.Arbitrary<RuleNode> = fc.oneof(
  attribute,
  fc.record({
    kind: fc.constant('consent' as const),
    channel: fc.constantFrom('email' as const, 'sms' as const, 'push' as const),
    status: fc.constantFrom('y' as const, 'n' as const, 'unknown' as const),
  }),
  fc.record(
    {
      kind: fc.constant('event' as const),
      type: fc.constantFrom('purchase', 'visit'),
      count: fc.record({ comparison, value: fc.integer({ min: 0, max: 4 }) }),
      window: fc.record({ lastDays: fc.integer({ min: 1, max: 60 }) }),
      where: fc.array(
        fc.record({
          field: fc.constant('amount'),
          type: fc.constant('number' as const),
          operator: fc.constantFrom('gt' as const, 'lte' as const),
          value: fc.integer({ min: 0, max: 200 }),
        }),
        { maxLength: 1 },
      ),
      aggregate: fc.record({
        fn: fc.constantFrom('sum' as const, 'max' as const),
        field: fc.constant('amount'),
        comparison,
        value: fc.integer({ min: 0, max: 400 }),
      }),
    },
    { requiredKeys: ['kind', 'type'] },
  ),
  fc.record(
    {
      kind: fc.constant('dataset' as const),
      dataset: fc.constant('orders'),
      exists: fc.boolean(),
      where: fc.array(
        fc.record({
          field: fc.constant('status'),
          type: fc.constant('string' as const),
          operator: fc.constant('equals' as const),
          value: fc.constantFrom('paid', 'refunded'),
        }),
        { maxLength: 1 },
      ),
      count: fc.record({ comparison, value: fc.integer({ min: 0, max: 3 }) }),
      aggregate: fc.record({
        fn: fc.constantFrom('sum' as const, 'min' as const),
        field: fc.constant('amount'),
        comparison,
        value: fc.integer({ min: 0, max: 500 }),
      }),
    },
    { requiredKeys: ['kind', 'dataset', 'exists'] },
  ),
);
const tree: fc.Arbitrary<RuleNode> = fc.letrec<{ node: RuleNode }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.record({
      kind: fc.constant('group' as const),
      op: fc.constantFrom('and' as const, 'or' as const, 'except' as const),
      children: fc.array(tie('node'), { minLength: 1, maxLength: 4 }),
    }),
  ),
})).node;

describe('compiled audience SQL', () => {
  it('returns exactly the members of the reference evaluator', async () => {
    const db = audiencesDb(t.database.db);
    await fc.assert(
      fc.asyncProperty(tree, async (root) => {
        const rule: RuleTree = { version: 1, root };
        const catalog = await loadCatalog(db, sandboxId, rule);
        const query = compileRule(rule, { sandboxId, now: NOW, catalog });
        const rows = await t.database.pool.query<{ id: string }>(query.sql, query.params);
        const actual = rows.rows.map((r) => r.id).sort();
        const expected = data.profiles
          .filter((p) => evaluate(root, p, data, NOW))
          .map((p) => p.id)
          .sort();
        expect(actual).toEqual(expected);
      }),
      { numRuns: 1500, seed: 20261127 },
    );
  });
});
