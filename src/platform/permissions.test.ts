// Generated from the route table: every route, every role, the expected allow or 403; and 401
// without credentials. Routes added later are covered without touching this file.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../http/testing.ts';
import type { RouteEntry } from '../http/types.ts';
import { ROLE_DEFINITIONS, ROLES, type Role } from './permissions.ts';

const ANY_UUID = '00000000-0000-4000-8000-000000000000';

/** Fills path parameters with values of the right shape so the request reaches the auth check. */
function concreteUrl(route: RouteEntry): string {
  return route.url
    .replace(/:id\b/g, ANY_UUID)
    .replace(/:name\b/g, 'no-such-sandbox')
    .replace(/:token\b/g, 'x'.repeat(32))
    .replace(/:task\b/g, 'cleanupExpiredSessions')
    .replace(/:[a-zA-Z]+/g, 'x')
    .replace(/\*/g, 'x');
}

let t: TestApp;
const headersByRole = new Map<Role, Record<string, string>>();

beforeAll(async () => {
  t = await createTestApp();
  for (const role of ROLES) headersByRole.set(role, await t.keyHeaders(role));
});
afterAll(async () => t.close());

/** The stable code of an error body: ours, or the execution API's AJO shape (`urn:clarion:im:CODE`). */
function errorCode(body: { code?: string; type?: string }): string | undefined {
  return body.code ?? body.type?.replace(/^urn:clarion:im:/, '');
}

describe('route access', () => {
  it('every route declares its access and the table is not empty', () => {
    expect(t.app.routeTable.length).toBeGreaterThan(15);
    for (const route of t.app.routeTable)
      expect(route.access, `${route.method} ${route.url}`).toBeTruthy();
  });

  it('non-public routes answer 401 without credentials', async () => {
    const guarded = t.app.routeTable.filter((route) => route.access !== 'public');
    expect(guarded.length).toBeGreaterThan(10);
    for (const route of guarded) {
      const response = await t.app.inject({
        method: route.method as 'GET',
        url: concreteUrl(route),
        payload: route.method === 'GET' || route.method === 'DELETE' ? undefined : {},
      });
      expect(response.statusCode, `${route.method} ${route.url}`).toBe(401);
      expect(errorCode(response.json())).toBe('UNAUTHENTICATED');
    }
  });

  for (const role of ROLES) {
    it(`${role}: allowed routes pass the check, the others answer 403`, async () => {
      const granted = new Set<string>(ROLE_DEFINITIONS[role].permissions);
      const headers = headersByRole.get(role)!;
      for (const route of t.app.routeTable) {
        if (route.access === 'public') continue;
        const response = await t.app.inject({
          method: route.method as 'GET',
          url: concreteUrl(route),
          headers,
          payload: route.method === 'GET' || route.method === 'DELETE' ? undefined : {},
        });
        const label = `${role} ${route.method} ${route.url} -> ${response.statusCode} ${response.body.slice(0, 120)}`;
        const allowed = route.access === 'authenticated' || granted.has(route.access);
        if (allowed) {
          expect([401, 403], label).not.toContain(response.statusCode);
        } else {
          expect(response.statusCode, label).toBe(403);
          expect(errorCode(response.json()), label).toBe('FORBIDDEN');
        }
      }
    });
  }

  it('a Campaign Viewer key gets 403 on every write route and 200 on its reads', async () => {
    const headers = headersByRole.get('campaignViewer')!;
    // Writes change data; a POST that only evaluates (e.g. /audiences/evaluate) needs a read permission.
    const writes = t.app.routeTable.filter(
      (r) =>
        r.method !== 'GET' &&
        r.access !== 'public' &&
        r.access !== 'authenticated' &&
        !r.access.endsWith('.read'),
    );
    expect(writes.length).toBeGreaterThan(5);
    for (const route of writes) {
      const response = await t.app.inject({
        method: route.method as 'POST',
        url: concreteUrl(route),
        headers,
        payload: {},
      });
      expect(response.statusCode, `${route.method} ${route.url}`).toBe(403);
    }
    for (const url of ['/auth/me', '/roles']) {
      expect((await t.app.inject({ method: 'GET', url, headers })).statusCode, url).toBe(200);
    }
  });
});
