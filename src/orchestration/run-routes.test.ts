// Runs over HTTP with the engine executing inline: a test run's tasks, counts, logs and the
// population of a transition; the Direct mail file; purge; a published campaign launched as
// soon as possible and completed when its run is done; CSV uploads.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProfile, type Headers } from '../campaigns/testing/fixtures.ts';
import { createTestApp, TestClock, type TestApp } from '../http/testing.ts';
import type { OrchestratedCampaign, RunDetail, TaskDetail, WorktablePreview } from './api-model.ts';
import { drainOrchestratedJobs } from './engine/testing.ts';
import { orchestrationHooks } from './hooks.ts';
import { activity, audience, scheduler, workflow } from './testing/workflows.ts';

const clock = new TestClock(new Date('2026-11-27T10:00:00Z'));
let t: TestApp;
let admin: Headers;
const profileIds: string[] = [];

const definition = () =>
  workflow(
    [
      scheduler('go'),
      audience('everyone'),
      activity('letters', 'directMail', {
        fileName: 'letters.csv',
        columns: [{ header: 'Profile', source: 'profile_id' }],
      }),
    ],
    ['go>everyone', 'people:everyone>letters'],
  );

async function call(method: 'GET' | 'POST' | 'DELETE', url: string, payload?: object) {
  const r = await t.app.inject({ method, url, headers: admin, ...(payload ? { payload } : {}) });
  return r;
}

const drain = () =>
  drainOrchestratedJobs({ pool: t.database.pool, jobs: t.jobs, clock, hooks: orchestrationHooks });

beforeAll(async () => {
  t = await createTestApp({ clock });
  admin = await t.keyHeaders('orchestratedCampaignAdministrator');
  for (const email of ['ann@example.com', 'ben@example.com', 'cy@example.com'])
    profileIds.push(
      await createProfile(t, admin, { identities: [{ namespace: 'email', value: email }] }),
    );
});
afterAll(() => t.close());

describe('runs', () => {
  it('shows a test run: tasks with counts and logs, a preview, the Direct mail file; purges it', async () => {
    const created = await call('POST', '/orchestrated-campaigns', {
      name: 'Letters',
      definition: definition(),
    });
    const campaign = created.json<OrchestratedCampaign>();
    const started = await call('POST', `/orchestrated-campaigns/${campaign.id}/test-run`);
    expect(started.statusCode, started.body).toBe(201);
    const runId = started.json<{ id: string }>().id;
    await drain();
    const run = (
      await call('GET', `/orchestrated-campaigns/${campaign.id}/runs/${runId}`)
    ).json<RunDetail>();
    expect(run.status).toBe('completed');
    expect(run.tasks.map((x) => [x.activityId, x.status, x.counts])).toEqual(
      expect.arrayContaining([
        ['everyone', 'done', { out: 3 }],
        ['letters', 'done', { out: 3 }],
      ]),
    );
    const task = (
      await call('GET', `/orchestrated-campaigns/${campaign.id}/runs/${runId}/tasks/everyone`)
    ).json<TaskDetail>();
    expect(task.logs.some((line) => line.sql !== undefined)).toBe(true);
    const preview = await call(
      'GET',
      `/orchestrated-campaigns/${campaign.id}/runs/${runId}/transitions/people/preview?limit=2`,
    );
    expect(preview.statusCode, preview.body).toBe(200);
    const body = preview.json<WorktablePreview>();
    expect(body).toMatchObject({ transitionId: 'people', count: 3, keys: ['profile_id'] });
    expect(body.rows).toHaveLength(2);
    const file = await call(
      'GET',
      `/orchestrated-campaigns/${campaign.id}/runs/${runId}/exports/letters.csv`,
    );
    expect(file.statusCode, file.body).toBe(200);
    const [header, ...lines] = file.body.trim().split('\n');
    expect(header).toBe('Profile');
    expect(lines.sort()).toEqual([...profileIds].sort());
    const purged = await call('DELETE', `/orchestrated-campaigns/${campaign.id}/runs/${runId}`);
    expect(purged.statusCode, purged.body).toBe(200);
    expect(purged.json<{ dropped: number }>().dropped).toBeGreaterThan(0);
    const gone = await call(
      'GET',
      `/orchestrated-campaigns/${campaign.id}/runs/${runId}/transitions/people/preview`,
    );
    expect(gone.json<{ code: string }>().code).toBe('WORKTABLE_NOT_FOUND');
    const other = await call('GET', `/orchestrated-campaigns/${profileIds[0]}/runs/${runId}`);
    expect(other.statusCode).toBe(404);
  });

  it('launches a published campaign as soon as possible and completes it when its run is done', async () => {
    const created = await call('POST', '/orchestrated-campaigns', {
      name: 'Now',
      definition: definition(),
    });
    const id = created.json<OrchestratedCampaign>().id;
    const published = await call('POST', `/orchestrated-campaigns/${id}/publish`);
    expect(published.json<OrchestratedCampaign>()).toMatchObject({
      status: 'live',
      nextLaunchAt: null,
    });
    const runs = (await call('GET', `/orchestrated-campaigns/${id}/runs`)).json<{
      items: { mode: string; trigger: string; oneShot: boolean }[];
    }>();
    expect(runs.items).toEqual([
      expect.objectContaining({ mode: 'live', trigger: 'schedule', oneShot: true }),
    ]);
    await drain();
    expect(
      (await call('GET', `/orchestrated-campaigns/${id}`)).json<OrchestratedCampaign>().status,
    ).toBe('completed');
    expect((await call('GET', '/orchestrated-alerts')).json<{ items: unknown[] }>().items).toEqual(
      [],
    );
  });

  it('stores an uploaded CSV file for Load file', async () => {
    const r = await t.app.inject({
      method: 'POST',
      url: '/orchestrated-files?name=people.csv',
      headers: { ...admin, 'content-type': 'text/csv' },
      payload: 'email,points\nann@example.com,10\nben@example.com,20\n',
    });
    expect(r.statusCode, r.body).toBe(201);
    const stored = r.json<{ id: string }>();
    expect(stored).toMatchObject({
      name: 'people.csv',
      lineCount: 2,
      headers: ['email', 'points'],
    });
    // Read back later (the canvas shows what a Load file activity reads).
    const read = await call('GET', `/orchestrated-files/${stored.id}`);
    expect(read.statusCode, read.body).toBe(200);
    expect(read.json()).toEqual(stored);
    const missing = await call('GET', '/orchestrated-files/00000000-0000-4000-8000-000000000000');
    expect(missing.statusCode).toBe(404);
  });
});
