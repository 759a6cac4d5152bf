// Flow activities one by one: what each passes on, skips, waits for or writes.
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Worktable } from '../engine/types.ts';
import type { ActivityConfig } from '../model.ts';
import { runActivityForTest, worktableRows } from '../testing/context.ts';
import { openEngineTest } from '../engine/harness.testing.ts';
import { activityOf, populationOf } from './population.testing.ts';
import { waitUntil } from './wait.ts';

let t: { pool: pg.Pool; sandboxId: string; close(): Promise<void> };
let five: Worktable;
let two: Worktable;
const campaignId = '00000000-0000-4000-8000-000000000009';
const now = new Date('2026-11-27T09:00:00Z');

beforeAll(async () => {
  const engine = await openEngineTest();
  t = { pool: engine.deps.pool, sandboxId: engine.sandboxId, close: engine.close };
  const columns = { id: 'integer', tier: 'text' };
  five = await populationOf(t.pool, 'five', {
    columns,
    rows: [1, 2, 3, 4, 5].map((i) => [i, i % 2 ? 'gold' : 'silver']),
  });
  two = await populationOf(t.pool, 'two', {
    columns,
    rows: [
      [7, 'gold'],
      [8, 'bronze'],
    ],
  });
});
afterAll(() => t.close());

const run = (
  activity: ReturnType<typeof activityOf>,
  options: Partial<Parameters<typeof runActivityForTest>[1]> = {},
) => runActivityForTest(t.pool, { sandboxId: t.sandboxId, campaignId, activity, now, ...options });

describe('scheduler', () => {
  it('passes an empty trigger on', async () => {
    const { outcome, logs } = await run(
      activityOf('scheduler', { frequency: 'once', zone: 'Europe/Paris' }),
    );
    expect(outcome).toEqual({ kind: 'done', outputs: { out: null } });
    expect(logs.map((l) => l.message)).toEqual(['Run 1 started (live run, once)']);
  });
});

describe('fork', () => {
  it('sends the same population down every branch', async () => {
    const { outcome } = await run(activityOf('fork', { branches: ['a', 'b', 'c'] }), {
      inputs: [{ from: 'src', worktable: five }],
    });
    expect(outcome).toEqual({ kind: 'done', outputs: { a: five, b: five, c: five } });
    expect((await worktableRows(t.pool, five)).map((r) => r.id)).toEqual([1, 2, 3, 4, 5]);
  });

  it('passes a trigger without population on as none', async () => {
    const { outcome } = await run(activityOf('fork', { branches: ['a', 'b'] }), {
      inputs: [{ from: 'start', worktable: null }],
    });
    expect(outcome).toEqual({ kind: 'done', outputs: { a: null, b: null } });
  });
});

describe('AND-join', () => {
  it('passes on the primary input', async () => {
    const { outcome, logs } = await run(activityOf('andJoin', { primary: 'right' }), {
      inputs: [
        { from: 'left', worktable: five },
        { from: 'right', worktable: two },
      ],
    });
    expect(outcome).toEqual({ kind: 'done', outputs: { out: two } });
    expect(logs[0]?.message).toBe('2 branches joined; passing on 2 rows from right');
  });

  it('without a primary, passes on the first input that carries a population', async () => {
    const { outcome } = await run(activityOf('andJoin', {}), {
      inputs: [
        { from: 'trigger', worktable: null },
        { from: 'left', worktable: five },
        { from: 'right', worktable: two },
      ],
    });
    expect(outcome).toEqual({ kind: 'done', outputs: { out: five } });
  });
});

describe('wait', () => {
  it('waits a duration from when it is reached, then passes the population on', async () => {
    const activity = activityOf('wait', { kind: 'duration', minutes: 90 });
    const first = await run(activity, { inputs: [{ from: 'src', worktable: five }] });
    expect(first.outcome).toEqual({
      kind: 'wait',
      until: new Date('2026-11-27T10:30:00Z'),
      state: { until: '2026-11-27T10:30:00.000Z' },
    });
    const early = await run(activity, {
      inputs: [{ from: 'src', worktable: five }],
      state: { until: '2026-11-27T10:30:00.000Z' },
      now: new Date('2026-11-27T10:29:59Z'),
    });
    expect(early.outcome.kind).toBe('wait');
    const woken = await run(activity, {
      inputs: [{ from: 'src', worktable: five }],
      state: { until: '2026-11-27T10:30:00.000Z' },
      now: new Date('2026-11-27T10:30:00Z'),
    });
    expect(woken.outcome).toEqual({ kind: 'done', outputs: { out: five } });
  });

  it('waits until a fixed instant; one already past does not wait', async () => {
    const until = activityOf('wait', { kind: 'until', at: '2026-12-01T08:00:00Z' });
    expect((await run(until)).outcome).toMatchObject({
      kind: 'wait',
      until: new Date('2026-12-01T08:00:00Z'),
    });
    const past = activityOf('wait', { kind: 'until', at: '2026-11-01T08:00:00Z' });
    expect((await run(past, { inputs: [{ from: 'src', worktable: two }] })).outcome).toEqual({
      kind: 'done',
      outputs: { out: two },
    });
  });

  it('waits for the next time of day in a zone, across daylight saving', () => {
    const config = (time: string, zone: string): ActivityConfig<'wait'> => ({
      kind: 'timeOfDay',
      time,
      zone,
    });
    // 09:00Z is 10:00 in Paris: 18:00 is today, 08:00 tomorrow.
    expect(waitUntil(config('18:00', 'Europe/Paris'), now)).toEqual(
      new Date('2026-11-27T17:00:00Z'),
    );
    expect(waitUntil(config('08:00', 'Europe/Paris'), now)).toEqual(
      new Date('2026-11-28T07:00:00Z'),
    );
    expect(waitUntil(config('10:00', 'Europe/Paris'), now)).toEqual(
      new Date('2026-11-28T09:00:00Z'),
    );
    // The night summer time ends in New York (1 November 2026): 09:00 local is 14:00Z.
    expect(
      waitUntil(config('09:00', 'America/New_York'), new Date('2026-10-31T14:00:00Z')),
    ).toEqual(new Date('2026-11-01T14:00:00Z'));
  });
});

