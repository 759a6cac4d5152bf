// The engine on real PostgreSQL: readiness and parallel branches, skips, AND-join, durable waits
// with a test clock, the confirmation gate, error policies, watermarks, purge and take-over.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, TestClock, type TestApp } from '../../http/testing.ts';
import { findSandboxByName } from '../../platform/sandboxes.ts';
import type { WorkflowDefinition } from '../model.ts';
import type { EngineDeps, EngineHooks } from './deps.ts';
import {
  act,
  audience,
  confirmationGate,
  end,
  failing,
  insertCampaign,
  population,
  scheduler,
  withFakes,
  workflow,
  type Fake,
} from './fixtures.testing.ts';
import {
  confirmTask,
  getRun,
  listTasks,
  purgeRun,
  resumeRun,
  retryTask,
  startRun,
  worktableOf,
} from './index.ts';
import { drainOrchestratedJobs } from './testing.ts';
import { takeOverAbandonedTasks } from './tick.ts';

let t: TestApp;
let deps: EngineDeps;
let sandboxId: string;
const clock = new TestClock(new Date('2026-11-27T09:00:00Z'));

beforeAll(async () => {
  t = await createTestApp({ clock });
  sandboxId = (await findSandboxByName(t.db, 'prod'))!.id;
  deps = { pool: t.database.pool, jobs: t.jobs, clock };
});
afterAll(() => t.close());

async function launch(
  definition: WorkflowDefinition,
  options: {
    policy?: object;
    mode?: 'test' | 'live';
    campaignId?: string;
    hooks?: EngineHooks;
  } = {},
) {
  const campaignId =
    options.campaignId ??
    (await insertCampaign(t.database.pool, sandboxId, definition, options.policy));
  const started = await startRun(deps, {
    sandboxId,
    campaignId,
    mode: options.mode ?? 'live',
    trigger: 'manual',
    definition,
    variables: {},
    actorLabel: 'tester',
    oneShot: true,
  });
  return { campaignId, key: { sandboxId, runId: started.runId }, runNo: started.runNo };
}

const drain = (fakes: Record<string, Fake>, hooks?: EngineHooks) =>
  drainOrchestratedJobs({ ...deps, hooks }, { sandboxId, execute: withFakes(fakes) });

async function tasksOf(key: { sandboxId: string; runId: string }) {
  const tasks = await listTasks(deps, key);
  return Object.fromEntries(tasks.map((task) => [task.activityId, task]));
}

async function statuses(key: { sandboxId: string; runId: string }) {
  const tasks = await listTasks(deps, key);
  return Object.fromEntries(tasks.map((task) => [task.activityId, task.status]));
}

