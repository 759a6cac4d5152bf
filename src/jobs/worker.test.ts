// A job queued by the API process runs in a separate `clarion worker` process.
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../http/testing.ts';
import { runClarion, type RunningClarion } from '../testing/processes.ts';
import { digestToken } from '../platform/tokens.ts';
import { systemClock } from '../platform/context.ts';

let t: TestApp;
let worker: RunningClarion | undefined;
beforeAll(async () => {
  // The worker process judges expiry by the real time, so the admin's session must too.
  t = await createTestApp({ clock: systemClock });
});
afterAll(async () => {
  await worker?.stop('SIGTERM');
  await t.close();
});

async function waitUntil(check: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await sleep(200);
  }
  return false;
}

describe('job queue across processes', () => {
  it('the worker process runs the session clean-up queued through the API', async () => {
    const admin = await t.adminHeaders();
    const user = await t.db.selectFrom('users').select('id').executeTakeFirstOrThrow();
    const now = Date.now();
    await t.db
      .insertInto('sessions')
      .values([
        {
          token_hash: digestToken('expired-1'),
          user_id: user.id,
          csrf_token: 'x',
          last_seen_at: new Date(now - 86_400_000),
          expires_at: new Date(now - 3_600_000),
          user_agent: '',
          ip: '',
        },
        {
          token_hash: digestToken('expired-2'),
          user_id: user.id,
          csrf_token: 'x',
          last_seen_at: new Date(now - 86_400_000),
          expires_at: new Date(now - 60_000),
          user_agent: '',
          ip: '',
        },
        {
          token_hash: digestToken('live'),
          user_id: user.id,
          csrf_token: 'x',
          last_seen_at: new Date(now),
          expires_at: new Date(now + 3_600_000),
          user_agent: '',
          ip: '',
        },
      ])
      .execute();

    const queued = await t.app.inject({
      method: 'POST',
      url: '/maintenance/tasks/cleanupExpiredSessions/run',
      headers: admin,
    });
    expect(queued.statusCode).toBe(202);
    const jobId = queued.json<{ jobId: string }>().jobId;
    const pending = await sql<{
      n: number;
    }>`SELECT count(*)::int AS n FROM graphile_worker.jobs WHERE id = ${jobId}`.execute(
      t.database.db,
    );
    expect(pending.rows[0]?.n).toBe(1);
    const expiredCount = async () =>
      Number(
        (
          await t.db
            .selectFrom('sessions')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('expires_at', '<', new Date())
            .executeTakeFirstOrThrow()
        ).n,
      );
    // Nothing in this process runs jobs: the expired sessions stay until a worker appears.
    await sleep(500);
    expect(await expiredCount()).toBe(2);

    worker = runClarion(['worker'], {
      DATABASE_URL: t.database.url,
      CLARION_DATA_DIR: '/tmp/clarion-worker-test',
    });
    await worker.waitFor(/Worker connected/);
    expect(await waitUntil(async () => (await expiredCount()) === 0, 30_000)).toBe(true);
    await worker.waitFor(/removed 2 expired sessions/);
    const live = await t.db
      .selectFrom('sessions')
      .select('token_hash')
      .where('token_hash', '=', digestToken('live'))
      .executeTakeFirst();
    expect(live).toBeDefined();
    expect(
      await waitUntil(
        async () =>
          (
            await sql<{
              n: number;
            }>`SELECT count(*)::int AS n FROM graphile_worker.jobs WHERE id = ${jobId}`.execute(
              t.database.db,
            )
          ).rows[0]?.n === 0,
        10_000,
      ),
    ).toBe(true);
    const code = await worker.stop('SIGTERM');
    expect(code, worker.output()).toBe(0);
    worker = undefined;
  });
});
