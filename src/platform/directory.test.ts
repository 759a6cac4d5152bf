// The sandbox's people for pickers: any signed-in role may read it; it lists active users with a
// role in the sandbox (or an instance-wide one), names and addresses only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../http/testing.ts';

let t: TestApp;
let admin: Record<string, string>;
beforeAll(async () => {
  t = await createTestApp();
  admin = await t.adminHeaders();
  const add = async (email: string, name: string, roles: { sandbox: string; role: string }[]) => {
    const created = await t.app.inject({
      method: 'POST',
      url: '/users',
      headers: admin,
      payload: { email, name, password: 'a long password 1', roles },
    });
    expect(created.statusCode, created.body).toBe(201);
    return created.json<{ user: { id: string } }>().user.id;
  };
  await add('ops@example.test', 'Olga Ops', [
    { sandbox: 'prod', role: 'orchestratedCampaignViewer' },
  ]);
  const gone = await add('gone@example.test', 'Gina Gone', [
    { sandbox: 'prod', role: 'campaignManager' },
  ]);
  await add('nowhere@example.test', 'Nils Nowhere', []);
  const disabled = await t.app.inject({
    method: 'PATCH',
    url: `/users/${gone}`,
    headers: admin,
    payload: { status: 'disabled' },
  });
  expect(disabled.statusCode, disabled.body).toBe(200);
});
afterAll(async () => t.close());

describe('the user directory', () => {
  it('lists the active people of the sandbox to any role, without roles or status', async () => {
    const viewer = await t.keyHeaders('orchestratedCampaignViewer');
    const response = await t.app.inject({
      method: 'GET',
      url: '/users/directory',
      headers: viewer,
    });
    expect(response.statusCode, response.body).toBe(200);
    const items = response.json<{ items: Record<string, unknown>[] }>().items;
    const emails = items.map((i) => i.email);
    expect(emails).toContain('ops@example.test');
    expect(emails).not.toContain('gone@example.test');
    expect(emails).not.toContain('nowhere@example.test');
    expect(Object.keys(items[0] ?? {}).sort()).toEqual(['email', 'id', 'name']);
  });

  it('filters by name or address, and refuses strangers and bad limits', async () => {
    const viewer = await t.keyHeaders('orchestratedCampaignViewer');
    const found = await t.app.inject({
      method: 'GET',
      url: '/users/directory?q=olga',
      headers: viewer,
    });
    expect(found.json<{ items: { name: string }[] }>().items.map((i) => i.name)).toEqual([
      'Olga Ops',
    ]);
    const anonymous = await t.app.inject({ method: 'GET', url: '/users/directory' });
    expect(anonymous.statusCode).toBe(401);
    const tooMany = await t.app.inject({
      method: 'GET',
      url: '/users/directory?limit=1000',
      headers: viewer,
    });
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.body).toContain('limit');
  });
});
