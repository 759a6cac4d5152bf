// Orchestrated campaigns over HTTP on a real database: launches and their preview, launches by
// the tick, test runs, the signal trigger and its rate.
import { describe, expect, it } from 'vitest';
import type { RunView } from './api-model.ts';
import { useRoutesHarness } from './testing/routes.ts';
import { audience, email, scheduler, workflow } from './testing/workflows.ts';
import { launchDueCampaigns } from './launch.ts';
import { orchestrationHooks } from './hooks.ts';

const h = useRoutesHarness();

describe('launches', () => {
  const launches = async (config: object) => {
    const a = await h.create(
      'Launches',
      workflow(
        [scheduler('go', config), audience('everyone'), email('mail', h.configurationId)],
        ['go>everyone', 'everyone>mail'],
      ),
    );
    return (await h.call(h.viewer, 'GET', `/orchestrated-campaigns/${a.id}/launches`)).body
      .items as string[];
  };

  it('previews the next 10 launches of each frequency in its zone', async () => {
    const daily = await launches({ frequency: 'daily', times: ['08:30'], zone: 'Europe/Paris' });
    expect(daily).toHaveLength(10);
    expect(daily.slice(0, 2)).toEqual(['2026-11-28T07:30:00.000Z', '2026-11-29T07:30:00.000Z']);
    expect(
      (
        await launches({
          frequency: 'severalTimesDaily',
          times: ['09:00', '17:00'],
          zone: 'America/New_York',
        })
      ).slice(0, 3),
    ).toEqual(['2026-11-27T14:00:00.000Z', '2026-11-27T22:00:00.000Z', '2026-11-28T14:00:00.000Z']);
    expect(
      (
        await launches({
          frequency: 'weekly',
          times: ['07:00'],
          weekdays: [1],
          zone: 'Asia/Kolkata',
        })
      ).slice(0, 2),
    ).toEqual(['2026-11-30T01:30:00.000Z', '2026-12-07T01:30:00.000Z']);
    expect(
      await launches({
        frequency: 'monthly',
        times: ['00:00'],
        dayOfMonth: 31,
        zone: 'UTC',
        validUntil: '2027-03-01T00:00:00Z',
      }),
    ).toEqual([
      '2026-11-30T00:00:00.000Z',
      '2026-12-31T00:00:00.000Z',
      '2027-01-31T00:00:00.000Z',
      '2027-02-28T00:00:00.000Z',
    ]);
  });

  it('schedules a recurring campaign and launches it when due, then its next launch', async () => {
    const a = await h.create(
      'Daily',
      workflow(
        [
          scheduler('go', { frequency: 'daily', times: ['12:00'], zone: 'UTC' }),
          audience('everyone'),
          email('mail', h.configurationId),
        ],
        ['go>everyone', 'everyone>mail'],
      ),
    );
    expect((await h.act(h.admin, a.id, 'publish')).body).toMatchObject({
      status: 'scheduled',
      nextLaunchAt: '2026-11-27T12:00:00.000Z',
    });
    const engine = {
      pool: h.t.database.pool,
      jobs: h.t.jobs,
      clock: h.clock,
      hooks: orchestrationHooks,
    };
    expect(await launchDueCampaigns(engine)).toBe(0);
    h.clock.advance(2 * 3_600_000);
    expect(await launchDueCampaigns(engine)).toBe(1);
    const runs = (await h.call(h.viewer, 'GET', `/orchestrated-campaigns/${a.id}/runs`)).body
      .items as RunView[];
    expect(runs.map((r) => [r.mode, r.trigger, r.oneShot])).toEqual([['live', 'schedule', false]]);
    expect(
      (await h.call(h.viewer, 'GET', `/orchestrated-campaigns/${a.id}`)).body.nextLaunchAt,
    ).toBe('2026-11-28T12:00:00.000Z');
    expect(await launchDueCampaigns(engine)).toBe(0);
    await h.act(h.admin, a.id, 'stop');
    expect(
      (
        (await h.call(h.viewer, 'GET', `/orchestrated-campaigns/${a.id}/runs`)).body
          .items as RunView[]
      )[0]?.status,
    ).toBe('stopped');
  });
});

describe('runs and signals', () => {
  it('test-runs a draft; a new test run resets the previous one', async () => {
    const a = await h.create('Tested', h.signalFlow());
    const first = await h.act(h.manager, a.id, 'test-run');
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    expect(first.body).toMatchObject({
      mode: 'test',
      trigger: 'manual',
      runNo: 1,
      status: 'running',
    });
    const second = await h.act(h.manager, a.id, 'trigger', { variables: { tier: 'gold' } });
    expect(second.body).toMatchObject({
      mode: 'test',
      trigger: 'signal',
      runNo: 2,
      variables: { tier: 'gold' },
    });
    const runs = (await h.call(h.viewer, 'GET', `/orchestrated-campaigns/${a.id}/runs`)).body
      .items as RunView[];
    expect(runs.map((r) => [r.runNo, r.status, r.purgedAt !== null])).toEqual([
      [2, 'running', false],
      [1, 'stopped', true],
    ]);
    const paged = await h.call(h.viewer, 'GET', `/orchestrated-campaigns/${a.id}/runs?limit=1`);
    expect(paged.body.nextCursor).toBe('2');
    const rest = await h.call(
      h.viewer,
      'GET',
      `/orchestrated-campaigns/${a.id}/runs?limit=1&cursor=2`,
    );
    expect([(rest.body.items as RunView[])[0]?.runNo, rest.body.nextCursor]).toEqual([1, null]);
    const detail = await h.call(
      h.viewer,
      'GET',
      `/orchestrated-campaigns/${a.id}/runs/${second.body.id as string}`,
    );
    expect(
      (detail.body.tasks as { activityId: string; status: string }[])
        .map((x) => x.activityId)
        .sort(),
    ).toEqual(['everyone', 'go', 'mail']);
  });

  it('takes one signal per hour for a live campaign: 429 with Retry-After', async () => {
    const a = await h.create('Signal rate', h.signalFlow());
    await h.act(h.admin, a.id, 'publish');
    expect((await h.act(h.manager, a.id, 'trigger', { variables: {} })).status).toBe(403);
    const first = await h.act(h.admin, a.id, 'trigger', { variables: { source: 'crm' } });
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    expect(first.body).toMatchObject({ mode: 'live', trigger: 'signal', oneShot: true });
    h.clock.advance(10 * 60_000);
    const second = await h.act(h.admin, a.id, 'trigger', { variables: {} });
    expect(second.status).toBe(429);
    expect(second.body.code).toBe('ORCHESTRATED_SIGNAL_RATE');
    expect(second.headers['retry-after']).toBe('3000');
  });
});
