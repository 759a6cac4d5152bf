import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../http/testing.ts';
import type { Worktable } from '../engine/types.ts';
import type { RunMode } from '../engine/types.ts';
import { inputWorktable, runActivityForTest, worktableRows } from '../testing/context.ts';
import {
  createTargetingFixture,
  type Person,
  type TargetingFixture,
} from '../targeting/testing.ts';

let t: TestApp;
let f: TargetingFixture;
let h: Record<string, string>;
beforeAll(async () => {
  t = await createTestApp();
  f = await createTargetingFixture(t);
  h = await t.keyHeaders('campaignAdministrator');
});
afterAll(async () => t.close());

async function save(input: Worktable, mode: RunMode, name: string, columns?: string[]) {
  const { outcome, logs } = await runActivityForTest(t.database.pool, {
    sandboxId: f.sandboxId,
    activity: {
      id: 'save',
      kind: 'saveAudience',
      label: 'Save audience',
      position: { x: 0, y: 0 },
      config: { name, ...(columns ? { columns } : {}) },
    },
    inputs: [{ from: 'before', worktable: input }],
    mode,
    now: t.clock.now(),
  });
  if (outcome.kind !== 'done') throw new Error(`unexpected outcome ${outcome.kind}`);
  const out = outcome.outputs.out ?? null;
  return { out, rows: await worktableRows(t.database.pool, out), logs };
}

/** Profiles with a score and a segment each; a name twice gives the profile twice. */
const people = (names: Person[]) =>
  inputWorktable(t.database.pool, 'people', {
    dimension: { kind: 'profiles' },
    keys: ['profile_id'],
    select: `SELECT s.id::uuid AS profile_id, s.n::integer AS score, 'seg' || s.n AS segment
               FROM unnest($1::text[]) WITH ORDINALITY AS s(id, n)`,
    params: [names.map((n) => f.ids[n])],
  });

async function get(url: string) {
  const r = await t.app.inject({ method: 'GET', url, headers: h });
  expect(r.statusCode, r.body).toBe(200);
  return r.json<Record<string, unknown>>();
}
async function audienceNamed(name: string) {
  const list = await get(`/audiences?q=${encodeURIComponent(name)}`);
  return (list.items as { id: string; name: string; kind: string }[]).find((a) => a.name === name);
}
async function members(id: string) {
  const page = await get(`/audiences/${id}/members`);
  return (page.items as { profileId: string; attributes: Record<string, string> }[])
    .map((m) => ({ who: f.nameOf(m.profileId), ...m.attributes }))
    .sort((a, b) => a.who.localeCompare(b.who));
}

describe('save audience', () => {
  it('saves nothing in a test run and passes the input on', async () => {
    const input = await people(['ada', 'bob']);
    const { out, rows, logs } = await save(input, 'test', 'Complement');
    expect(await audienceNamed('Complement')).toBeUndefined();
    expect(out?.columns).toEqual(input.columns);
    expect(rows).toEqual(await worktableRows(t.database.pool, input));
    expect(logs[0]?.message).toBe(
      'Test run: the audience "Complement" is not saved (it would have 2 members)',
    );
  });

  it('creates an uploaded audience with chosen columns, then replaces its members', async () => {
    const first = await save(await people(['ada', 'bob', 'ada']), 'live', 'Winter buyers', [
      'score',
    ]);
    expect(first.logs[0]?.message).toBe('Created the audience "Winter buyers": 2 members');
    expect(first.out?.count).toBe(3);
    const audience = await audienceNamed('Winter buyers');
    expect(audience?.kind).toBe('upload');
    const id = audience?.id ?? '';
    expect(await members(id)).toEqual([
      { who: 'ada', score: '1' },
      { who: 'bob', score: '2' },
    ]);
    expect(await get(`/audiences/${id}/count`)).toMatchObject({ count: 2 });

    const second = await save(await people(['cy', 'eve']), 'live', 'Winter buyers');
    expect(second.logs[0]?.message).toBe(
      'Replaced the members of the audience "Winter buyers": 2 members',
    );
    expect((await audienceNamed('Winter buyers'))?.id).toBe(id);
    expect(await members(id)).toEqual([{ who: 'cy' }, { who: 'eve' }]);
    const stored = await t.database.pool.query(
      'SELECT 1 FROM audience_members WHERE audience_id = $1',
      [id],
    );
    expect(stored.rowCount).toBe(2);
    const state = (await get(`/audiences/${id}`)).upload as { fileName: string };
    expect(state).toMatchObject({ members: 2, attributeColumns: [] });
    expect(state.fileName).toMatch(/^Orchestrated campaign [0-9a-f-]{36}, run 1$/);
  });

  it('refuses a rule audience of that name, other dimensions and unknown columns', async () => {
    const created = await t.app.inject({
      method: 'POST',
      url: '/audiences',
      headers: h,
      payload: {
        name: 'Gold',
        rule: { version: 1, root: { kind: 'consent', channel: 'email', status: 'y' } },
      },
    });
    expect(created.statusCode).toBe(201);
    const input = await people(['ada']);
    await expect(save(input, 'live', 'Gold')).rejects.toMatchObject({
      code: 'AUDIENCE_KIND_MISMATCH',
    });
    await expect(save(input, 'live', 'Scores', ['rank'])).rejects.toMatchObject({
      code: 'ACTIVITY_FAILED',
      message: 'Not columns of the input to keep: rank.',
    });
    const orders = await inputWorktable(t.database.pool, 'orders', {
      dimension: { kind: 'dataset', dataset: 'purchases' },
      keys: ['order_id'],
      select: `SELECT 'O01'::text AS order_id`,
    });
    await expect(save(orders, 'live', 'Orders')).rejects.toMatchObject({
      message: 'An audience is made of profiles: change the dimension to profiles first.',
    });
  });
});