describe('readiness', () => {
  it('runs a fork’s branches in parallel and joins them', async () => {
    const definition = workflow(
      [
        scheduler(),
        audience('people'),
        act('fork', 'fork', { branches: ['left', 'right'] }),
        audience('leftWork'),
        audience('rightWork'),
        act('join', 'andJoin', { primary: 'rightWork' }),
        end('done'),
      ],
      [
        ['start', 'people'],
        ['people', 'fork'],
        ['fork', 'leftWork', 'left'],
        ['fork', 'rightWork', 'right'],
        ['leftWork', 'join'],
        ['rightWork', 'join'],
        ['join', 'done'],
      ],
    );
    const { key } = await launch(definition);
    // Each branch waits until the other has started: they can only finish by running together.
    let arrived = 0;
    let release!: () => void;
    const bothStarted = new Promise<void>((resolve) => (release = resolve));
    const meet =
      (n: number): Fake =>
      async (context) => {
        arrived += 1;
        if (arrived === 2) release();
        await bothStarted;
        return population(n)(context);
      };
    await drain({ people: population(10), leftWork: meet(3), rightWork: meet(4) });
    expect(await statuses(key)).toEqual({
      start: 'done',
      people: 'done',
      fork: 'done',
      leftWork: 'done',
      rightWork: 'done',
      join: 'done',
      done: 'done',
    });
    const tasks = await tasksOf(key);
    expect(tasks.people?.counts).toEqual({ out: 10 });
    expect(tasks.fork?.counts).toEqual({ left: 10, right: 10 });
    expect(tasks.join?.counts).toEqual({ out: 4 });
    expect(tasks.start?.counts).toEqual({ out: null });
    expect(tasks.people?.logs.map((l) => [l.message, l.sql])).toEqual([
      ['10 profiles', 'SELECT … FROM generate_series(1, $1)'],
    ]);
    expect(tasks.people?.attempts).toBe(1);
    const run = await getRun(deps, key);
    expect(run.status).toBe('completed');
    expect(run.finishedAt).toEqual(clock.now());
    // Fork shares its input's worktable with both branches.
    const left = await worktableOf(deps, { ...key, transitionId: 't3' });
    expect(left).toEqual(tasks.people?.outputs.out);
  });

  it('skips the branches a Test did not take, but an AND-join with a live input still runs', async () => {
    const definition = workflow(
      [
        scheduler(),
        audience('people'),
        act('check', 'test', {
          branches: [
            {
              key: 'big',
              label: 'Big',
              conditions: [{ kind: 'count', comparison: 'gt', value: 100 }],
            },
          ],
          defaultBranch: true,
        }),
        audience('bigWork'),
        end('bigEnd'),
        audience('smallWork'),
        act('fork', 'fork', { branches: ['a', 'b'] }),
        act('join', 'andJoin', {}),
        end('done'),
      ],
      [
        ['start', 'people'],
        ['people', 'check'],
        ['check', 'bigWork', 'big'],
        ['bigWork', 'bigEnd'],
        ['check', 'smallWork', 'default'],
        ['smallWork', 'fork'],
        ['bigWork', 'join'],
        ['fork', 'join', 'a'],
        ['fork', 'join', 'b'],
        ['join', 'done'],
      ],
    );
    const { key } = await launch(definition);
    await drain({
      people: population(7),
      bigWork: failing('never runs'),
      smallWork: population(2),
    });
    expect(await statuses(key)).toEqual({
      start: 'done',
      people: 'done',
      check: 'done',
      bigWork: 'skipped',
      bigEnd: 'skipped',
      smallWork: 'done',
      fork: 'done',
      join: 'done',
      done: 'done',
    });
    const tasks = await tasksOf(key);
    expect(tasks.check?.counts).toEqual({ default: 7 });
    expect(tasks.join?.counts).toEqual({ out: 2 });
    expect((await getRun(deps, key)).status).toBe('completed');
  });
});

describe('waits', () => {
  it('a Wait parks its task with a durable job and goes on when the clock reaches it', async () => {
    const definition = workflow(
      [
        scheduler(),
        audience('people'),
        act('pause', 'wait', { kind: 'duration', minutes: 60 }),
        end('done'),
      ],
      [
        ['start', 'people'],
        ['people', 'pause'],
        ['pause', 'done'],
      ],
    );
    const { key } = await launch(definition);
    const startedAt = clock.now();
    await drain({ people: population(3) });
    const wakeAt = new Date(startedAt.getTime() + 3_600_000);
    expect((await tasksOf(key)).pause).toMatchObject({ status: 'waiting', wakeAt });
    const job = await t.database.pool.query<{ run_at: Date }>(
      `SELECT run_at FROM graphile_worker.jobs
        WHERE task_identifier = 'orchestratedTask' AND key = $1`,
      [`orchestrated:${key.runId}:pause`],
    );
    expect(job.rows).toEqual([{ run_at: wakeAt }]);
    clock.advance(59 * 60_000);
    expect(await drain({})).toBe(0);
    clock.advance(60_000);
    await drain({});
    expect(await statuses(key)).toMatchObject({ pause: 'done', done: 'done' });
    expect((await tasksOf(key)).pause?.counts).toEqual({ out: 3 });
    expect((await getRun(deps, key)).status).toBe('completed');
  });
});

describe('confirmation gate', () => {
  it('parks a task until it is confirmed, then runs it with state.confirmed', async () => {
    const definition = workflow(
      [scheduler(), audience('people'), audience('send'), end('done')],
      [
        ['start', 'people'],
        ['people', 'send'],
        ['send', 'done'],
      ],
    );
    const { key } = await launch(definition);
    const fakes = { people: population(5), send: confirmationGate };
    await drain(fakes);
    expect(await statuses(key)).toMatchObject({ send: 'needsAttention', done: 'pending' });
    expect((await getRun(deps, key)).status).toBe('running');
    await expect(
      confirmTask(deps, { ...key, activityId: 'done', actor: 'ana' }),
    ).rejects.toMatchObject({ code: 'ORCHESTRATED_TASK_NOT_WAITING' });
    await confirmTask(deps, { ...key, activityId: 'send', actor: 'ana' });
    await drain(fakes);
    const send = (await tasksOf(key)).send;
    expect(send).toMatchObject({ status: 'done', counts: { out: 5 }, attempts: 2 });
    expect(send?.state).toEqual({ confirmed: true, confirmedBy: 'ana' });
    expect(send?.logs.map((l) => l.message)).toEqual(['Confirm sending', 'Confirmed by ana']);
    expect((await getRun(deps, key)).status).toBe('completed');
  });
});

