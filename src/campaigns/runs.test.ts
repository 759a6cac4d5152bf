// Runs are durable: activation writes the run and a job to wake up for it; a run claimed by a
// process that died is taken over; stopping a campaign cancels the unsent part of its run.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, TestClock, type TestApp } from '../http/testing.ts';
import type { CampaignRun, CampaignSchedule } from './model.ts';
import { processDueRuns, STALE_CLAIM_MS } from './runs.ts';
import {
  act,
  campaignMessages,
  createCampaign,
  createProfile,
  emailConfiguration,
  emailContent,
  groupAudience,
  runScheduler,
  type Headers,
} from './testing/fixtures.ts';

const clock = new TestClock(new Date('2026-11-27T10:00:00Z'));
let t: TestApp;
let admin: Headers;
let configurationId: string;
let audienceId: string;

const runsOf = async (id: string) =>
  (await t.app.inject({ method: 'GET', url: `/campaigns/${id}/runs`, headers: admin })).json<{
    items: CampaignRun[];
  }>().items;

beforeAll(async () => {
  t = await createTestApp({ clock });
  admin = await t.keyHeaders('campaignAdministrator');
  configurationId = (await emailConfiguration(t, admin, 'News', 'marketing')).id;
  for (const name of ['a', 'b', 'c'])
    await createProfile(t, admin, {
      identities: [{ namespace: 'email', value: `${name}@runs.example.com` }],
      attributes: { group: 'runs' },
      consent: { email: 'y' },
    });
  audienceId = await groupAudience(t, admin, 'runs');
});
afterAll(() => t.close());

function campaign(
  name: string,
  schedule: { start: 'manual' | 'at'; startAt?: string; waves?: CampaignSchedule['waves'] },
) {
  return createCampaign(t, admin, {
    name,
    action: { channel: 'email', configurationId },
    content: emailContent(name),
    audience: { audienceId, namespace: 'email' },
    schedule: { recurrence: { frequency: 'once' }, timeZone: 'UTC', localTime: false, ...schedule },
  });
}

it('activation leaves a job in the queue for the run’s time', async () => {
  const created = await campaign('Queued', { start: 'at', startAt: '2026-11-28T09:00:00Z' });
  await act(t, admin, created.id, 'activate');
  const jobs = await t.database.pool.query<{ run_at: Date }>(
    `SELECT run_at FROM graphile_worker.jobs WHERE task_identifier = 'processCampaignRuns' AND key = $1`,
    [`campaign-run:${created.id}`],
  );
  expect(jobs.rows.map((j) => j.run_at.toISOString())).toEqual(['2026-11-28T09:00:00.000Z']);
  await act(t, admin, created.id, 'stop');
});

it('a run claimed by a process that died is taken over after the claim goes stale, once', async () => {
  const created = await campaign('Crash', { start: 'manual' });
  await act(t, admin, created.id, 'activate');
  // A process claimed the run and died before planning it.
  await t.database.pool.query(
    `UPDATE campaign_runs SET status = 'sending', started_at = $2 WHERE campaign_id = $1`,
    [created.id, clock.now()],
  );
  clock.advance(STALE_CLAIM_MS / 2);
  expect(await processDueRuns({ database: t.database, clock })).toBe(0);
  expect((await campaignMessages(t, created.id)).length).toBe(0);
  clock.advance(STALE_CLAIM_MS);
  expect(await processDueRuns({ database: t.database, clock })).toBe(1);
  await runScheduler(t);
  const messages = await campaignMessages(t, created.id);
  expect(messages.map((m) => `${m.address} ${m.status}`)).toEqual([
    'a@runs.example.com sent',
    'b@runs.example.com sent',
    'c@runs.example.com sent',
  ]);
  expect((await runsOf(created.id)).map((r) => `${r.runNo} ${r.status}`)).toEqual(['1 completed']);
  const executions = await t.database.pool.query(
    'SELECT id FROM executions WHERE campaign_id = $1',
    [created.id],
  );
  expect(executions.rowCount).toBe(1);
});

it('stop cancels the part of the current run not sent yet', async () => {
  const created = await campaign('Halfway', {
    start: 'manual',
    waves: { mode: 'count', counts: [1, 2], intervalMinutes: 60 },
  });
  await act(t, admin, created.id, 'activate');
  await runScheduler(t);
  expect((await runsOf(created.id))[0]).toMatchObject({ status: 'sending', sent: 1, pending: 2 });
  const stopped = await act(t, admin, created.id, 'stop');
  expect(stopped.body.status).toBe('stopped');
  clock.advance(2 * 3_600_000);
  await runScheduler(t);
  const messages = await campaignMessages(t, created.id);
  expect(messages.map((m) => `${m.status} ${m.reason}`).sort()).toEqual([
    'excluded CampaignStopped',
    'excluded CampaignStopped',
    'sent null',
  ]);
  expect((await runsOf(created.id))[0]).toMatchObject({ status: 'cancelled', sent: 1, pending: 0 });
});
