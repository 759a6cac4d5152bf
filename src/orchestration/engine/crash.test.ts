// A `clarion worker` killed (SIGKILL) in the middle of an activity: the activity's transaction
// dies with it; a worker started afterwards takes the task over and finishes the run. Activities
// that had finished keep their outcome and are not run again; the interrupted one ran once in
// effect (its alert rows exist once).
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { TEST_SECRET } from '../../http/testing.ts';
import { systemClock } from '../../platform/context.ts';
import { runClarion, type RunningClarion } from '../../testing/processes.ts';
import { act, audience, end, insertCampaign, scheduler, workflow } from './fixtures.testing.ts';
import { openEngineTest } from './harness.testing.ts';
import { getRun, listTasks, startRun } from './index.ts';

let e: Awaited<ReturnType<typeof openEngineTest>>;
const workers: RunningClarion[] = [];
const PROFILES = 50;
const users = ['00000000-0000-4000-8000-0000000000c1', '00000000-0000-4000-8000-0000000000c2'];

beforeAll(async () => {
  e = await openEngineTest();
});
afterAll(async () => {
  for (const worker of workers) worker.child.kill('SIGKILL');
  await Promise.all(workers.map((w) => w.exited()));
  await e.close();
});

const startWorker = () => {
  const worker = runClarion(['worker'], {
    DATABASE_URL: e.t.database.url,
    CLARION_DATA_DIR: '/tmp/clarion-orchestrated-crash',
    CLARION_SECRET: TEST_SECRET,
    CLARION_DELIVERY_LANES: '1',
  });
  workers.push(worker);
  return worker;
};

async function until(check: () => Promise<boolean>, what: string, timeoutMs = 90_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await sleep(100);
  }
  throw new Error(`timed out waiting for ${what}\n${workers.map((w) => w.output()).join('\n')}`);
}

it(
  'a run whose worker is killed mid-activity resumes from the last finished activity',
  { timeout: 240_000 },
  async () => {
    const pool = e.t.database.pool;
    const sandboxId = e.sandboxId;
    const definition = workflow(
      [
        scheduler(),
        audience('people'),
        act('fork', 'fork', { branches: ['a', 'b'] }),
        act('notify', 'alert', { subject: 'Wave sent', message: 'Done', userIds: users }),
        end('endA'),
        act('check', 'test', {
          branches: [
            {
              key: 'yes',
              label: 'Yes',
              conditions: [
                { kind: 'variable', name: 'wave', comparison: 'eq', value: 1 },
                { kind: 'count', comparison: 'eq', value: PROFILES },
              ],
            },
          ],
          defaultBranch: true,
        }),
        end('endYes'),
        end('endDefault'),
      ],
      [
        ['start', 'people'],
        ['people', 'fork'],
        ['fork', 'notify', 'a'],
        ['notify', 'endA'],
        ['fork', 'check', 'b'],
        ['check', 'endYes', 'yes'],
        ['check', 'endDefault', 'default'],
      ],
    );
    const campaignId = await insertCampaign(pool, sandboxId, definition);
    await pool.query(
      `INSERT INTO profiles (sandbox_id, attributes)
       SELECT $1, jsonb_build_object('n', i) FROM generate_series(1, $2::int) AS i`,
      [sandboxId, PROFILES],
    );

    // The alert's INSERT waits behind this lock: the activity is caught mid-transaction.
    const blocker = await pool.connect();
    await blocker.query('BEGIN');
    await blocker.query('LOCK TABLE orchestrated_alerts IN SHARE MODE');

    const deps = { pool, jobs: e.t.jobs, clock: systemClock };
    const { runId } = await startRun(deps, {
      sandboxId,
      campaignId,
      mode: 'live',
      trigger: 'manual',
      definition,
      variables: { wave: 1 },
      actorLabel: 'tester',
      oneShot: true,
    });
    const key = { sandboxId, runId };
    const status = async () =>
      Object.fromEntries(
        (await listTasks(deps, key)).map((task) => [task.activityId, task.status]),
      );

    const doomed = startWorker();
    await until(async () => {
      const s = await status();
      const waiting = await pool.query(
        `SELECT 1 FROM pg_locks WHERE relation = 'orchestrated_alerts'::regclass AND NOT granted`,
      );
      return s.notify === 'running' && s.endYes === 'done' && waiting.rowCount === 1;
    }, 'the alert to block');
    doomed.child.kill('SIGKILL');
    await doomed.exited();
    const before = await listTasks(deps, key);

    // The killed worker's session ends (it checks its client every second), rolling back.
    await until(async () => {
      const held = await pool.query(
        `SELECT 1 FROM pg_locks WHERE locktype = 'advisory' OR
           (relation = 'orchestrated_alerts'::regclass AND NOT granted)`,
      );
      return held.rowCount === 0;
    }, 'the killed session to end');
    await blocker.query('COMMIT');
    blocker.release();
    expect((await status()).notify).toBe('running');

    startWorker();
    await until(
      async () => (await getRun(deps, key)).status === 'completed',
      'the run to complete',
    );

    const after = Object.fromEntries(
      (await listTasks(deps, key)).map((task) => [task.activityId, task]),
    );
    expect(
      Object.fromEntries(Object.entries(after).map(([id, task]) => [id, task.status])),
    ).toEqual({
      start: 'done',
      people: 'done',
      fork: 'done',
      notify: 'done',
      endA: 'done',
      check: 'done',
      endYes: 'done',
      endDefault: 'skipped',
    });
    expect(
      Object.fromEntries(Object.entries(after).map(([id, task]) => [id, task.counts])),
    ).toEqual({
      start: { out: null },
      people: { out: PROFILES },
      fork: { a: PROFILES, b: PROFILES },
      notify: { out: PROFILES },
      endA: {},
      check: { yes: PROFILES },
      endYes: {},
      endDefault: {},
    });
    expect(after.notify?.attempts).toBe(2);
    // Finished before the kill: not run again.
    for (const task of before.filter((x) => x.status === 'done'))
      expect([
        task.activityId,
        after[task.activityId]?.finishedAt,
        after[task.activityId]?.attempts,
      ]).toEqual([task.activityId, task.finishedAt, 1]);
    const alerts = await pool.query<{ user_id: string }>(
      'SELECT user_id FROM orchestrated_alerts WHERE run_id = $1 ORDER BY user_id',
      [runId],
    );
    expect(alerts.rows.map((r) => r.user_id)).toEqual(users);
  },
);
