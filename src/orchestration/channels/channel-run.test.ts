// A channel activity inside engine runs on real PostgreSQL: a one-shot live run parks the email
// until someone confirms, then plans it once and the mailbox receives the personalised messages;
// a test run of the same workflow sends nothing and shows the would-be count.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Configuration } from '../../channels/model.ts';
import { createTestApp, TestClock, type TestApp } from '../../http/testing.ts';
import type { EngineDeps } from '../engine/deps.ts';
import { act, insertCampaign, withFakes, workflow, type Fake } from '../engine/fixtures.testing.ts';
import { confirmTask, listTasks, startRun } from '../engine/index.ts';
import { drainOrchestratedJobs } from '../engine/testing.ts';
import { channelActivityReports } from './reports.ts';
import {
  createShopper,
  deliverDueBatches,
  mailbox,
  mailboxConfiguration,
  type Headers,
} from './testing.ts';

let t: TestApp;
let h: Headers;
let deps: EngineDeps;
let sandboxId: string;
let config: Configuration;
const ids: string[] = [];
const clock = new TestClock(new Date('2026-11-27T09:00:00Z'));

beforeAll(async () => {
  t = await createTestApp({ clock });
  h = await t.keyHeaders('campaignAdministrator');
  deps = { pool: t.database.pool, jobs: t.jobs, clock };
  sandboxId = (
    await t.database.pool.query<{ id: string }>("SELECT id FROM sandboxes WHERE name = 'prod'")
  ).rows[0]!.id;
  for (const name of ['Ada', 'Bob'])
    ids.push(
      await createShopper(t, h, {
        name,
        email: `${name.toLowerCase()}@example.com`,
        consent: { email: 'y' },
        totalSpend: '0',
        tier: 'gold',
      }),
    );
  config = await mailboxConfiguration(t, h, 'email', 'Run mail');
});
afterAll(() => t.close());

/** The gold members with what they spent (in place of a Build audience and an Enrichment). */
const goldMembers: Fake = async (context) => {
  const out = await context.createWorktable('out', {
    dimension: { kind: 'profiles' },
    keys: ['profile_id'],
    select: `SELECT s.profile_id, s."totalSpend"
               FROM unnest($1::uuid[], $2::numeric[]) AS s(profile_id, "totalSpend")`,
    params: [ids, ['250.00', '99.90']],
  });
  return { kind: 'done', outputs: { out } };
};

function definition() {
  return workflow(
    [
      act('gold', 'buildAudience', { dimension: { kind: 'profiles' }, targeting: {} }),
      act('mail', 'email', {
        configurationId: config.id,
        category: 'marketing',
        confirmSending: true,
        content: {
          subject: '{{profile.name}}: {{target.totalSpend}}',
          format: 'html',
          body: '<p>You spent {{target.totalSpend}}.</p>',
        },
      }),
    ],
    [['gold', 'mail']],
  );
}

async function start(mode: 'test' | 'live') {
  const flow = definition();
  const campaignId = await insertCampaign(t.database.pool, sandboxId, flow);
  const started = await startRun(deps, {
    sandboxId,
    campaignId,
    mode,
    trigger: 'manual',
    definition: flow,
    variables: {},
    actorLabel: 'tester',
    oneShot: true,
  });
  return { campaignId, key: { sandboxId, runId: started.runId } };
}

const drain = () =>
  drainOrchestratedJobs(deps, { sandboxId, execute: withFakes({ gold: goldMembers }) });

async function mailTask(key: { sandboxId: string; runId: string }) {
  const tasks = await listTasks(deps, key);
  return tasks.find((task) => task.activityId === 'mail')!;
}

describe('a channel activity in a run', () => {
  it('waits for the confirmation of a one-shot run, then sends once', async () => {
    const { campaignId, key } = await start('live');
    await drain();
    const parked = await mailTask(key);
    expect(parked.status).toBe('needsAttention');
    expect(parked.state).toEqual({ population: 2 });
    expect(parked.logs.map((l) => l.message)).toContain('Confirm sending to 2 recipients');
    expect(await channelActivityReports(t.database.pool, { sandboxId, campaignId })).toEqual([]);

    await confirmTask(deps, { ...key, activityId: 'mail', actor: 'Ann Approver' });
    await drain();
    const sent = await mailTask(key);
    expect(sent.status).toBe('done');
    expect(sent.counts).toEqual({ out: 2 });
    expect(sent.state).toMatchObject({ confirmed: true, recipients: 2, queued: 2, excluded: 0 });
    await drain();

    await deliverDueBatches(t);
    expect(await mailbox(t, h, 'email')).toEqual([
      'ada@example.com | Ada: 250 | You spent 250.',
      'bob@example.com | Bob: 99.9 | You spent 99.9.',
    ]);
    const reports = await channelActivityReports(t.database.pool, { sandboxId, campaignId });
    expect(reports.map((r) => [r.runNo, r.activityId, r.executionId, r.totals.sent])).toEqual([
      [1, 'mail', sent.state.executionId, 2],
    ]);
  });

  it('sends nothing in a test run and counts who would have been targeted', async () => {
    const before = await mailbox(t, h, 'email');
    const { campaignId, key } = await start('test');
    await drain();
    const task = await mailTask(key);
    expect(task.status).toBe('done');
    expect(task.counts).toEqual({ out: 2 });
    expect(task.logs.map((l) => l.message)).toContain(
      'test run: nothing sent (2 recipients would be targeted)',
    );
    await deliverDueBatches(t);
    expect(await mailbox(t, h, 'email')).toEqual(before);
    expect(await channelActivityReports(t.database.pool, { sandboxId, campaignId })).toEqual([]);
  });
});
