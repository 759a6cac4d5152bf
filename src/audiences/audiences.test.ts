import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, TestClock, type TestApp } from '../http/testing.ts';

// 23:30 in UTC is already the next day in Auckland and still the same day in Los Angeles.
const clock = new TestClock(new Date('2026-11-27T23:30:00Z'));
let t: TestApp;
let h: Record<string, string>;
beforeAll(async () => {
  t = await createTestApp({ clock });
  h = await t.keyHeaders('campaignAdministrator');
  const people = [
    {
      email: 'today-utc@example.com',
      attributes: { seen: '2026-11-27', tier: 'gold', points: 120 },
      consent: { email: 'y' },
    },
    {
      email: 'tomorrow-utc@example.com',
      attributes: { seen: '2026-11-28', tier: 'silver', points: '40' },
      consent: { email: 'n' },
    },
    {
      email: 'yesterday@example.com',
      attributes: { seen: '2026-11-26T08:00:00Z', tier: 'gold', points: 7 },
    },
    {
      email: 'old@example.com',
      attributes: { seen: '2026-10-31', tier: 'bronze' },
      consent: { email: 'y' },
    },
  ];
  for (const p of people) {
    const r = await t.app.inject({
      method: 'POST',
      url: '/profiles',
      headers: h,
      payload: {
        identities: [{ namespace: 'email', value: p.email }],
        attributes: p.attributes,
        consent: p.consent,
      },
    });
    expect(r.statusCode).toBe(201);
  }
});
afterAll(async () => t.close());

type Rule = { version: 1; root: object };
const rule = (root: object): Rule => ({ version: 1, root });
const attr = (path: string, type: string, operator: string, extra: object = {}) => ({
  kind: 'attribute',
  path,
  type,
  operator,
  ...extra,
});
async function members(r: Rule): Promise<string[]> {
  const response = await t.app.inject({
    method: 'POST',
    url: '/audiences/evaluate',
    headers: h,
    payload: { rule: r },
  });
  expect(response.statusCode, response.body).toBe(200);
  const body = response.json<{ count: number; sample: { identities: { value: string }[] }[] }>();
  expect(body.sample.length).toBe(Math.min(body.count, 10));
  return body.sample.map((p) => p.identities[0]!.value).sort();
}

describe('date presets in time zones', () => {
  it.each([
    ['UTC', ['today-utc@example.com']],
    ['Pacific/Auckland', ['tomorrow-utc@example.com']],
    ['America/Los_Angeles', ['today-utc@example.com']],
  ])('"today" in %s', async (timezone, expected) => {
    expect(await members(rule(attr('seen', 'date', 'today', { timezone })))).toEqual(expected);
  });

  it('in the last N days, before N days ago, this month, between', async () => {
    expect(await members(rule(attr('seen', 'date', 'inLastDays', { days: 1 })))).toEqual([
      'today-utc@example.com',
      'yesterday@example.com',
    ]);
    expect(await members(rule(attr('seen', 'date', 'beforeDaysAgo', { days: 2 })))).toEqual([
      'old@example.com',
    ]);
    expect(await members(rule(attr('seen', 'date', 'thisMonth', { timezone: 'UTC' })))).toEqual([
      'today-utc@example.com',
      'tomorrow-utc@example.com',
      'yesterday@example.com',
    ]);
    expect(
      await members(rule(attr('seen', 'date', 'thisMonth', { timezone: 'Pacific/Auckland' }))),
    ).toEqual(['today-utc@example.com', 'tomorrow-utc@example.com', 'yesterday@example.com']);
    expect(
      await members(
        rule(attr('seen', 'date', 'between', { value: '2026-10-01', to: '2026-11-26' })),
      ),
    ).toEqual(['old@example.com', 'yesterday@example.com']);
  });
});

