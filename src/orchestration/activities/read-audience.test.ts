import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../http/testing.ts';
import { runActivityForTest, worktableRows } from '../testing/context.ts';
import { createTargetingFixture, type TargetingFixture } from '../targeting/testing.ts';

let t: TestApp;
let f: TargetingFixture;
let h: Record<string, string>;
beforeAll(async () => {
  t = await createTestApp();
  f = await createTargetingFixture(t);
  h = await t.keyHeaders('campaignAdministrator');
});
afterAll(async () => t.close());

async function post(url: string, payload: object): Promise<Record<string, unknown>> {
  const r = await t.app.inject({ method: 'POST', url, headers: h, payload });
  expect(r.statusCode, r.body).toBe(201);
  return r.json();
}

async function read(audienceId: string) {
  const { outcome, logs } = await runActivityForTest(t.database.pool, {
    sandboxId: f.sandboxId,
    activity: {
      id: 'read',
      kind: 'readAudience',
      label: 'Read audience',
      position: { x: 0, y: 0 },
      config: { audienceId },
    },
    now: t.clock.now(),
  });
  if (outcome.kind !== 'done') throw new Error(`unexpected outcome ${outcome.kind}`);
  const out = outcome.outputs.out ?? null;
  return { out, rows: await worktableRows(t.database.pool, out), logs };
}

const tier = (value: string) => ({
  kind: 'attribute',
  path: 'loyalty.tier',
  type: 'string',
  operator: 'equals',
  value,
});

describe('read audience', () => {
  it('reads the members of a rule audience, audiences it refers to included', async () => {
    const gold = await post('/audiences', {
      name: 'Gold',
      rule: { version: 1, root: tier('gold') },
    });
    const goldOrSilver = await post('/audiences', {
      name: 'Gold or silver',
      rule: {
        version: 1,
        root: {
          kind: 'group',
          op: 'or',
          children: [{ kind: 'audience', audienceId: gold.id }, tier('silver')],
        },
      },
    });
    const { out, rows } = await read(String(goldOrSilver.id));
    expect(out?.columns).toEqual([{ name: 'profile_id', type: 'uuid' }]);
    expect(rows.map((r) => f.nameOf(r.profile_id)).sort()).toEqual(['ada', 'bob', 'cy', 'eve']);
  });

  it("reads an uploaded audience's members with their file columns", async () => {
    const created = await post('/audiences/uploads', { name: 'Coupons', namespace: 'email' });
    const audience = created.audience as { id: string };
    const started = created.import as { id: string };
    const empty = await read(audience.id);
    expect(empty.out?.count).toBe(0);
    expect(empty.out?.columns).toEqual([{ name: 'profile_id', type: 'uuid' }]);
    const csv = [
      'email,coupon,first name,profile_id',
      'ADA@example.com,BF-1,Ada,x',
      'eve@example.com,BF-2,Eve,y',
    ];
    const sent = await t.app.inject({
      method: 'PUT',
      url: `/audiences/${audience.id}/files/${started.id}`,
      headers: { ...h, 'content-type': 'text/csv' },
      payload: csv.join('\n'),
    });
    expect(sent.statusCode, sent.body).toBe(200);
    const { out, rows, logs } = await read(audience.id);
    expect(out?.columns).toEqual([
      { name: 'profile_id', type: 'uuid' },
      { name: 'coupon', type: 'text' },
    ]);
    const named = rows.map((r) => ({ ...r, profile_id: f.nameOf(r.profile_id) }));
    expect(named.sort((a, b) => a.profile_id.localeCompare(b.profile_id))).toEqual([
      { profile_id: 'ada', coupon: 'BF-1' },
      { profile_id: 'eve', coupon: 'BF-2' },
    ]);
    expect(logs[0]?.message).toBe(
      'Columns left out (a column name is a letter, then letters, digits or _): first name, profile_id',
    );
  });

  it('fails for an audience that does not exist', async () => {
    await expect(read(crypto.randomUUID())).rejects.toMatchObject({ code: 'AUDIENCE_NOT_FOUND' });
  });
});