describe('error policies', () => {
  const definition = workflow(
    [
      scheduler(),
      act('fork', 'fork', { branches: ['a', 'b'] }),
      audience('broken'),
      end('afterBroken'),
      audience('fine'),
      end('afterFine'),
    ],
    [
      ['start', 'fork'],
      ['fork', 'broken', 'a'],
      ['broken', 'afterBroken'],
      ['fork', 'fine', 'b'],
      ['fine', 'afterFine'],
    ],
  );

  it('suspend: the run pauses at the failure and goes on after a retry', async () => {
    const { key } = await launch(definition, { policy: { mode: 'suspend' } });
    await drain({ broken: failing('relation "x" does not exist'), fine: population(2) });
    const run = await getRun(deps, key);
    expect(run).toMatchObject({ status: 'paused', error: 'broken: relation "x" does not exist' });
    const broken = (await tasksOf(key)).broken;
    expect(broken).toMatchObject({ status: 'error', error: 'relation "x" does not exist' });
    expect(broken?.logs.map((l) => [l.level, l.message])).toEqual([
      ['error', 'relation "x" does not exist'],
    ]);
    expect((await statuses(key)).afterBroken).toBe('pending');
    await retryTask(deps, { ...key, activityId: 'broken' });
    await drain({ broken: population(4), fine: failing('already ran') });
    expect(await statuses(key)).toEqual({
      start: 'done',
      fork: 'done',
      broken: 'done',
      afterBroken: 'done',
      fine: 'done',
      afterFine: 'done',
    });
    expect((await getRun(deps, key)).status).toBe('completed');
  });

  it('suspend: resume retries the failed activities', async () => {
    const { key } = await launch(definition, { policy: { mode: 'suspend' } });
    await drain({ broken: failing('boom'), fine: population(2) });
    await resumeRun(deps, key);
    await drain({ broken: population(1) });
    expect((await getRun(deps, key)).status).toBe('completed');
  });

  it('ignore: the failed branch is skipped, the run completes, too many failing runs suspend', async () => {
    const suspended: string[] = [];
    const hooks: EngineHooks = {
      suspendCampaign: (_deps, request) => {
        suspended.push(request.reason);
        return Promise.resolve();
      },
    };
    const policy = { mode: 'ignore', maxConsecutiveErrors: 1 };
    const first = await launch(definition, { policy });
    await drain({ broken: failing('boom'), fine: population(2) }, hooks);
    expect(await statuses(first.key)).toEqual({
      start: 'done',
      fork: 'done',
      broken: 'error',
      afterBroken: 'skipped',
      fine: 'done',
      afterFine: 'done',
    });
    expect(await getRun(deps, first.key)).toMatchObject({
      status: 'completed',
      error: '1 activity failed',
    });
    expect(suspended).toEqual([]);
    const second = await launch(definition, { policy, campaignId: first.campaignId });
    await drain({ broken: failing('boom'), fine: population(2) }, hooks);
    expect((await getRun(deps, second.key)).status).toBe('completed');
    expect(suspended).toEqual(['2 consecutive runs with errors']);
  });

  it('abort: the run fails and nothing else starts', async () => {
    const { key } = await launch(
      workflow(
        [scheduler(), audience('broken'), audience('next'), end('done')],
        [
          ['start', 'broken'],
          ['broken', 'next'],
          ['next', 'done'],
        ],
      ),
      { policy: { mode: 'abort' } },
    );
    await drain({ broken: failing('boom'), next: population(1) });
    expect(await getRun(deps, key)).toMatchObject({ status: 'failed', error: 'broken: boom' });
    expect(await statuses(key)).toEqual({
      start: 'done',
      broken: 'error',
      next: 'pending',
      done: 'pending',
    });
  });
});

