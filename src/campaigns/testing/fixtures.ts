// Test fixtures for campaigns: a real app with profiles, an active mailbox email configuration,
// an audience, and a way to run the scheduler and the delivery workers at the test clock's time.
import { expect } from 'vitest';
import type { Configuration } from '../../channels/model.ts';
import { deliveryWorker } from '../../delivery/dispatch.ts';
import { executionSenders } from '../../delivery/senders.ts';
import { TEST_SECRET, type TestApp } from '../../http/testing.ts';
import type { Profile } from '../../profiles/model.ts';
import type { Campaign, CampaignCreate } from '../model.ts';
import { processDueRuns } from '../runs.ts';

export type Headers = Record<string, string>;

export async function sandboxIdOf(t: TestApp): Promise<string> {
  const found = await t.database.pool.query<{ id: string }>(
    "SELECT id FROM sandboxes WHERE name = 'prod'",
  );
  return found.rows[0]!.id;
}

export async function createProfile(t: TestApp, h: Headers, body: object): Promise<string> {
  const r = await t.app.inject({ method: 'POST', url: '/profiles', headers: h, payload: body });
  expect(r.statusCode, r.body).toBe(201);
  return r.json<Profile>().id;
}

export async function emailConfiguration(
  t: TestApp,
  h: Headers,
  name: string,
  category: 'marketing' | 'transactional',
): Promise<Configuration> {
  const created = await t.app.inject({
    method: 'POST',
    url: '/channel-configurations',
    headers: h,
    payload: {
      name,
      channel: 'email',
      category,
      settings: {
        senderName: 'Shop',
        senderAddress: 'news@shop.example.com',
        listUnsubscribe: { oneClick: true },
        urlParameters: [],
        retryPeriodMinutes: category === 'marketing' ? 360 : 10,
        softBounceThreshold: 5,
        sendToSpamComplainers: false,
        seedList: [],
        provider: { kind: 'mailbox' },
      },
    },
  });
  expect(created.statusCode, created.body).toBe(201);
  const id = created.json<Configuration>().id;
  const active = await t.app.inject({
    method: 'POST',
    url: `/channel-configurations/${id}/activate`,
    headers: h,
  });
  expect(active.statusCode, active.body).toBe(200);
  return active.json<Configuration>();
}

/** An audience of the profiles whose attribute `group` equals `group`. */
export async function groupAudience(t: TestApp, h: Headers, group: string): Promise<string> {
  return attributeAudience(t, h, 'group', group);
}

/** An audience of the profiles whose string attribute `path` equals `value`. */
export async function attributeAudience(
  t: TestApp,
  h: Headers,
  path: string,
  value: string,
): Promise<string> {
  const r = await t.app.inject({
    method: 'POST',
    url: '/audiences',
    headers: h,
    payload: {
      name: `${path} = ${value}`,
      rule: {
        version: 1,
        root: {
          kind: 'attribute',
          path,
          type: 'string',
          operator: 'equals',
          value,
        },
      },
    },
  });
  expect(r.statusCode, r.body).toBe(201);
  return r.json<{ id: string }>().id;
}

export function emailContent(subject: string, body = '<p>Hello {{profile.name}}</p>') {
  return { mode: 'single' as const, content: { subject, format: 'html' as const, body } };
}

export async function createCampaign(
  t: TestApp,
  h: Headers,
  body: Partial<CampaignCreate> & Pick<CampaignCreate, 'name'>,
): Promise<Campaign> {
  const r = await t.app.inject({
    method: 'POST',
    url: '/campaigns',
    headers: h,
    payload: { type: 'scheduled', category: 'marketing', ...body },
  });
  expect(r.statusCode, r.body).toBe(201);
  return r.json<Campaign>();
}

export async function act(
  t: TestApp,
  h: Headers,
  id: string,
  verb: string,
  payload?: object,
): Promise<{ status: number; body: Campaign & { code?: string; message?: string } }> {
  const r = await t.app.inject({
    method: 'POST',
    url: `/campaigns/${id}/${verb}`,
    headers: h,
    ...(payload ? { payload } : {}),
  });
  return { status: r.statusCode, body: r.json() };
}

/** Each message of the campaign's runs: address, status, reason and when its batch may start. */
export async function campaignMessages(t: TestApp, campaignId: string) {
  const rows = await t.database.pool.query<{
    run_no: number;
    address: string | null;
    status: string;
    reason: string | null;
    not_before: Date | null;
    treatment: string | null;
  }>(
    `SELECT e.run_no, m.address, m.status, m.reason, b.not_before, m.treatment
       FROM executions e
       JOIN messages m ON m.sandbox_id = e.sandbox_id AND m.execution_id = e.id
       LEFT JOIN execution_batches b ON b.sandbox_id = m.sandbox_id AND b.execution_id = m.execution_id
                                    AND b.batch_no = m.batch_no
      WHERE e.campaign_id = $1 ORDER BY e.run_no, m.address`,
    [campaignId],
  );
  return rows.rows.map((r) => ({
    run: r.run_no,
    address: r.address,
    status: r.status,
    reason: r.reason,
    notBefore: r.not_before?.toISOString() ?? null,
    treatment: r.treatment,
  }));
}

/** Plans due runs and sends every due batch, at the test clock's time. */
export async function runScheduler(t: TestApp): Promise<void> {
  await processDueRuns({ database: t.database, clock: t.clock });
  const worker = deliveryWorker({
    pool: t.database.pool,
    clock: t.clock,
    workerId: 'test-worker',
    senderFor: executionSenders({
      pool: t.database.pool,
      db: t.database.db,
      clock: t.clock,
      secret: TEST_SECRET,
      publicUrl: 'http://clarion.test',
    }),
  });
  await worker.drain();
  await worker.stop();
  await processDueRuns({ database: t.database, clock: t.clock });
}

export async function mailboxSubjects(t: TestApp, h: Headers): Promise<string[]> {
  const r = await t.app.inject({ method: 'GET', url: '/mailbox?limit=200', headers: h });
  expect(r.statusCode, r.body).toBe(200);
  return r
    .json<{ items: { recipient: string; subject: string }[] }>()
    .items.map((m) => `${m.recipient} ${m.subject}`)
    .sort();
}