describe('operators', () => {
  it('numbers stored as text still compare as numbers', async () => {
    expect(await members(rule(attr('points', 'number', 'gte', { value: 40 })))).toEqual([
      'today-utc@example.com',
      'tomorrow-utc@example.com',
    ]);
    expect(await members(rule(attr('points', 'number', 'isEmpty')))).toEqual(['old@example.com']);
  });

  it('strings, lists and groups with AND, OR and EXCEPT', async () => {
    const gold = attr('tier', 'string', 'equals', { value: 'gold' });
    expect(
      await members(rule(attr('tier', 'string', 'in', { values: ['silver', 'bronze'] }))),
    ).toEqual(['old@example.com', 'tomorrow-utc@example.com']);
    expect(
      await members(
        rule({
          kind: 'group',
          op: 'except',
          children: [gold, { kind: 'consent', channel: 'email', status: 'y' }],
        }),
      ),
    ).toEqual(['yesterday@example.com']);
    expect(
      await members(
        rule({
          kind: 'group',
          op: 'or',
          children: [gold, { kind: 'consent', channel: 'email', status: 'n' }],
        }),
      ),
    ).toEqual(['today-utc@example.com', 'tomorrow-utc@example.com', 'yesterday@example.com']);
    expect(await members(rule({ kind: 'consent', channel: 'email', status: 'unknown' }))).toEqual([
      'yesterday@example.com',
    ]);
  });

  it('refuses an operator that does not fit the type, naming the node', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/audiences',
      headers: h,
      payload: {
        name: 'Broken',
        rule: rule({
          kind: 'group',
          op: 'and',
          children: [
            attr('tier', 'string', 'equals', { value: 'gold' }),
            attr('points', 'number', 'startsWith', { value: '1' }),
          ],
        }),
      },
    });
    expect(response.statusCode).toBe(400);
    const body = response.json<{ code: string; details: { path: string; message: string }[] }>();
    expect(body.code).toBe('AUDIENCE_RULE_INVALID');
    expect(body.details[0]?.path).toBe('/rule/root/children/1/operator');
    expect(body.details[0]?.message).toMatch(/does not apply to number/);
    const missing = await t.app.inject({
      method: 'POST',
      url: '/audiences/evaluate',
      headers: h,
      payload: { rule: rule(attr('seen', 'date', 'inLastDays')) },
    });
    expect(missing.json<{ details: { path: string }[] }>().details[0]?.path).toBe(
      '/rule/root/days',
    );
  });
});

describe('saved audiences', () => {
  it('saves, counts, shows its SQL, composes, refuses cycles and deleting what is used', async () => {
    const save = async (name: string, root: object, id?: string) =>
      t.app.inject({
        method: id ? 'PUT' : 'POST',
        url: id ? `/audiences/${id}` : '/audiences',
        headers: h,
        payload: { name, rule: rule(root) },
      });
    const gold = (await save('Gold', attr('tier', 'string', 'equals', { value: 'gold' }))).json<{
      id: string;
    }>();
    const optedIn = (
      await save('Opted in', { kind: 'consent', channel: 'email', status: 'y' })
    ).json<{ id: string }>();
    const both = await save('Gold and opted in', {
      kind: 'group',
      op: 'and',
      children: [
        { kind: 'audience', audienceId: gold.id },
        { kind: 'audience', audienceId: optedIn.id },
      ],
    });
    expect(both.statusCode, both.body).toBe(201);
    const count = await t.app.inject({
      method: 'GET',
      url: `/audiences/${both.json<{ id: string }>().id}/count`,
      headers: h,
    });
    expect(count.json<{ count: number; tookMs: number }>()).toMatchObject({ count: 1 });
    const sql = (
      await t.app.inject({ method: 'GET', url: `/audiences/${gold.id}/sql`, headers: h })
    ).json<{ sql: string; params: unknown[]; readable: string }>();
    expect(sql.sql).toMatch(/^SELECT p\.id FROM profiles p WHERE p\.sandbox_id = \$1 AND /);
    expect(sql.sql).not.toContain('gold');
    expect(sql.params).toContain('gold');
    expect(sql.readable).toContain("= 'gold'::text");

    const cycle = await save(
      'Gold',
      {
        kind: 'group',
        op: 'or',
        children: [
          attr('tier', 'string', 'equals', { value: 'gold' }),
          { kind: 'audience', audienceId: both.json<{ id: string }>().id },
        ],
      },
      gold.id,
    );
    expect(cycle.statusCode).toBe(400);
    const body = cycle.json<{ code: string; details: { path: string }[] }>();
    expect(body.code).toBe('AUDIENCE_CYCLE');
    expect(body.details[0]?.path).toBe('/rule/root/children/1/audienceId');
    expect(cycle.json<{ message: string }>().message).toMatch(/Gold → Gold and opted in → Gold$/);
    const live = await t.app.inject({
      method: 'POST',
      url: '/audiences/evaluate',
      headers: h,
      payload: {
        audienceId: gold.id,
        rule: rule({ kind: 'audience', audienceId: both.json<{ id: string }>().id }),
      },
    });
    expect(live.json<{ code: string }>().code).toBe('AUDIENCE_CYCLE');
    const self = await save('Self', { kind: 'audience', audienceId: gold.id }, optedIn.id);
    expect(self.statusCode).toBe(200);
    const inUse = await t.app.inject({
      method: 'DELETE',
      url: `/audiences/${gold.id}`,
      headers: h,
    });
    expect(inUse.statusCode).toBe(409);
    expect(inUse.json<{ code: string }>().code).toBe('AUDIENCE_IN_USE');
    const viewer = await t.keyHeaders('campaignViewer');
    expect(
      (await t.app.inject({ method: 'GET', url: `/audiences/${gold.id}`, headers: viewer }))
        .statusCode,
    ).toBe(200);
    expect(
      (
        await t.app.inject({
          method: 'POST',
          url: '/audiences',
          headers: viewer,
          payload: { name: 'x', rule: rule(attr('tier', 'string', 'isEmpty')) },
        })
      ).statusCode,
    ).toBe(403);
  });

  it('lists attribute paths with their types and samples', async () => {
    const items = (
      await t.app.inject({ method: 'GET', url: '/audiences/attributes', headers: h })
    ).json<{ items: { path: string; type: string }[] }>().items;
    expect(items.map((i) => `${i.path}:${i.type}`)).toEqual([
      'points:number',
      'seen:date',
      'tier:string',
    ]);
  });
});

