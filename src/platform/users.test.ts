import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_EMAIL, createTestApp, type TestApp } from '../http/testing.ts';
import type { User } from './model.ts';

let t: TestApp;
let admin: Record<string, string>;
beforeAll(async () => {
  t = await createTestApp();
  admin = await t.adminHeaders();
});
afterAll(async () => t.close());

async function countUsers(): Promise<number> {
  const row = await t.db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

describe('users and roles', () => {
  it('creates a user with a password and per-sandbox roles, and audits it', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/users',
      headers: admin,
      payload: {
        email: 'Mia@Example.test',
        name: 'Mia Manager',
        password: 'a long password 1',
        roles: [{ sandbox: 'prod', role: 'campaignManager' }],
      },
    });
    expect(response.statusCode).toBe(201);
    const body = response.json<{ user: User; invitationUrl: string | null }>();
    expect(body.invitationUrl).toBeNull();
    expect(body.user).toMatchObject({
      email: 'Mia@Example.test',
      status: 'active',
      roles: [{ sandbox: 'prod', role: 'campaignManager' }],
    });
    const session = await t.login('mia@example.test', 'a long password 1');
    const me = await t.app.inject({
      method: 'GET',
      url: '/auth/me',
      headers: { cookie: session.cookie },
    });
    expect(me.json<{ permissions: string[] }>().permissions).toContain('campaigns.write');
    expect(me.json<{ permissions: string[] }>().permissions).not.toContain('campaigns.activate');
    const audit = await t.app.inject({
      method: 'GET',
      url: `/audit-log?entityType=user&action=user.create&entityId=${body.user.id}`,
      headers: admin,
    });
    const entries = audit.json<{
      items: { action: string; actorLabel: string; summary: { after?: { email?: string } } }[];
    }>().items;
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      action: 'user.create',
      actorLabel: ADMIN_EMAIL,
      summary: { after: { email: 'Mia@Example.test' } },
    });
  });

  it('rejects bad input with the field path and writes nothing', async () => {
    const before = await countUsers();
    const cases: [unknown, string][] = [
      [{ email: 'not-an-email', name: 'X' }, '/email'],
      [{ name: 'No Email' }, '/email'],
      [{ email: 'a@b.test', name: 'X', password: 'short' }, '/password'],
      [
        { email: 'a@b.test', name: 'X', roles: [{ sandbox: 'prod', role: 'emperor' }] },
        '/roles/0/role',
      ],
      [{ email: 'a@b.test', name: 'X', surprise: true }, '/surprise'],
    ];
    for (const [payload, path] of cases) {
      const response = await t.app.inject({
        method: 'POST',
        url: '/users',
        headers: admin,
        payload: payload as object,
      });
      expect(response.statusCode, JSON.stringify(payload)).toBe(400);
      const body = response.json<{ code: string; details: { path: string }[] }>();
      expect(body.code).toBe('VALIDATION_FAILED');
      expect(body.details.map((d) => d.path)).toContain(path);
    }
    // Valid shape, but a sandbox that does not exist: the user must not be half-created.
    const badSandbox = await t.app.inject({
      method: 'POST',
      url: '/users',
      headers: admin,
      payload: {
        email: 'half@example.test',
        name: 'Half',
        roles: [{ sandbox: 'nowhere', role: 'campaignViewer' }],
      },
    });
    expect(badSandbox.statusCode).toBe(404);
    expect(badSandbox.json<{ details: { path: string }[] }>().details[0]?.path).toBe(
      '/roles/0/sandbox',
    );
    const globalInSandbox = await t.app.inject({
      method: 'POST',
      url: '/users',
      headers: admin,
      payload: {
        email: 'half@example.test',
        name: 'Half',
        roles: [{ sandbox: 'prod', role: 'platformAdministrator' }],
      },
    });
    expect(globalInSandbox.statusCode).toBe(400);
    expect(globalInSandbox.json<{ code: string }>().code).toBe('ROLE_GLOBAL_ONLY');
    expect(await countUsers()).toBe(before);
  });

  it('refuses a second user with the same email in any case', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/users',
      headers: admin,
      payload: { email: 'MIA@example.TEST', name: 'Again' },
    });
    expect(response.statusCode).toBe(409);
    expect(response.json<{ code: string }>().code).toBe('EMAIL_TAKEN');
  });

  it('invites a user without a password; the link sets it once', async () => {
    const created = await t.app.inject({
      method: 'POST',
      url: '/users',
      headers: admin,
      payload: {
        email: 'ivy@example.test',
        name: 'Ivy Invited',
        roles: [{ sandbox: 'prod', role: 'campaignViewer' }],
      },
    });
    const { user, invitationUrl } = created.json<{ user: User; invitationUrl: string }>();
    expect(user.status).toBe('invited');
    expect(invitationUrl).toMatch(/^http:\/\/clarion\.test\/invite\/[\w-]{20,}$/);
    const token = invitationUrl.split('/').pop()!;
    expect(
      (
        await t.app.inject({
          method: 'POST',
          url: '/auth/login',
          payload: { email: 'ivy@example.test', password: 'anything at all' },
        })
      ).statusCode,
    ).toBe(401);
    const info = await t.app.inject({ method: 'GET', url: `/auth/invitations/${token}` });
    expect(info.json()).toEqual({ email: 'ivy@example.test', name: 'Ivy Invited' });
    const accept = await t.app.inject({
      method: 'POST',
      url: `/auth/invitations/${token}/accept`,
      payload: { password: 'ivy password 123' },
    });
    expect(accept.statusCode).toBe(200);
    expect(accept.json<User>().status).toBe('active');
    await t.login('ivy@example.test', 'ivy password 123');
    const again = await t.app.inject({
      method: 'POST',
      url: `/auth/invitations/${token}/accept`,
      payload: { password: 'another password 1' },
    });
    expect(again.statusCode).toBe(404);
    expect(again.json<{ code: string }>().code).toBe('INVITATION_INVALID');
  });

  it('disabling a user ends their sessions and blocks sign-in; re-enabling restores it', async () => {
    const list = await t.app.inject({ method: 'GET', url: '/users?q=mia', headers: admin });
    const mia = list.json<{ items: User[] }>().items[0]!;
    const session = await t.login('mia@example.test', 'a long password 1');
    const disabled = await t.app.inject({
      method: 'PATCH',
      url: `/users/${mia.id}`,
      headers: admin,
      payload: { status: 'disabled' },
    });
    expect(disabled.json<User>().status).toBe('disabled');
    expect(
      (await t.app.inject({ method: 'GET', url: '/auth/me', headers: { cookie: session.cookie } }))
        .statusCode,
    ).toBe(401);
    await expect(t.login('mia@example.test', 'a long password 1')).rejects.toThrow(/401/);
    await t.app.inject({
      method: 'PATCH',
      url: `/users/${mia.id}`,
      headers: admin,
      payload: { status: 'active' },
    });
    await t.login('mia@example.test', 'a long password 1');
  });

  it('replaces role assignments, and never removes the last administrator', async () => {
    const list = await t.app.inject({ method: 'GET', url: '/users', headers: admin });
    const users = list.json<{ items: User[] }>().items;
    const mia = users.find((u) => u.email === 'Mia@Example.test')!;
    const replaced = await t.app.inject({
      method: 'PUT',
      url: `/users/${mia.id}/roles`,
      headers: admin,
      payload: {
        roles: [
          { sandbox: 'prod', role: 'campaignApprover' },
          { sandbox: 'prod', role: 'orchestratedCampaignViewer' },
        ],
      },
    });
    expect(replaced.statusCode).toBe(200);
    expect(
      replaced
        .json<User>()
        .roles.map((r) => r.role)
        .sort(),
    ).toEqual(['campaignApprover', 'orchestratedCampaignViewer']);
    const adminUser = users.find((u) => u.email === ADMIN_EMAIL)!;
    const demote = await t.app.inject({
      method: 'PUT',
      url: `/users/${adminUser.id}/roles`,
      headers: admin,
      payload: { roles: [] },
    });
    expect(demote.statusCode).toBe(409);
    expect(demote.json<{ code: string }>().code).toBe('LAST_ADMINISTRATOR');
    const selfDisable = await t.app.inject({
      method: 'PATCH',
      url: `/users/${adminUser.id}`,
      headers: admin,
      payload: { status: 'disabled' },
    });
    expect(selfDisable.json<{ code: string }>().code).toBe('SELF_DISABLE');
    const still = await t.app.inject({
      method: 'GET',
      url: `/users/${adminUser.id}`,
      headers: admin,
    });
    expect(still.json<User>().roles).toEqual([{ sandbox: null, role: 'platformAdministrator' }]);
  });

  it('pages through users with a cursor and filters by status', async () => {
    for (let i = 0; i < 5; i++) {
      await t.app.inject({
        method: 'POST',
        url: '/users',
        headers: admin,
        payload: { email: `page${i}@example.test`, name: `Page ${i}` },
      });
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const url: string = `/users?limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const page = (await t.app.inject({ method: 'GET', url, headers: admin })).json<{
        items: User[];
        nextCursor: string | null;
      }>();
      expect(page.items.length).toBeLessThanOrEqual(3);
      seen.push(...page.items.map((u) => u.email.toLowerCase()));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual([...seen].sort());
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toContain('page4@example.test');
    const invited = (
      await t.app.inject({ method: 'GET', url: '/users?status=invited&limit=100', headers: admin })
    ).json<{ items: User[] }>();
    expect(invited.items.length).toBe(5);
    expect(invited.items.every((u) => u.status === 'invited')).toBe(true);
  });
});