describe('test', () => {
  const config: ActivityConfig<'test'> = {
    branches: [
      {
        key: 'large',
        label: 'Large',
        conditions: [{ kind: 'count', comparison: 'gte', value: 5 }],
      },
      {
        key: 'vip',
        label: 'VIP',
        conditions: [
          { kind: 'count', comparison: 'gt', value: 0 },
          { kind: 'variable', name: 'level', comparison: 'gte', value: 3 },
        ],
      },
      {
        key: 'tagged',
        label: 'Tagged',
        conditions: [{ kind: 'variable', name: 'tag', comparison: 'exists' }],
      },
    ],
    defaultBranch: true,
  };
  const test = activityOf('test', config);
  const ports = ['large', 'vip', 'tagged', 'default'];
  const expectBranch = async (
    worktable: Worktable | null,
    variables: Record<string, unknown>,
    taken: string,
  ) => {
    const { outcome } = await run(test, {
      inputs: [{ from: 'src', worktable }],
      variables,
    });
    expect(outcome).toEqual({
      kind: 'branch',
      outputs: { [taken]: worktable },
      skipped: ports.filter((p) => p !== taken),
    });
  };

  it('takes the first branch whose conditions all hold', async () => {
    await expectBranch(five, { level: 9, tag: 'x' }, 'large');
    await expectBranch(two, { level: 3, tag: 'x' }, 'vip');
    // A variable sent as text compares as a number against a number.
    await expectBranch(two, { level: '4' }, 'vip');
    await expectBranch(two, { level: 2, tag: 'x' }, 'tagged');
  });

  it('falls back to the default branch', async () => {
    await expectBranch(two, { level: 2, tag: null }, 'default');
    await expectBranch(null, { level: 5 }, 'default');
  });

  it('without a default branch, skips every branch when none holds', async () => {
    const { outcome, logs } = await run(activityOf('test', { ...config, defaultBranch: false }), {
      inputs: [{ from: 'src', worktable: two }],
      variables: {},
    });
    expect(outcome).toEqual({ kind: 'branch', outputs: {}, skipped: ['large', 'vip', 'tagged'] });
    expect(logs[0]?.message).toBe('Count 2: no branch holds and there is no default branch');
  });
});

describe('alert', () => {
  const users = ['00000000-0000-4000-8000-0000000000a1', '00000000-0000-4000-8000-0000000000a2'];
  const alerts = async (activityId: string) =>
    (
      await t.pool.query<{ user_id: string; subject: string; message: string }>(
        `SELECT user_id, subject, message FROM orchestrated_alerts
          WHERE campaign_id = $1 AND activity_id = $2 ORDER BY user_id`,
        [campaignId, activityId],
      )
    ).rows;

  it('writes one alert per user and passes the population on', async () => {
    const activity = activityOf(
      'alert',
      { subject: 'Audience ready', message: 'Check it', userIds: [...users, users[0]!] },
      'notify',
    );
    const { outcome, logs } = await run(activity, { inputs: [{ from: 'src', worktable: five }] });
    expect(outcome).toEqual({ kind: 'done', outputs: { out: five } });
    expect(await alerts('notify')).toEqual(
      users.map((user_id) => ({ user_id, subject: 'Audience ready', message: 'Check it' })),
    );
    expect(logs[0]?.message).toBe('Alert "Audience ready" to 2 users (5 rows): Check it');
    expect(logs[0]?.sql).toMatch(/^INSERT INTO orchestrated_alerts/);
  });

  it('marks the alerts of a test run', async () => {
    const activity = activityOf(
      'alert',
      { subject: 'Audience ready', message: '', userIds: [users[1]!] },
      'notifyTest',
    );
    await run(activity, { mode: 'test' });
    expect(await alerts('notifyTest')).toEqual([
      { user_id: users[1], subject: '[Test] Audience ready', message: '' },
    ]);
  });
});

describe('end', () => {
  const target = '00000000-0000-4000-8000-0000000000b1';
  it('ends a branch', async () => {
    expect((await run(activityOf('end', {}))).outcome).toEqual({ kind: 'done', outputs: {} });
  });

  it('asks the engine to signal another campaign with variables, in live runs only', async () => {
    const end = activityOf('end', { signal: { campaignId: target, variables: { wave: 2 } } });
    expect((await run(end)).outcome).toEqual({
      kind: 'done',
      outputs: {},
      state: {
        signal: {
          campaignId: target,
          variables: { wave: 2 },
          actor: `orchestrated campaign ${campaignId} run 1`,
        },
      },
    });
    const test = await run(end, { mode: 'test' });
    expect(test.outcome).toEqual({ kind: 'done', outputs: {} });
    expect(test.logs[0]?.message).toBe(`Test run: campaign ${target} is not signalled`);
  });
});
