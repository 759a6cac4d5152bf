import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REDACTED_LOG_PATHS } from './app.ts';
import { createTestApp, type TestApp } from './testing.ts';

let t: TestApp;
let admin: Record<string, string>;
beforeAll(async () => {
  t = await createTestApp();
  admin = await t.adminHeaders();
});
afterAll(async () => t.close());

describe('HTTP surface', () => {
  it('answers health and readiness', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/health' })).json()).toEqual({
      status: 'ok',
    });
    expect((await t.app.inject({ method: 'GET', url: '/ready' })).json()).toEqual({
      status: 'ready',
    });
  });

  it('reports not ready when a migration is missing', async () => {
    await t.database.pool.query("UPDATE clarion_migrations SET name = name || '-renamed'");
    try {
      const response = await t.app.inject({ method: 'GET', url: '/ready' });
      expect(response.statusCode).toBe(503);
      expect(response.json()).toMatchObject({
        status: 'unavailable',
        reason: 'database not migrated',
      });
    } finally {
      await t.database.pool.query(
        "UPDATE clarion_migrations SET name = replace(name, '-renamed', '')",
      );
    }
  });

  it('bad JSON is a 400 with a stable code, and nothing is written', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/sandboxes',
      headers: { ...admin, 'content-type': 'application/json' },
      payload: '{"name": "x",',
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: 'INVALID_JSON' });
    const count = await t.db
      .selectFrom('sandboxes')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(1);
  });

  it('gives every response a request id, echoing one that was sent', async () => {
    const fresh = await t.app.inject({ method: 'GET', url: '/health' });
    expect(fresh.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const echoed = await t.app.inject({
      method: 'GET',
      url: '/nope',
      headers: { 'x-request-id': 'trace-42' },
    });
    expect(echoed.headers['x-request-id']).toBe('trace-42');
    expect(echoed.statusCode).toBe(404);
    expect(echoed.json()).toMatchObject({ code: 'ROUTE_NOT_FOUND', requestId: 'trace-42' });
  });

  it('serves OpenAPI 3 with every route and a docs page', async () => {
    const spec = (await t.app.inject({ method: 'GET', url: '/openapi.json' })).json<{
      openapi: string;
      paths: Record<string, object>;
    }>();
    expect(spec.openapi).toMatch(/^3\./);
    for (const path of [
      '/auth/login',
      '/users',
      '/users/{id}/roles',
      '/api-keys',
      '/sandboxes',
      '/audit-log',
    ])
      expect(Object.keys(spec.paths)).toContain(path);
    const docs = await t.app.inject({ method: 'GET', url: '/docs/' });
    expect(docs.statusCode).toBe(200);
    expect(docs.headers['content-type']).toContain('text/html');
  });

  it('routes a browser navigation to the console page and an API call to JSON', async () => {
    const page = await t.app.inject({
      method: 'GET',
      url: '/users',
      headers: { ...admin, accept: 'text/html,application/xhtml+xml' },
    });
    expect(page.headers['content-type']).toContain('text/html');
    const api = await t.app.inject({
      method: 'GET',
      url: '/users',
      headers: { ...admin, accept: 'application/json' },
    });
    expect(api.json<{ items: unknown[] }>().items.length).toBe(1);
  });

  it('redacts credentials in logs', () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const log = pino({ redact: { paths: REDACTED_LOG_PATHS, censor: '[redacted]' } }, sink);
    log.info({
      req: {
        headers: {
          authorization: 'Bearer cs_topsecret',
          cookie: 'clarion_session=abc',
          'x-api-key': 'cs_k',
        },
      },
      body: { password: 'hunter2hunter2' },
    });
    const text = lines.join('');
    for (const secret of ['cs_topsecret', 'clarion_session=abc', 'cs_k', 'hunter2hunter2'])
      expect(text).not.toContain(secret);
    expect(text).toContain('[redacted]');
  });
});
