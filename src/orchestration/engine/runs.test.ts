// Runs on real PostgreSQL: error policies (suspend, ignore with a limit, abort) and incremental
// query watermarks.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EngineHooks } from './deps.ts';
import {
  act,
  audience,
  end,
  failing,
  population,
  scheduler,
  workflow,
  type Fake,
} from './fixtures.testing.ts';
import { openEngineTest } from './harness.testing.ts';
import { getRun, resumeRun, retryTask } from './index.ts';

let e: Awaited<ReturnType<typeof openEngineTest>>;
beforeAll(async () => {
  e = await openEngineTest();
});
afterAll(() => e.close());

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
    const { key } = await e.launch(definition, { policy: { mode: 'suspend' } });
    await e.drain({ broken: failing('relation "x" does not exist'), fine: population(2) });
    const run = await getRun(e.deps, key);
    expect(run).toMatchObject({ status: 'paused', error: 'broken: relation "x" does not exist' });
    const broken = (await e.tasksOf(key)).broken;
    expect(broken).toMatchObject({ status: 'error', error: 'relation "x" does not exist' });
    expect(broken?.logs.map((l) => [l.level, l.message])).toEqual([
      ['error', 'relation "x" does not exist'],
    ]);
    expect((await e.statuses(key)).afterBroken).toBe('pending');
    await retryTask(e.deps, { ...key, activityId: 'broken' });
    // 'fine' ran beside 'broken', or waited for the retry if the failure paused the run first.
    await e.drain({ broken: population(4), fine: population(2) });
    expect(await e.statuses(key)).toEqual({
      start: 'done',
      fork: 'done',
      broken: 'done',
      afterBroken: 'done',
      fine: 'done',
      afterFine: 'done',
    });
    expect((await getRun(e.deps, key)).status).toBe('completed');
  });

  it('suspend: an AND-join behind a failed activity waits for its retry', async () => {
    const { key } = await e.launch(
      workflow(
        [
          scheduler(),
          act('fork', 'fork', { branches: ['a', 'b'] }),
          audience('broken'),
          act('check', 'test', {
            branches: [
              {
                key: 'never',
                label: 'Never',
                conditions: [{ kind: 'variable', name: 'missing', comparison: 'exists' }],
              },
            ],
            defaultBranch: false,
          }),
          act('join', 'andJoin', {}),
          end('done'),
        ],
        [
          ['start', 'fork'],
          ['fork', 'broken', 'a'],
          ['fork', 'check', 'b'],
          ['broken', 'join'],
          ['check', 'join', 'never'],
          ['join', 'done'],
        ],
      ),
      { policy: { mode: 'suspend' } },
    );
    await e.drain({ broken: failing('boom') });
    expect(await e.statuses(key)).toMatchObject({ broken: 'error', join: 'pending' });
    await retryTask(e.deps, { ...key, activityId: 'broken' });
    await e.drain({ broken: population(3) });
    expect(await e.statuses(key)).toMatchObject({ check: 'done', join: 'done', done: 'done' });
    expect((await e.tasksOf(key)).join?.counts).toEqual({ out: 3 });
  });

  it('suspend: resume retries the failed activities', async () => {
    const { key } = await e.launch(definition, { policy: { mode: 'suspend' } });
    await e.drain({ broken: failing('boom'), fine: population(2) });
    await resumeRun(e.deps, key);
    await e.drain({ broken: population(1) });
    expect((await getRun(e.deps, key)).status).toBe('completed');
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
    const first = await e.launch(definition, { policy });
    await e.drain({ broken: failing('boom'), fine: population(2) }, hooks);
    expect(await e.statuses(first.key)).toEqual({
      start: 'done',
      fork: 'done',
      broken: 'error',
      afterBroken: 'skipped',
      fine: 'done',
      afterFine: 'done',
    });
    expect(await getRun(e.deps, first.key)).toMatchObject({
      status: 'completed',
      error: '1 activity failed',
    });
    expect(suspended).toEqual([]);
    const second = await e.launch(definition, { policy, campaignId: first.campaignId });
    await e.drain({ broken: failing('boom'), fine: population(2) }, hooks);
    expect((await getRun(e.deps, second.key)).status).toBe('completed');
    expect(suspended).toEqual(['2 consecutive runs with errors']);
  });

  it('abort: the run fails and nothing else starts', async () => {
    const { key } = await e.launch(
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
    await e.drain({ broken: failing('boom'), next: population(1) });
    expect(await getRun(e.deps, key)).toMatchObject({ status: 'failed', error: 'broken: boom' });
    expect(await e.statuses(key)).toEqual({
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
      await e.t.database.pool.query<{ activity_id: string; high_water: Date }>(
        'SELECT activity_id, high_water FROM orchestrated_watermarks WHERE campaign_id = $1',
        [campaignId],
      )
    ).rows;

  it('keeps the high-water mark of a completed live run only', async () => {
    const test = await e.launch(definition, { mode: 'test' });
    await e.drain({ recent: highWater });
    expect(await marks(test.campaignId)).toEqual([]);
    const live = await e.launch(definition, { mode: 'live' });
    await e.drain({ recent: highWater });
    expect(await marks(live.campaignId)).toEqual([
      { activity_id: 'recent', high_water: new Date('2026-11-26T10:00:00Z') },
    ]);
  });
});