describe('snapshots', () => {
  it('freeze the members: later changes do not move them, and expired ones are cleaned up', async () => {
    const saved = await t.app.inject({
      method: 'POST',
      url: '/audiences',
      headers: h,
      payload: {
        name: 'Silver',
        rule: rule(attr('tier', 'string', 'equals', { value: 'silver' })),
      },
    });
    const id = saved.json<{ id: string }>().id;
    const snap = await t.app.inject({
      method: 'POST',
      url: `/audiences/${id}/snapshots`,
      headers: h,
    });
    expect(snap.statusCode, snap.body).toBe(201);
    const snapshot = snap.json<{ id: string; members: number }>();
    expect(snapshot.members).toBe(1);
    await t.app.inject({
      method: 'POST',
      url: '/profiles',
      headers: h,
      payload: {
        identities: [{ namespace: 'email', value: 'late@example.com' }],
        attributes: { tier: 'silver' },
      },
    });
    expect(
      (await t.app.inject({ method: 'GET', url: `/audiences/${id}/count`, headers: h })).json<{
        count: number;
      }>().count,
    ).toBe(2);
    const frozen = (
      await t.app.inject({
        method: 'GET',
        url: `/audience-snapshots/${snapshot.id}/members`,
        headers: h,
      })
    ).json<{ items: string[] }>();
    const tomorrow = (
      await t.app.inject({
        method: 'GET',
        url: '/profiles/lookup?namespace=email&value=tomorrow-utc@example.com',
        headers: h,
      })
    ).json<{ id: string }>();
    expect(frozen.items).toEqual([tomorrow.id]);

    const { cleanupExpiredSnapshots } = await import('./snapshots.ts');
    const { audiencesDb } = await import('./store.ts');
    expect(
      await cleanupExpiredSnapshots(
        audiencesDb(t.database.db),
        new Date(clock.now().getTime() + 29 * 86_400_000),
      ),
    ).toBe(0);
    expect(
      await cleanupExpiredSnapshots(
        audiencesDb(t.database.db),
        new Date(clock.now().getTime() + 31 * 86_400_000),
      ),
    ).toBe(1);
    expect(
      (await t.app.inject({ method: 'GET', url: `/audience-snapshots/${snapshot.id}`, headers: h }))
        .statusCode,
    ).toBe(404);
    const leftover = await t.database.pool.query(
      'SELECT 1 FROM audience_snapshot_members WHERE snapshot_id = $1',
      [snapshot.id],
    );
    expect(leftover.rowCount).toBe(0);
  });
});
