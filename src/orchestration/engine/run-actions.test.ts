// Acting on runs on real PostgreSQL: purge and test-run restarts, pause and stop, the tick's
// take-over of abandoned tasks and clean-up of leftover worktables.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { act, audience, end, population, scheduler, workflow } from './fixtures.testing.ts';
import { openEngineTest } from './harness.testing.ts';
import { getRun, pauseRun, purgeRun, resumeRun, stopRun, worktableOf } from './index.ts';
import { orchestratedTick, takeOverAbandonedTasks, WORKTABLE_RETENTION_DAYS } from './tick.ts';

let e: Awaited<ReturnType<typeof openEngineTest>>;
beforeAll(async () => {
  e = await openEngineTest();
});
afterAll(() => e.close());

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
      await e.t.database.pool.query<{ t: string | null }>(`SELECT to_regclass($1) AS t`, [
        `clarion_work.${table}`,
      ])
    ).rows[0]?.t !== null;

  it('drops a finished run’s worktables and keeps its tasks', async () => {
    const { key } = await e.launch(definition);
    await expect(purgeRun(e.deps, key)).rejects.toMatchObject({ code: 'ORCHESTRATED_RUN_BUSY' });
    await e.drain({ people: population(3) });
    const table = (await e.tasksOf(key)).people!.outputs.out!.table;
    expect(await exists(table)).toBe(true);
    expect(await purgeRun(e.deps, key)).toEqual({ dropped: 1 });
    expect(await exists(table)).toBe(false);
    expect((await getRun(e.deps, key)).purgedAt).toEqual(e.clock.now());
    expect((await e.tasksOf(key)).people?.counts).toEqual({ out: 3 });
    await expect(worktableOf(e.deps, { ...key, transitionId: 't2' })).rejects.toMatchObject({
      code: 'WORKTABLE_NOT_FOUND',
    });
  });

  it('a new test run purges (and stops) the previous one', async () => {
    const first = await e.launch(definition, { mode: 'test' });
    await e.drain({ people: population(3) });
    const table = (await e.tasksOf(first.key)).people!.outputs.out!.table;
    const second = await e.launch(definition, { mode: 'test', campaignId: first.campaignId });
    expect(second.runNo).toBe(2);
    expect(await exists(table)).toBe(false);
    expect((await getRun(e.deps, first.key)).purgedAt).toEqual(e.clock.now());
    const third = await e.launch(definition, { mode: 'test', campaignId: first.campaignId });
    expect(await getRun(e.deps, second.key)).toMatchObject({ status: 'stopped' });
    await e.drain({ people: population(1) });
    expect((await getRun(e.deps, third.key)).status).toBe('completed');
  });

  it('only one live run of a campaign at a time', async () => {
    const { campaignId } = await e.launch(definition);
    await expect(e.launch(definition, { campaignId })).rejects.toMatchObject({
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
    const { key } = await e.launch(definition);
    // As after a claim whose process then died: running, attempt 1, nothing written.
    await e.t.database.pool.query(
      `UPDATE orchestrated_tasks
          SET status = CASE activity_id WHEN 'start' THEN 'done' ELSE 'running' END,
              attempts = 1, outputs = CASE activity_id WHEN 'start' THEN '{"out": null}'::jsonb ELSE '{}' END
        WHERE run_id = $1 AND activity_id IN ('start', 'people')`,
      [key.runId],
    );
    const holder = await e.t.database.pool.connect();
    try {
      await holder.query(
        `SELECT pg_advisory_lock(hashtextextended($1::text || ':' || 'people', 0))`,
        [key.runId],
      );
      expect(await takeOverAbandonedTasks(e.deps)).toBe(0);
      await holder.query(
        `SELECT pg_advisory_unlock(hashtextextended($1::text || ':' || 'people', 0))`,
        [key.runId],
      );
    } finally {
      holder.release();
    }
    expect(await takeOverAbandonedTasks(e.deps)).toBe(1);
    await e.drain({ people: population(6) });
    expect((await e.tasksOf(key)).people).toMatchObject({
      status: 'done',
      attempts: 2,
      counts: { out: 6 },
    });
    expect((await getRun(e.deps, key)).status).toBe('completed');
  });
});

