// Orchestrated campaigns over HTTP on a real database: drafts, validation with precise problems,
// the lifecycle by role with its audit rows, launches, test runs, the signal trigger and its
// rate, new versions, launches by the tick.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, TestClock, type TestApp } from '../http/testing.ts';
import { emailConfiguration, type Headers } from '../campaigns/testing/fixtures.ts';
import type { OrchestratedCampaign, RunView, ValidationReport } from './api-model.ts';
import type { WorkflowDefinition } from './model.ts';
import { audience, email, scheduler, workflow } from './testing/workflows.ts';
import { launchDueCampaigns } from './launch.ts';
import { orchestrationHooks } from './hooks.ts';

const clock = new TestClock(new Date('2026-11-27T10:00:00Z'));
let t: TestApp;
let admin: Headers;
let manager: Headers;
let viewer: Headers;
let configurationId: string;

const signalFlow = (): WorkflowDefinition =>
  workflow(
    [
      scheduler('go', { frequency: 'signal' }),
      audience('everyone'),
      email('mail', configurationId),
    ],
    ['go>everyone', 'everyone>mail'],
  );

async function call(
  h: Headers,
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
  url: string,
  payload?: object,
) {
  const r = await t.app.inject({ method, url, headers: h, ...(payload ? { payload } : {}) });
  return {
    status: r.statusCode,
    body: r.body ? r.json<Record<string, unknown>>() : {},
    headers: r.headers,
  };
}

async function create(
  name: string,
  definition?: WorkflowDefinition,
): Promise<OrchestratedCampaign> {
  const r = await t.app.inject({
    method: 'POST',
    url: '/orchestrated-campaigns',
    headers: manager,
    payload: { name, ...(definition ? { definition } : {}) },
  });
  expect(r.statusCode, r.body).toBe(201);
  return r.json<OrchestratedCampaign>();
}

const act = (h: Headers, id: string, verb: string, payload?: object) =>
  call(h, 'POST', `/orchestrated-campaigns/${id}/${verb}`, payload);

beforeAll(async () => {
  t = await createTestApp({ clock });
  admin = await t.keyHeaders('orchestratedCampaignAdministrator');
  manager = await t.keyHeaders('orchestratedCampaignManager');
  viewer = await t.keyHeaders('orchestratedCampaignViewer');
  configurationId = (await emailConfiguration(t, admin, 'News', 'marketing')).id;
});
afterAll(() => t.close());

describe('drafts', () => {
  it('creates, lists with filters, edits and deletes drafts; viewers only read', async () => {
    const a = await create('Loyalty tiers');
    const b = await create('Winback');
    expect(a).toMatchObject({
      status: 'draft',
      version: 1,
      paused: false,
      errorPolicy: { mode: 'suspend' },
    });
    expect(a.definition).toEqual({ version: 1, activities: [], transitions: [] });
    const names = async (query: string) =>
      (
        (await call(viewer, 'GET', `/orchestrated-campaigns?${query}`)).body
          .items as OrchestratedCampaign[]
      ).map((c) => c.name);
    expect(await names('q=loyalty')).toEqual(['Loyalty tiers']);
    expect(await names('status=draft&limit=1')).toHaveLength(1);
    const patched = await call(manager, 'PATCH', `/orchestrated-campaigns/${a.id}`, {
      description: 'Gold and silver',
      definition: signalFlow(),
      errorPolicy: { mode: 'ignore', maxConsecutiveErrors: 3 },
    });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    expect(patched.body).toMatchObject({
      description: 'Gold and silver',
      errorPolicy: { mode: 'ignore', maxConsecutiveErrors: 3 },
    });
    expect(
      (await call(viewer, 'PATCH', `/orchestrated-campaigns/${a.id}`, { name: 'x' })).status,
    ).toBe(403);
    expect((await call(viewer, 'POST', '/orchestrated-campaigns', { name: 'x' })).status).toBe(403);
    expect((await call(manager, 'DELETE', `/orchestrated-campaigns/${b.id}`)).status).toBe(204);
    expect((await call(viewer, 'GET', `/orchestrated-campaigns/${b.id}`)).body.code).toBe(
      'ORCHESTRATED_CAMPAIGN_NOT_FOUND',
    );
  });

  it('refuses a definition that does not fit the schema, naming the field', async () => {
    const a = await create('Broken');
    const bad = signalFlow();
    const r = await call(manager, 'PATCH', `/orchestrated-campaigns/${a.id}`, {
      definition: {
        ...bad,
        activities: [...bad.activities, { ...bad.activities[0], id: 'two words' }],
      },
    });
    expect(r.status).toBe(400);
    expect(JSON.stringify(r.body.details)).toContain('/definition/activities/3');
  });

  it('validates: graph problems and objects that do not exist, per activity', async () => {
    const definition = workflow(
      [
        scheduler('go', { frequency: 'signal' }),
        email('mail', '00000000-0000-4000-8000-00000000dead'),
        audience('orders', 'orders'),
      ],
      ['go>mail'],
    );
    const a = await create('Problems', definition);
    const r = await call(viewer, 'GET', `/orchestrated-campaigns/${a.id}/validate`);
    const report = r.body as ValidationReport;
    expect(report.valid).toBe(false);
    expect(report.problems.map((p) => `${p.activityId} ${p.path} ${p.message}`)).toEqual([
      'mail /activities/1 "mail" (email) sends to a population, but no targeting activity comes before it (via "go").',
      'mail /activities/1/config/configurationId "mail" uses the channel configuration 00000000-0000-4000-8000-00000000dead, which this sandbox does not have.',
      'orders /activities/2/config/dimension/dataset "orders" names the dataset "orders", which this sandbox does not have.',
    ]);
  });
});

