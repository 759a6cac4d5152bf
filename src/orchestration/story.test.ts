// The workflow end to end through the REST API: Build audience (gold and silver loyalty
// members who bought in the last 90 days) → Enrichment (total spend) → Split (gold / silver who
// spent at least 50 / the rest) → Email to gold with {{target.totalSpend}}, SMS to silver, Save
// audience for the rest. A test run sends nothing and shows counts; the published run delivers
// to the local mailbox with each person's values, and its counts equal a hand-written query.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, TestClock, type TestApp } from '../http/testing.ts';
import { deliverDueBatches, mailbox, mailboxConfiguration } from './channels/testing.ts';
import { drainOrchestratedJobs } from './engine/testing.ts';
import { runActivity } from './activities/index.ts';
import { storyDefinition, storyShoppers, type Headers } from './testing/story.ts';
import { engineDepsForTest } from './testing/engine.ts';

let t: TestApp;
let h: Headers;
let campaignId: string;

interface TaskView {
  activityId: string;
  attempts: number;
  status: string;
  counts: Record<string, number | null>;
}
interface RunView {
  id: string;
  status: string;
  mode: string;
  tasks: TaskView[];
}

async function call(method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) {
  const body = payload ?? (method === 'POST' ? {} : undefined);
  const r = await t.app.inject({ method, url, headers: h, ...(body ? { payload: body } : {}) });
  expect(r.statusCode, `${method} ${url}: ${r.body}`).toBeLessThan(300);
  return r.json<Record<string, unknown>>();
}

async function drain(): Promise<void> {
  await drainOrchestratedJobs(engineDepsForTest(t));
}

function countsOf(run: RunView): Record<string, Record<string, number | null>> {
  return Object.fromEntries(run.tasks.map((task) => [task.activityId, task.counts]));
}

beforeAll(async () => {
  t = await createTestApp({ clock: new TestClock(new Date('2026-11-27T09:00:00Z')) });
  h = await t.adminHeaders();
  await storyShoppers(t, h);
  const email = await mailboxConfiguration(t, h, 'email', 'Loyalty email');
  const sms = await mailboxConfiguration(t, h, 'sms', 'Loyalty SMS');
  const created = await call('POST', '/orchestrated-campaigns', {
    name: 'Loyalty thank-you',
    definition: storyDefinition(email.id, sms.id),
  });
  campaignId = String(created.id);
}, 120_000);
afterAll(async () => {
  await t?.close();
});

