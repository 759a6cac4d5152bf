import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, TestClock, type TestApp } from '../http/testing.ts';
import type { ApiKey } from './model.ts';

let t: TestApp;
let admin: Record<string, string>;
const clock = new TestClock();
beforeAll(async () => {
  t = await createTestApp({ clock });
  admin = await t.adminHeaders();
});
afterAll(async () => t.close());

async function createKey(name: string, role: string, sandbox = 'prod') {
  const response = await t.app.inject({
    method: 'POST',
    url: '/api-keys',
    headers: { ...admin, 'x-sandbox-name': sandbox },
    payload: { name, role },
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json<{ key: ApiKey; secret: string }>();
}

describe('API keys', () => {
  it('shows the secret once, keeps only its digest, and authenticates with Bearer or x-api-key', async () => {
    const { key, secret } = await createKey('CRM sync', 'campaignManager');
    expect(secret).toMatch(/^cs_/);
    expect(key).toMatchObject({
      name: 'CRM sync',
      role: 'campaignManager',
      sandbox: 'prod',
      lastUsedAt: null,
      revokedAt: null,
    });
    const list = await t.app.inject({ method: 'GET', url: '/api-keys', headers: admin });
    expect(list.body).not.toContain(secret);
    const stored = await t.db
      .selectFrom('api_keys')
      .selectAll()
      .where('id', '=', key.id)
      .executeTakeFirstOrThrow();
    expect(stored.secret_hash.toString('utf8')).not.toContain(secret);
    for (const headers of [{ authorization: `Bearer ${secret}` }, { 'x-api-key': secret }]) {
      const me = await t.app.inject({ method: 'GET', url: '/auth/me', headers });
      expect(me.statusCode).toBe(200);
      expect(me.json<{ actor: { type: string }; roles: string[] }>()).toMatchObject({
        actor: { type: 'apiKey' },
        roles: ['campaignManager'],
      });
    }
    const after = (await t.app.inject({ method: 'GET', url: '/api-keys', headers: admin })).json<{
      items: ApiKey[];
    }>();
    expect(after.items.find((k) => k.id === key.id)?.lastUsedAt).toBe(clock.now().toISOString());
  });

  it('a revoked key stops working at once and leaves the default list', async () => {
    const { key, secret } = await createKey('Temporary', 'campaignViewer');
    const revoke = await t.app.inject({
      method: 'POST',
      url: `/api-keys/${key.id}/revoke`,
      headers: admin,
    });
    expect(revoke.json<ApiKey>().revokedAt).not.toBeNull();
    const me = await t.app.inject({
      method: 'GET',
      url: '/auth/me',
      headers: { authorization: `Bearer ${secret}` },
    });
    expect(me.statusCode).toBe(401);
    const active = (await t.app.inject({ method: 'GET', url: '/api-keys', headers: admin })).json<{
      items: ApiKey[];
    }>();
    expect(active.items.map((k) => k.id)).not.toContain(key.id);
    const all = (
      await t.app.inject({ method: 'GET', url: '/api-keys?includeRevoked=true', headers: admin })
    ).json<{ items: ApiKey[] }>();
    expect(all.items.map((k) => k.id)).toContain(key.id);
    const audit = (
      await t.app.inject({ method: 'GET', url: `/audit-log?entityId=${key.id}`, headers: admin })
    ).json<{ items: { action: string }[] }>();
    expect(audit.items.map((e) => e.action)).toEqual(['apiKey.revoke', 'apiKey.create']);
  });

  it('a key is bound to its sandbox: another sandbox name is refused, none means its own', async () => {
    await t.app.inject({
      method: 'POST',
      url: '/sandboxes',
      headers: admin,
      payload: { name: 'dev', title: 'Development' },
    });
    const { secret } = await createKey('Dev key', 'campaignAdministrator', 'dev');
    const own = await t.app.inject({
      method: 'GET',
      url: '/auth/me',
      headers: { 'x-api-key': secret },
    });
    expect(own.json<{ sandbox: { name: string } }>().sandbox.name).toBe('dev');
    const other = await t.app.inject({
      method: 'GET',
      url: '/auth/me',
      headers: { 'x-api-key': secret, 'x-sandbox-name': 'prod' },
    });
    expect(other.statusCode).toBe(403);
    expect(other.json<{ code: string }>().code).toBe('SANDBOX_FORBIDDEN');
    const prodKeys = (
      await t.app.inject({ method: 'GET', url: '/api-keys', headers: admin })
    ).json<{ items: ApiKey[] }>();
    expect(prodKeys.items.every((k) => k.sandbox === 'prod')).toBe(true);
  });

  it('an unknown key is 401 and an unknown sandbox is 404', async () => {
    expect(
      (
        await t.app.inject({
          method: 'GET',
          url: '/auth/me',
          headers: { authorization: 'Bearer cs_nope' },
        })
      ).statusCode,
    ).toBe(401);
    const unknown = await t.app.inject({
      method: 'GET',
      url: '/auth/me',
      headers: { ...admin, 'x-sandbox-name': 'atlantis' },
    });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json<{ code: string }>().code).toBe('SANDBOX_NOT_FOUND');
  });
});

describe('sandboxes', () => {
  it('creates, renames and deletes a sandbox; prod cannot be deleted; names are validated', async () => {
    const created = await t.app.inject({
      method: 'POST',
      url: '/sandboxes',
      headers: admin,
      payload: { name: 'staging', title: 'Staging' },
    });
    expect(created.statusCode).toBe(201);
    const dup = await t.app.inject({
      method: 'POST',
      url: '/sandboxes',
      headers: admin,
      payload: { name: 'staging', title: 'Again' },
    });
    expect(dup.statusCode).toBe(409);
    const bad = await t.app.inject({
      method: 'POST',
      url: '/sandboxes',
      headers: admin,
      payload: { name: 'Bad Name', title: 'X' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json<{ details: { path: string }[] }>().details[0]?.path).toBe('/name');
    const renamed = await t.app.inject({
      method: 'PATCH',
      url: '/sandboxes/staging',
      headers: admin,
      payload: { title: 'Pre-production' },
    });
    expect(renamed.json<{ title: string }>().title).toBe('Pre-production');
    const { secret } = await createKey('Staging key', 'campaignViewer', 'staging');
    expect(
      (await t.app.inject({ method: 'DELETE', url: '/sandboxes/staging', headers: admin }))
        .statusCode,
    ).toBe(204);
    expect(
      (await t.app.inject({ method: 'GET', url: '/auth/me', headers: { 'x-api-key': secret } }))
        .statusCode,
    ).toBe(401);
    const prod = await t.app.inject({ method: 'DELETE', url: '/sandboxes/prod', headers: admin });
    expect(prod.statusCode).toBe(409);
    expect(prod.json<{ code: string }>().code).toBe('SANDBOX_PROTECTED');
    const audit = (
      await t.app.inject({
        method: 'GET',
        url: '/audit-log?entityType=sandbox&limit=10',
        headers: admin,
      })
    ).json<{ items: { action: string }[] }>();
    expect(audit.items.map((e) => e.action).slice(0, 3)).toEqual([
      'sandbox.delete',
      'sandbox.update',
      'sandbox.create',
    ]);
  });

  it('a user sees only the sandboxes where they hold a role', async () => {
    await t.app.inject({
      method: 'POST',
      url: '/sandboxes',
      headers: admin,
      payload: { name: 'emea', title: 'EMEA' },
    });
    await t.app.inject({
      method: 'POST',
      url: '/users',
      headers: admin,
      payload: {
        email: 'eve@example.test',
        name: 'Eve',
        password: 'eve password 123',
        roles: [{ sandbox: 'emea', role: 'campaignViewer' }],
      },
    });
    const session = await t.login('eve@example.test', 'eve password 123');
    const me = await t.app.inject({
      method: 'GET',
      url: '/auth/me',
      headers: { cookie: session.cookie, 'x-sandbox-name': 'emea' },
    });
    expect(me.json<{ sandboxes: { name: string }[]; permissions: string[] }>()).toMatchObject({
      sandboxes: [{ name: 'emea' }],
    });
    const inProd = await t.app.inject({
      method: 'GET',
      url: '/auth/me',
      headers: { cookie: session.cookie },
    });
    expect(inProd.json<{ permissions: string[] }>().permissions).toEqual([]);
  });
});