describe('lifecycle', () => {
  it('publishes by role, then is read-only; every change has its audit row', async () => {
    const invalid = await create('Invalid', workflow([email('mail', configurationId)]));
    expect((await act(manager, invalid.id, 'publish')).status).toBe(403);
    const refused = await act(admin, invalid.id, 'publish');
    expect(refused.status).toBe(400);
    expect(refused.body.code).toBe('WORKFLOW_INVALID');
    expect(
      (refused.body.details as { problems: { activityId: string }[] }).problems[0]?.activityId,
    ).toBe('mail');

    const a = await create('Signalled', signalFlow());
    const published = await act(admin, a.id, 'publish');
    expect(published.status, JSON.stringify(published.body)).toBe(200);
    expect(published.body).toMatchObject({
      status: 'live',
      nextLaunchAt: null,
      publishedAt: clock.now().toISOString(),
    });
    const edit = await call(manager, 'PATCH', `/orchestrated-campaigns/${a.id}`, { name: 'x' });
    expect(edit.status).toBe(409);
    expect(edit.body.code).toBe('ORCHESTRATED_NOT_DRAFT');
    expect((await act(admin, a.id, 'publish')).body.code).toBe('ORCHESTRATED_TRANSITION_INVALID');
    expect((await act(manager, a.id, 'pause')).status).toBe(403);
    expect((await act(admin, a.id, 'pause')).body).toMatchObject({ status: 'live', paused: true });
    expect((await act(admin, a.id, 'pause')).body.message).toBe('The campaign is already paused.');
    expect((await act(admin, a.id, 'resume')).body).toMatchObject({ paused: false });
    expect((await act(manager, a.id, 'archive')).body.message).toBe(
      'The campaign is live; "archive" applies to campaigns that are completed or closed or stopped.',
    );
    expect((await act(admin, a.id, 'stop')).body).toMatchObject({ status: 'stopped' });
    expect((await act(manager, a.id, 'archive')).body).toMatchObject({ status: 'archived' });
    const audit = await t.database.pool.query<{ action: string; after: { status: string } }>(
      `SELECT action, summary->'after' AS after FROM audit_log WHERE entity_id = $1 ORDER BY id`,
      [a.id],
    );
    expect(audit.rows.map((r) => `${r.action} ${r.after.status ?? ''}`)).toEqual([
      'orchestrated.create ',
      'orchestrated.publish publishing',
      'orchestrated.goLive live',
      'orchestrated.pause live',
      'orchestrated.resume live',
      'orchestrated.stop stopped',
      'orchestrated.archive archived',
    ]);
  });

  it('makes a new version that closes the old one when published; duplicates', async () => {
    const a = await create('Versioned', signalFlow());
    expect((await act(manager, a.id, 'new-version')).status).toBe(409);
    await act(admin, a.id, 'publish');
    const next = await act(manager, a.id, 'new-version');
    expect(next.status).toBe(201);
    expect(next.body).toMatchObject({
      status: 'draft',
      version: 2,
      replacesId: a.id,
      name: 'Versioned',
    });
    expect((await act(manager, a.id, 'new-version')).body.message).toContain(
      'already being prepared',
    );
    expect((await act(admin, next.body.id as string, 'publish')).body).toMatchObject({
      status: 'live',
    });
    expect((await call(viewer, 'GET', `/orchestrated-campaigns/${a.id}`)).body).toMatchObject({
      status: 'closed',
    });
    const copy = await act(manager, a.id, 'duplicate');
    expect(copy.body).toMatchObject({
      status: 'draft',
      version: 1,
      replacesId: null,
      name: 'Versioned (copy)',
    });
  });
});

