import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ADMIN_EMAIL,
  ADMIN_PASSWORD,
  createTestApp,
  TestClock,
  type TestApp,
} from '../http/testing.ts';
import { SESSION_TTL_MS } from './sessions.ts';

let t: TestApp;
const clock = new TestClock();
beforeAll(async () => {
  t = await createTestApp({ clock });
});
afterAll(async () => t.close());

describe('sign-in and sessions', () => {
  it('sets an httpOnly SameSite=Lax cookie and returns a CSRF token', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/auth/login',
      payload: { email: ADMIN_EMAIL, password: ADMIN_PASSWORD },
    });
    expect(response.statusCode).toBe(200);
    const cookie = response.cookies.find((c) => c.name === 'clarion_session');
    expect(cookie?.httpOnly).toBe(true);
    expect(cookie?.sameSite).toBe('Lax');
    expect(cookie?.secure).toBeFalsy();
    expect(response.json<{ csrfToken: string }>().csrfToken.length).toBeGreaterThan(16);
  });

  it('marks the cookie secure behind a TLS-terminating proxy', async () => {
    const proxied = await createTestApp({ trustProxy: true });
    try {
      const login = (proto: string) =>
        proxied.app.inject({
          method: 'POST',
          url: '/auth/login',
          payload: { email: ADMIN_EMAIL, password: ADMIN_PASSWORD },
          headers: { 'x-forwarded-proto': proto },
        });
      expect((await login('https')).cookies.find((c) => c.name === 'clarion_session')?.secure).toBe(
        true,
      );
      expect(
        (await login('http')).cookies.find((c) => c.name === 'clarion_session')?.secure,
      ).toBeFalsy();
    } finally {
      await proxied.close();
    }
  });

  it('matches the email case-insensitively and answers /auth/me with roles and permissions', async () => {
    const session = await t.login(ADMIN_EMAIL.toUpperCase(), ADMIN_PASSWORD);
    const me = await t.app.inject({
      method: 'GET',
      url: '/auth/me',
      headers: { cookie: session.cookie },
    });
    expect(me.statusCode).toBe(200);
    const body = me.json<{
      roles: string[];
      permissions: string[];
      sandbox: { name: string };
      sandboxes: { name: string }[];
      csrfToken: string;
    }>();
    expect(body.roles).toEqual(['platformAdministrator']);
    expect(body.permissions).toContain('users.manage');
    expect(body.sandbox.name).toBe('prod');
    expect(body.sandboxes.map((s) => s.name)).toEqual(['prod']);
    expect(body.csrfToken).toBe(session.csrfToken);
  });

  it('refuses a wrong password with 401 and the same answer for an unknown email', async () => {
    const wrong = await t.app.inject({
      method: 'POST',
      url: '/auth/login',
      payload: { email: ADMIN_EMAIL, password: 'not the password' },
      remoteAddress: '10.0.0.9',
    });
    const unknown = await t.app.inject({
      method: 'POST',
      url: '/auth/login',
      payload: { email: 'nobody@example.test', password: 'whatever123456' },
      remoteAddress: '10.0.0.9',
    });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json<{ code: string }>().code).toBe('INVALID_CREDENTIALS');
    expect(unknown.json<{ message: string }>().message).toBe(
      wrong.json<{ message: string }>().message,
    );
  });

  it('requires the CSRF token for cookie-authenticated writes', async () => {
    const session = await t.login(ADMIN_EMAIL, ADMIN_PASSWORD);
    const payload = { name: 'csrf-check', title: 'CSRF check' };
    const missing = await t.app.inject({
      method: 'POST',
      url: '/sandboxes',
      headers: { cookie: session.cookie },
      payload,
    });
    expect(missing.statusCode).toBe(403);
    expect(missing.json<{ code: string }>().code).toBe('CSRF_TOKEN_INVALID');
    const wrong = await t.app.inject({
      method: 'POST',
      url: '/sandboxes',
      headers: { cookie: session.cookie, 'x-csrf-token': 'x' + session.csrfToken.slice(1) },
      payload,
    });
    expect(wrong.statusCode).toBe(403);
    const list = await t.app.inject({
      method: 'GET',
      url: '/sandboxes',
      headers: { cookie: session.cookie },
    });
    expect(list.json<{ items: { name: string }[] }>().items.map((s) => s.name)).not.toContain(
      'csrf-check',
    );
    const ok = await t.app.inject({
      method: 'POST',
      url: '/sandboxes',
      headers: { cookie: session.cookie, 'x-csrf-token': session.csrfToken },
      payload,
    });
    expect(ok.statusCode).toBe(201);
  });

  it('ends the session on logout', async () => {
    const session = await t.login(ADMIN_EMAIL, ADMIN_PASSWORD);
    const out = await t.app.inject({
      method: 'POST',
      url: '/auth/logout',
      headers: { cookie: session.cookie, 'x-csrf-token': session.csrfToken },
    });
    expect(out.statusCode).toBe(204);
    const me = await t.app.inject({
      method: 'GET',
      url: '/auth/me',
      headers: { cookie: session.cookie },
    });
    expect(me.statusCode).toBe(401);
  });

  it('expires an idle session after its lifetime, and use keeps it alive', async () => {
    const idle = await t.login(ADMIN_EMAIL, ADMIN_PASSWORD);
    const used = await t.login(ADMIN_EMAIL, ADMIN_PASSWORD);
    for (let step = 0; step < 3; step++) {
      clock.advance(SESSION_TTL_MS / 2);
      expect(
        (await t.app.inject({ method: 'GET', url: '/auth/me', headers: { cookie: used.cookie } }))
          .statusCode,
      ).toBe(200);
    }
    expect(
      (await t.app.inject({ method: 'GET', url: '/auth/me', headers: { cookie: idle.cookie } }))
        .statusCode,
    ).toBe(401);
  });

  it('rate-limits failed sign-ins per email with 429 and Retry-After', async () => {
    const payload = { email: ADMIN_EMAIL, password: 'wrong password!' };
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      statuses.push(
        (
          await t.app.inject({
            method: 'POST',
            url: '/auth/login',
            payload,
            remoteAddress: `10.1.0.${i}`,
          })
        ).statusCode,
      );
    }
    // One failure is already counted from the wrong-password test above.
    expect(statuses.slice(0, 4)).toEqual([401, 401, 401, 401]);
    const limited = await t.app.inject({
      method: 'POST',
      url: '/auth/login',
      payload: { email: ADMIN_EMAIL, password: ADMIN_PASSWORD },
    });
    expect(limited.statusCode).toBe(429);
    expect(limited.json<{ code: string }>().code).toBe('TOO_MANY_LOGIN_ATTEMPTS');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    clock.advance(16 * 60 * 1000);
    expect(
      (
        await t.app.inject({
          method: 'POST',
          url: '/auth/login',
          payload: { email: ADMIN_EMAIL, password: ADMIN_PASSWORD },
        })
      ).statusCode,
    ).toBe(200);
  });
});
