// The engine on real PostgreSQL: readiness and parallel branches, skips through a Test and an
// AND-join, durable waits on a test clock, the confirmation gate, End signals.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  act,
  audience,
  confirmationGate,
  end,
  failing,
  population,
  scheduler,
  workflow,
  type Fake,
} from './fixtures.testing.ts';
import { openEngineTest } from './harness.testing.ts';
import { confirmTask, getRun, worktableOf } from './index.ts';
import { orchestratedTick } from './tick.ts';

let e: Awaited<ReturnType<typeof openEngineTest>>;
beforeAll(async () => {
  e = await openEngineTest();
});
afterAll(() => e.close());

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
    const { key } = await e.launch(definition);
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
    await e.drain({ people: population(10), leftWork: meet(3), rightWork: meet(4) });
    expect(await e.statuses(key)).toEqual({
      start: 'done',
      people: 'done',
      fork: 'done',
      leftWork: 'done',
      rightWork: 'done',
      join: 'done',
      done: 'done',
    });
    const tasks = await e.tasksOf(key);
    expect(tasks.people?.counts).toEqual({ out: 10 });
    expect(tasks.fork?.counts).toEqual({ left: 10, right: 10 });
    expect(tasks.join?.counts).toEqual({ out: 4 });
    expect(tasks.start?.counts).toEqual({ out: null });
    expect(tasks.people?.logs.map((l) => [l.message, l.sql])).toEqual([
      ['10 profiles', 'SELECT … FROM generate_series(1, $1)'],
    ]);
    expect(tasks.people?.attempts).toBe(1);
    const run = await getRun(e.deps, key);
    expect(run.status).toBe('completed');
    expect(run.finishedAt).toEqual(e.clock.now());
    // Fork shares its input's worktable with both branches.
    const left = await worktableOf(e.deps, { ...key, transitionId: 't3' });
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
    const { key } = await e.launch(definition);
    await e.drain({
      people: population(7),
      bigWork: failing('never runs'),
      smallWork: population(2),
    });
    expect(await e.statuses(key)).toEqual({
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
    const tasks = await e.tasksOf(key);
    expect(tasks.check?.counts).toEqual({ default: 7 });
    expect(tasks.join?.counts).toEqual({ out: 2 });
    expect((await getRun(e.deps, key)).status).toBe('completed');
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
    const { key } = await e.launch(definition);
    const startedAt = e.clock.now();
    await e.drain({ people: population(3) });
    const wakeAt = new Date(startedAt.getTime() + 3_600_000);
    expect((await e.tasksOf(key)).pause).toMatchObject({ status: 'waiting', wakeAt });
    const job = await e.t.database.pool.query<{ run_at: Date }>(
      `SELECT run_at FROM graphile_worker.jobs
        WHERE task_identifier = 'orchestratedTask' AND key = $1`,
      [`orchestrated:${key.runId}:pause`],
    );
    expect(job.rows).toEqual([{ run_at: wakeAt }]);
    e.clock.advance(59 * 60_000);
    expect(await e.drain({})).toBe(0);
    e.clock.advance(60_000);
    await e.drain({});
    expect(await e.statuses(key)).toMatchObject({ pause: 'done', done: 'done' });
    expect((await e.tasksOf(key)).pause?.counts).toEqual({ out: 3 });
    expect((await getRun(e.deps, key)).status).toBe('completed');
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
    const { key } = await e.launch(definition);
    const fakes = { people: population(5), send: confirmationGate };
    await e.drain(fakes);
    expect(await e.statuses(key)).toMatchObject({ send: 'needsAttention', done: 'pending' });
    expect((await getRun(e.deps, key)).status).toBe('running');
    await expect(
      confirmTask(e.deps, { ...key, activityId: 'done', actor: 'ana' }),
    ).rejects.toMatchObject({ code: 'ORCHESTRATED_TASK_NOT_WAITING' });
    await confirmTask(e.deps, { ...key, activityId: 'send', actor: 'ana' });
    await e.drain(fakes);
    const send = (await e.tasksOf(key)).send;
    expect(send).toMatchObject({ status: 'done', counts: { out: 5 }, attempts: 2 });
    expect(send?.state).toEqual({ confirmed: true, confirmedBy: 'ana' });
    expect(send?.logs.map((l) => l.message)).toEqual(['Confirm sending', 'Confirmed by ana']);
    expect((await getRun(e.deps, key)).status).toBe('completed');
  });
});

describe('end signals', () => {
  const target = '00000000-0000-4000-8000-0000000000d1';
  const definition = workflow(
    [scheduler(), act('finish', 'end', { signal: { campaignId: target, variables: { wave: 2 } } })],
    [['start', 'finish']],
  );

  it('a live run’s End signals the campaign through the hook once it is recorded', async () => {
    const signals: unknown[] = [];
    const { key, campaignId, runNo } = await e.launch(definition);
    await e.drain(
      {},
      {
        signalCampaign: (_deps, request) => {
          signals.push(request);
          return Promise.resolve();
        },
      },
    );
    expect(signals).toEqual([
      {
        sandboxId: e.sandboxId,
        campaignId: target,
        variables: { wave: 2 },
        actor: `orchestrated campaign ${campaignId} run ${runNo}`,
      },
    ]);
    expect((await e.tasksOf(key)).finish?.logs.map((l) => l.message)).toEqual([
      `Signal to campaign ${target} with {"wave":2}`,
      `Signalled campaign ${target}`,
    ]);
  });

  it('a signal left pending by a stopped process is sent by the tick, once', async () => {
    const signals: unknown[] = [];
    const hooks = {
      signalCampaign: (_deps: unknown, request: unknown) => {
        signals.push(request);
        return Promise.resolve();
      },
    };
    const { key } = await e.launch(definition);
    await e.drain({}, hooks);
    expect(signals).toHaveLength(1);
    // As if the process stopped after recording the End and before its call went out.
    const forget = (claimedMinutesAgo: number | null) =>
      e.deps.pool.query(
        `UPDATE orchestrated_tasks
            SET state = (state - 'signalResult' - 'signalClaimedAt') || CASE WHEN $3::int IS NULL
              THEN '{}'::jsonb
              ELSE jsonb_build_object('signalClaimedAt', $4::timestamptz - make_interval(mins => $3::int)) END
          WHERE sandbox_id = $1 AND run_id = $2 AND activity_id = 'finish'`,
        [key.sandboxId, key.runId, claimedMinutesAgo, e.clock.now()],
      );
    await forget(null);
    const deps = { ...e.deps, hooks };
    expect((await orchestratedTick(deps)).signalled).toBe(1);
    expect((await orchestratedTick(deps)).signalled).toBe(0);
    expect(signals).toHaveLength(2);
    // Claimed a minute ago by a delivery still under way: left alone; claimed long ago: sent.
    await forget(1);
    expect((await orchestratedTick(deps)).signalled).toBe(0);
    await forget(6);
    expect((await orchestratedTick(deps)).signalled).toBe(1);
    expect(signals).toHaveLength(3);
    expect((await e.tasksOf(key)).finish?.state).toMatchObject({
      signalResult: `Signalled campaign ${target}`,
    });
  });

  it('without signalling available, the task log says the signal was not sent', async () => {
    const { key } = await e.launch(definition);
    await e.drain({});
    expect((await e.tasksOf(key)).finish?.logs.at(-1)?.message).toBe(
      `Signalling campaigns is not available here: campaign ${target} was not signalled`,
    );
    expect((await getRun(e.deps, key)).status).toBe('completed');
  });
});