describe('launches', () => {
  const launches = async (config: object) => {
    const a = await create(
      'Launches',
      workflow(
        [scheduler('go', config), audience('everyone'), email('mail', configurationId)],
        ['go>everyone', 'everyone>mail'],
      ),
    );
    return (await call(viewer, 'GET', `/orchestrated-campaigns/${a.id}/launches`)).body
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
    const a = await create(
      'Daily',
      workflow(
        [
          scheduler('go', { frequency: 'daily', times: ['12:00'], zone: 'UTC' }),
          audience('everyone'),
          email('mail', configurationId),
        ],
        ['go>everyone', 'everyone>mail'],
      ),
    );
    expect((await act(admin, a.id, 'publish')).body).toMatchObject({
      status: 'scheduled',
      nextLaunchAt: '2026-11-27T12:00:00.000Z',
    });
    const engine = { pool: t.database.pool, jobs: t.jobs, clock, hooks: orchestrationHooks };
    expect(await launchDueCampaigns(engine)).toBe(0);
    clock.advance(2 * 3_600_000);
    expect(await launchDueCampaigns(engine)).toBe(1);
    const runs = (await call(viewer, 'GET', `/orchestrated-campaigns/${a.id}/runs`)).body
      .items as RunView[];
    expect(runs.map((r) => [r.mode, r.trigger, r.oneShot])).toEqual([['live', 'schedule', false]]);
    expect((await call(viewer, 'GET', `/orchestrated-campaigns/${a.id}`)).body.nextLaunchAt).toBe(
      '2026-11-28T12:00:00.000Z',
    );
    expect(await launchDueCampaigns(engine)).toBe(0);
    await act(admin, a.id, 'stop');
    expect(
      (
        (await call(viewer, 'GET', `/orchestrated-campaigns/${a.id}/runs`)).body.items as RunView[]
      )[0]?.status,
    ).toBe('stopped');
  });
});

describe('runs and signals', () => {
  it('test-runs a draft; a new test run resets the previous one', async () => {
    const a = await create('Tested', signalFlow());
    const first = await act(manager, a.id, 'test-run');
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    expect(first.body).toMatchObject({
      mode: 'test',
      trigger: 'manual',
      runNo: 1,
      status: 'running',
    });
    const second = await act(manager, a.id, 'trigger', { variables: { tier: 'gold' } });
    expect(second.body).toMatchObject({
      mode: 'test',
      trigger: 'signal',
      runNo: 2,
      variables: { tier: 'gold' },
    });
    const runs = (await call(viewer, 'GET', `/orchestrated-campaigns/${a.id}/runs`)).body
      .items as RunView[];
    expect(runs.map((r) => [r.runNo, r.status, r.purgedAt !== null])).toEqual([
      [2, 'running', false],
      [1, 'stopped', true],
    ]);
    const paged = await call(viewer, 'GET', `/orchestrated-campaigns/${a.id}/runs?limit=1`);
    expect(paged.body.nextCursor).toBe('2');
    const rest = await call(viewer, 'GET', `/orchestrated-campaigns/${a.id}/runs?limit=1&cursor=2`);
    expect([(rest.body.items as RunView[])[0]?.runNo, rest.body.nextCursor]).toEqual([1, null]);
    const detail = await call(
      viewer,
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
    const a = await create('Signal rate', signalFlow());
    await act(admin, a.id, 'publish');
    expect((await act(manager, a.id, 'trigger', { variables: {} })).status).toBe(403);
    const first = await act(admin, a.id, 'trigger', { variables: { source: 'crm' } });
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    expect(first.body).toMatchObject({ mode: 'live', trigger: 'signal', oneShot: true });
    clock.advance(10 * 60_000);
    const second = await act(admin, a.id, 'trigger', { variables: {} });
    expect(second.status).toBe(429);
    expect(second.body.code).toBe('ORCHESTRATED_SIGNAL_RATE');
    expect(second.headers['retry-after']).toBe('3000');
  });
});
