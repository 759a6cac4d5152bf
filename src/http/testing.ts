// Test helpers: a real app on a database of its own, and ways to act as each kind of principal.
import type { LightMyRequestResponse } from 'fastify';
import pino from 'pino';
import { createTestDatabase } from '../db/testing/database.ts';
import { openJobQueue, type JobQueue } from '../jobs/queue.ts';
import { createApiKey } from '../platform/api-keys.ts';
import { bootstrapPlatform } from '../platform/bootstrap.ts';
import { platformDb, SYSTEM_ACTOR, type Clock } from '../platform/context.ts';
import type { Role } from '../platform/permissions.ts';
import { findSandboxByName } from '../platform/sandboxes.ts';
import { buildApp } from './app.ts';

export const ADMIN_EMAIL = 'admin@example.test';
export const ADMIN_PASSWORD = 'correct horse battery';

/** A clock tests can move. */
export class TestClock implements Clock {
  constructor(private current = new Date('2026-11-27T09:00:00Z')) {}
  now(): Date {
    return new Date(this.current);
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

export type TestApp = Awaited<ReturnType<typeof createTestApp>>;

/** The CLARION_SECRET of test apps (stored credentials are encrypted with keys derived from it). */
export const TEST_SECRET = 'test-secret-0123456789abcdefghijklmnopqrstuvwxyz';

export async function createTestApp(
  options: { clock?: Clock; consoleDir?: string; trustProxy?: boolean } = {},
) {
  const database = await createTestDatabase();
  const clock = options.clock ?? new TestClock();
  const jobs: JobQueue = await openJobQueue(database.pool, pino({ level: 'silent' }));
  await bootstrapPlatform(platformDb(database.db), clock, {
    email: ADMIN_EMAIL,
    password: ADMIN_PASSWORD,
  });
  const app = await buildApp({
    database,
    clock,
    jobs,
    publicUrl: 'http://clarion.test',
    secret: TEST_SECRET,
    consoleDir: options.consoleDir,
    trustProxy: options.trustProxy ?? false,
  });
  const db = platformDb(database.db);

  async function login(
    email: string,
    password: string,
  ): Promise<{ cookie: string; csrfToken: string }> {
    const response = await app.inject({
      method: 'POST',
      url: '/auth/login',
      payload: { email, password },
    });
    if (response.statusCode !== 200)
      throw new Error(`login failed: ${response.statusCode} ${response.body}`);
    const cookie = response.cookies.find((c) => c.name === 'clarion_session');
    if (!cookie) throw new Error('no session cookie');
    return {
      cookie: `clarion_session=${cookie.value}`,
      csrfToken: response.json<{ csrfToken: string }>().csrfToken,
    };
  }

  /** Headers that authenticate as the first administrator's console session. */
  async function adminHeaders(): Promise<Record<string, string>> {
    const session = await login(ADMIN_EMAIL, ADMIN_PASSWORD);
    return { cookie: session.cookie, 'x-csrf-token': session.csrfToken };
  }

  /** Headers with a fresh API key of this role in this sandbox. */
  async function keyHeaders(role: Role, sandbox = 'prod'): Promise<Record<string, string>> {
    const found = await findSandboxByName(db, sandbox);
    if (!found) throw new Error(`no sandbox ${sandbox}`);
    const { secret } = await createApiKey(
      { db, clock, actor: SYSTEM_ACTOR, sandboxId: found.id },
      { name: `test ${role}`, role },
    );
    return { authorization: `Bearer ${secret}` };
  }

  return {
    app,
    database,
    db,
    clock,
    jobs,
    login,
    adminHeaders,
    keyHeaders,
    async close() {
      await app.close();
      await jobs.close();
      await database.drop();
    },
  };
}

export function json<T>(response: LightMyRequestResponse): T {
  return response.json<T>();
}