describe('incremental query watermarks', () => {
  const highWater: Fake = async (context) => {
    const outcome = await population(2)(context);
    return { ...outcome, state: { highWater: '2026-11-26T10:00:00.000Z' } };
  };
  const definition = workflow(
    [
      scheduler(),
      act('recent', 'incrementalQuery', {
        dimension: { kind: 'profiles' },
        targeting: {},
        dateColumn: 'createdAt',
      }),
      end('done'),
    ],
    [
      ['start', 'recent'],
      ['recent', 'done'],
    ],
  );
  const marks = async (campaignId: string) =>
    (
      await t.database.pool.query<{ activity_id: string; high_water: Date }>(
        'SELECT activity_id, high_water FROM orchestrated_watermarks WHERE campaign_id = $1',
        [campaignId],
      )
    ).rows;

  it('keeps the high-water mark of a completed live run only', async () => {
    const test = await launch(definition, { mode: 'test' });
    await drain({ recent: highWater });
    expect(await marks(test.campaignId)).toEqual([]);
    const live = await launch(definition, { mode: 'live' });
    await drain({ recent: highWater });
    expect(await marks(live.campaignId)).toEqual([
      { activity_id: 'recent', high_water: new Date('2026-11-26T10:00:00Z') },
    ]);
  });
});

describe('purge', () => {
  const definition = workflow(
    [scheduler(), audience('people'), end('done')],
    [
      ['start', 'people'],
      ['people', 'done'],
    ],
  );
  const exists = async (table: string) =>
    (
      await t.database.pool.query<{ t: string | null }>(`SELECT to_regclass($1) AS t`, [
        `clarion_work.${table}`,
      ])
    ).rows[0]?.t !== null;

  it('drops a finished run’s worktables and keeps its tasks', async () => {
    const { key } = await launch(definition);
    await expect(purgeRun(deps, key)).rejects.toMatchObject({ code: 'ORCHESTRATED_RUN_BUSY' });
    await drain({ people: population(3) });
    const table = (await tasksOf(key)).people!.outputs.out!.table;
    expect(await exists(table)).toBe(true);
    expect(await purgeRun(deps, key)).toEqual({ dropped: 1 });
    expect(await exists(table)).toBe(false);
    expect((await getRun(deps, key)).purgedAt).toEqual(clock.now());
    expect((await tasksOf(key)).people?.counts).toEqual({ out: 3 });
    await expect(worktableOf(deps, { ...key, transitionId: 't2' })).rejects.toMatchObject({
      code: 'WORKTABLE_NOT_FOUND',
    });
  });

  it('a new test run purges (and stops) the previous one', async () => {
    const first = await launch(definition, { mode: 'test' });
    await drain({ people: population(3) });
    const table = (await tasksOf(first.key)).people!.outputs.out!.table;
    const second = await launch(definition, { mode: 'test', campaignId: first.campaignId });
    expect(second.runNo).toBe(2);
    expect(await exists(table)).toBe(false);
    expect((await getRun(deps, first.key)).purgedAt).toEqual(clock.now());
    const third = await launch(definition, { mode: 'test', campaignId: first.campaignId });
    expect(await getRun(deps, second.key)).toMatchObject({ status: 'stopped' });
    await drain({ people: population(1) });
    expect((await getRun(deps, third.key)).status).toBe('completed');
  });

  it('only one live run of a campaign at a time', async () => {
    const { campaignId } = await launch(definition);
    await expect(launch(definition, { campaignId })).rejects.toMatchObject({
      code: 'ORCHESTRATED_RUN_BUSY',
    });
  });
});

describe('take-over', () => {
  it('re-runs a task left running by a process that died, not one still held', async () => {
    const definition = workflow(
      [scheduler(), audience('people'), end('done')],
      [
        ['start', 'people'],
        ['people', 'done'],
      ],
    );
    const { key } = await launch(definition);
    // As after a claim whose process then died: running, attempt 1, nothing written.
    await t.database.pool.query(
      `UPDATE orchestrated_tasks
          SET status = CASE activity_id WHEN 'start' THEN 'done' ELSE 'running' END,
              attempts = 1, outputs = CASE activity_id WHEN 'start' THEN '{"out": null}'::jsonb ELSE '{}' END
        WHERE run_id = $1 AND activity_id IN ('start', 'people')`,
      [key.runId],
    );
    const holder = await t.database.pool.connect();
    try {
      await holder.query(
        `SELECT pg_advisory_lock(hashtextextended($1::text || ':' || 'people', 0))`,
        [key.runId],
      );
      expect(await takeOverAbandonedTasks(deps)).toBe(0);
      await holder.query(
        `SELECT pg_advisory_unlock(hashtextextended($1::text || ':' || 'people', 0))`,
        [key.runId],
      );
    } finally {
      holder.release();
    }
    expect(await takeOverAbandonedTasks(deps)).toBe(1);
    await drain({ people: population(6) });
    expect((await tasksOf(key)).people).toMatchObject({
      status: 'done',
      attempts: 2,
      counts: { out: 6 },
    });
    expect((await getRun(deps, key)).status).toBe('completed');
  });
});