describe('pause, stop and the tick', () => {
  const definition = workflow(
    [
      scheduler(),
      audience('people'),
      act('pause', 'wait', { kind: 'duration', minutes: 5 }),
      end('done'),
    ],
    [
      ['start', 'people'],
      ['people', 'pause'],
      ['pause', 'done'],
    ],
  );

  it('a paused run starts nothing until resumed, even a wait that falls due', async () => {
    const { key } = await e.launch(definition);
    await e.drain({ people: population(2) });
    await pauseRun(e.deps, key);
    e.clock.advance(10 * 60_000);
    expect(await e.drain({})).toBe(0);
    expect((await e.statuses(key)).pause).toBe('waiting');
    await resumeRun(e.deps, key);
    await e.drain({});
    expect(await e.statuses(key)).toMatchObject({ pause: 'done', done: 'done' });
    expect((await getRun(e.deps, key)).status).toBe('completed');
  });

  it('a stopped run keeps its tasks as they were and cannot be resumed', async () => {
    const { key } = await e.launch(definition);
    await e.drain({ people: population(2) });
    await stopRun(e.deps, key);
    e.clock.advance(10 * 60_000);
    expect(await e.drain({})).toBe(0);
    expect(await e.statuses(key)).toEqual({
      start: 'done',
      people: 'done',
      pause: 'waiting',
      done: 'pending',
    });
    expect((await getRun(e.deps, key)).status).toBe('stopped');
    await expect(resumeRun(e.deps, key)).rejects.toMatchObject({
      code: 'ORCHESTRATED_TRANSITION_INVALID',
    });
  });

  it('the tick drops worktables a purge left behind', async () => {
    const { key } = await e.launch(definition);
    await e.drain({ people: population(2) });
    e.clock.advance(10 * 60_000);
    await e.drain({});
    const table = (await e.tasksOf(key)).people!.outputs.out!.table;
    // As if the process stopped between marking the run purged and dropping its tables.
    await e.t.database.pool.query('UPDATE orchestrated_runs SET purged_at = now() WHERE id = $1', [
      key.runId,
    ]);
    expect(await orchestratedTick(e.deps)).toEqual({
      takenOver: 0,
      launched: 0,
      dropped: 1,
      signalled: 0,
      expired: 0,
    });
    const left = await e.t.database.pool.query('SELECT to_regclass($1) AS t', [
      `clarion_work.${table}`,
    ]);
    expect(left.rows).toEqual([{ t: null }]);
  });

  it('the tick purges finished runs once their retention has passed, and only those', async () => {
    const { key } = await e.launch(definition);
    await e.drain({ people: population(2) });
    e.clock.advance(10 * 60_000);
    await e.drain({});
    expect((await getRun(e.deps, key)).status).toBe('completed');
    const table = (await e.tasksOf(key)).people!.outputs.out!.table;
    const exists = async () =>
      (
        await e.t.database.pool.query<{ t: string | null }>('SELECT to_regclass($1) AS t', [
          `clarion_work.${table}`,
        ])
      ).rows[0]?.t !== null;
    e.clock.advance((WORKTABLE_RETENTION_DAYS - 1) * 86_400_000);
    expect((await orchestratedTick(e.deps)).expired).toBe(0);
    expect(await exists()).toBe(true);
    e.clock.advance(2 * 86_400_000);
    const tick = await orchestratedTick(e.deps);
    expect(tick.expired).toBeGreaterThanOrEqual(1);
    expect(await exists()).toBe(false);
    expect((await getRun(e.deps, key)).status).toBe('completed');
    expect((await e.tasksOf(key)).people?.counts).toEqual({ out: 2 });
  });
});