describe('the loyalty workflow', () => {
  it('runs in test mode on the draft: counts on every transition, nothing sent, nothing saved', async () => {
    const started = await call('POST', `/orchestrated-campaigns/${campaignId}/test-run`);
    await drain();
    const run = (await call(
      'GET',
      `/orchestrated-campaigns/${campaignId}/runs/${String(started.runId ?? started.id)}`,
    )) as unknown as RunView;
    expect(run.mode).toBe('test');
    expect(run.status).toBe('completed');
    expect(countsOf(run)).toMatchObject({
      build: { out: 4 },
      enrich: { out: 4 },
      split: { gold: 2, silver: 1, complement: 1 },
      email: { out: 2 },
      sms: { out: 1 },
      save: { out: 1 },
    });
    await deliverDueBatches(t);
    expect(await mailbox(t, h, 'email')).toEqual([]);
    expect(await mailbox(t, h, 'sms')).toEqual([]);
    const audiences = await call('GET', '/audiences?limit=100');
    expect(JSON.stringify(audiences)).not.toContain('Low spenders');
  });

  it('published: delivers each person’s values once sending is confirmed, and saves the rest', async () => {
    await call('POST', `/orchestrated-campaigns/${campaignId}/publish`);
    await drain();
    const runs = await call('GET', `/orchestrated-campaigns/${campaignId}/runs`);
    const live = (runs.items as { id: string; mode: string }[]).find((r) => r.mode === 'live');
    expect(live).toBeDefined();
    const runUrl = `/orchestrated-campaigns/${campaignId}/runs/${live!.id}`;
    let run = (await call('GET', runUrl)) as unknown as RunView;
    const waiting = run.tasks.filter((task) => task.status === 'needsAttention');
    expect(waiting.map((task) => task.activityId).sort()).toEqual(['email', 'sms']);
    for (const task of waiting) await call('POST', `${runUrl}/tasks/${task.activityId}/confirm`);
    await drain();
    await deliverDueBatches(t);
    run = (await call('GET', runUrl)) as unknown as RunView;
    expect(run.status).toBe('completed');

    expect(await mailbox(t, h, 'email')).toEqual([
      expect.stringMatching(
        /^ann@example\.com \| Ann, thank you: 200 spent \| Dear Ann, you spent 200/,
      ),
    ]);
    expect(await mailbox(t, h, 'sms')).toEqual([
      '+33600000003 |  | Dee: 80 spent, here is 10% off',
    ]);

    // The counts equal a query written by hand over the same data.
    const sql = await t.database.pool.query<{ tier: string; spend: string }>(
      `SELECT p.attributes #>> '{loyalty,tier}' AS tier, sum(d.amount)::text AS spend
         FROM profiles p
         JOIN profile_identities i ON i.profile_id = p.id AND i.namespace = 'email'
         JOIN clarion_datasets.${await purchasesTable()} d ON d.customer_email = i.value
        WHERE p.attributes #>> '{loyalty,tier}' IN ('gold', 'silver')
          AND p.id IN (SELECT i2.profile_id FROM profile_identities i2
                         JOIN clarion_datasets.${await purchasesTable()} d2 ON d2.customer_email = i2.value
                        WHERE d2.ordered_at >= now() - interval '90 days' AND i2.namespace = 'email')
        GROUP BY p.id, tier`,
    );
    const gold = sql.rows.filter((r) => r.tier === 'gold').length;
    const silver = sql.rows.filter((r) => r.tier === 'silver' && Number(r.spend) >= 50).length;
    const rest = sql.rows.length - gold - silver;
    expect(countsOf(run).split).toEqual({ gold, silver, complement: rest });

    const audiences = (await call('GET', '/audiences?limit=100')) as {
      items: { id: string; name: string }[];
    };
    const saved = audiences.items.find((a) => a.name === 'Low spenders');
    expect(saved).toBeDefined();
  });

  it('a run whose worker dies mid-way resumes and sends nobody twice', async () => {
    const copy = await call('POST', `/orchestrated-campaigns/${campaignId}/duplicate`);
    const copyId = String(copy.id);
    await call('POST', `/orchestrated-campaigns/${copyId}/publish`);
    await drain();
    const runs = await call('GET', `/orchestrated-campaigns/${copyId}/runs`);
    const runId = (runs.items as { id: string }[])[0]!.id;
    const runUrl = `/orchestrated-campaigns/${copyId}/runs/${runId}`;
    for (const activity of ['email', 'sms'])
      await call('POST', `${runUrl}/tasks/${activity}/confirm`);
    // The SMS activity's database session dies in the middle of its transaction, as when its
    // process is killed: nothing of that attempt is kept and the task stays claimed.
    let killed = false;
    await expect(
      drainOrchestratedJobs(engineDepsForTest(t), {
        execute: async (context) => {
          if (context.activity.id === 'sms' && !killed) {
            killed = true;
            await context.client.query('SELECT pg_terminate_backend(pg_backend_pid())');
          }
          return runActivity(context);
        },
      }),
    ).rejects.toThrow();
    expect(killed).toBe(true);
    await drain();
    await deliverDueBatches(t);
    const run = (await call('GET', runUrl)) as unknown as RunView;
    expect(run.status).toBe('completed');
    // Attempts: parked for confirmation, then (SMS only) the one that died, then the last.
    expect(run.tasks.find((task) => task.activityId === 'sms')?.attempts).toBe(3);
    expect(run.tasks.find((task) => task.activityId === 'email')?.attempts).toBe(2);
    expect(await sentPerAddress(runId)).toEqual({ 'ann@example.com': 1, '+33600000003': 1 });
    // Both campaigns reached Ann and Dee once each: two messages per person in the mailbox.
    expect((await mailbox(t, h, 'email')).length).toBe(2);
    expect((await mailbox(t, h, 'sms')).length).toBe(2);
  });
});

/** Messages per recipient address in the executions of a run's channel activities. */
async function sentPerAddress(runId: string): Promise<Record<string, number>> {
  const r = await t.database.pool.query<{ address: string; n: number }>(
    `SELECT m.address, count(*)::int AS n FROM messages m
       JOIN orchestrated_tasks k ON k.run_id = $1 AND (k.state->>'executionId')::uuid = m.execution_id
      WHERE m.status <> 'excluded' GROUP BY m.address ORDER BY m.address`,
    [runId],
  );
  return Object.fromEntries(r.rows.map((row) => [row.address, row.n]));
}

async function purchasesTable(): Promise<string> {
  const r = await t.database.pool.query<{ table_name: string }>(
    "SELECT table_name FROM datasets WHERE name = 'purchases'",
  );
  return r.rows[0]!.table_name;
}
