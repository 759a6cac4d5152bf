// Helpers of the channel activities' tests: shoppers with addresses and consent, mailbox channel
// configurations, an input population with worktable columns, the delivery worker run once, and
// a run's tasks written as the engine would (for the file download and the reports).
import { expect } from 'vitest';
import type { Configuration } from '../../channels/model.ts';
import { deliveryWorker } from '../../delivery/dispatch.ts';
import { executionSenders } from '../../delivery/senders.ts';
import { TEST_SECRET, type TestApp } from '../../http/testing.ts';
import type { Profile } from '../../profiles/model.ts';
import type { ActivityOutcome, Worktable } from '../engine/types.ts';
import type { Activity } from '../model.ts';
import { inputWorktable } from '../testing/context.ts';

export type Headers = Record<string, string>;

export interface Shopper {
  name: string;
  email?: string;
  phone?: string;
  consent: { email?: 'y' | 'n'; sms?: 'y' | 'n'; push?: 'y' | 'n' };
  totalSpend: string;
  tier: string;
}

export async function createShopper(t: TestApp, h: Headers, shopper: Shopper): Promise<string> {
  const identities = [
    ...(shopper.email ? [{ namespace: 'email', value: shopper.email }] : []),
    ...(shopper.phone ? [{ namespace: 'phone', value: shopper.phone }] : []),
  ];
  const r = await t.app.inject({
    method: 'POST',
    url: '/profiles',
    headers: h,
    payload: {
      identities,
      attributes: { name: shopper.name, address: { city: `${shopper.name}ville` } },
      consent: shopper.consent,
    },
  });
  expect(r.statusCode, r.body).toBe(201);
  return r.json<Profile>().id;
}

/** The shoppers as a population of profiles with the columns `totalSpend` (numeric) and `tier`. */
export function shoppersWorktable(
  t: TestApp,
  shoppers: { id: string; totalSpend: string; tier: string }[],
): Promise<Worktable> {
  return inputWorktable(t.database.pool, 'split', {
    dimension: { kind: 'profiles' },
    keys: ['profile_id'],
    select: `SELECT s.profile_id, s."totalSpend", s.tier
               FROM unnest($1::uuid[], $2::numeric[], $3::text[]) AS s(profile_id, "totalSpend", tier)`,
    params: [
      shoppers.map((s) => s.id),
      shoppers.map((s) => s.totalSpend),
      shoppers.map((s) => s.tier),
    ],
  });
}

/** Four shoppers: Ada and Bob may get anything; Cy no marketing email; Dan has no email address and no consent for texts or push. */
export const LOYALTY_SHOPPERS: Shopper[] = [
  {
    name: 'Ada',
    email: 'ada@example.com',
    phone: '+442079460001',
    consent: { email: 'y', sms: 'y', push: 'y' },
    totalSpend: '120.50',
    tier: 'gold',
  },
  {
    name: 'Bob',
    email: 'bob@example.com',
    phone: '+442079460002',
    consent: { email: 'y', sms: 'y', push: 'y' },
    totalSpend: '80',
    tier: 'gold',
  },
  {
    name: 'Cy',
    email: 'cy@example.com',
    phone: '+442079460003',
    consent: { email: 'n', sms: 'y', push: 'n' },
    totalSpend: '45.25',
    tier: 'silver',
  },
  {
    name: 'Dan',
    phone: '+442079460004',
    consent: { email: 'y', sms: 'n', push: 'n' },
    totalSpend: '300',
    tier: 'silver',
  },
];

/** The loyalty shoppers as profiles, and as a population with `totalSpend` and `tier`. */
export async function loyaltyShoppers(
  t: TestApp,
  h: Headers,
): Promise<{ ids: Record<string, string>; population: Worktable }> {
  const ids: Record<string, string> = {};
  for (const shopper of LOYALTY_SHOPPERS) ids[shopper.name] = await createShopper(t, h, shopper);
  const population = await shoppersWorktable(
    t,
    LOYALTY_SHOPPERS.map((s) => ({ id: ids[s.name]!, totalSpend: s.totalSpend, tier: s.tier })),
  );
  return { ids, population };
}

/** The messages of an execution as `<name> <status> <reason>`, sorted. */
export async function executionMessages(
  t: TestApp,
  ids: Record<string, string>,
  executionId: string,
): Promise<string[]> {
  const rows = await t.database.pool.query<{ profile_id: string; status: string; reason: string }>(
    'SELECT profile_id, status, reason FROM messages WHERE execution_id = $1',
    [executionId],
  );
  const names = new Map(Object.entries(ids).map(([name, id]) => [id, name]));
  return rows.rows
    .map((r) => `${names.get(r.profile_id)} ${r.status} ${r.reason ?? ''}`.trim())
    .sort();
}

/** The app of the test push configuration. */
export const PUSH_APP = 'com.example.shop';

/** An active configuration that captures what it sends in the local mailbox. */
export async function mailboxConfiguration(
  t: TestApp,
  h: Headers,
  channel: 'email' | 'sms' | 'push',
  name: string,
): Promise<Configuration> {
  const settings =
    channel === 'push'
      ? { platform: 'fcm', appId: PUSH_APP, retryPeriodMinutes: 60, mailbox: true }
      : channel === 'email'
        ? {
            senderName: 'Shop',
            senderAddress: 'news@shop.example.com',
            listUnsubscribe: { oneClick: true },
            urlParameters: [],
            retryPeriodMinutes: 360,
            softBounceThreshold: 5,
            sendToSpamComplainers: false,
            seedList: [],
            provider: { kind: 'mailbox' },
          }
        : { senderNumber: 'Shop', retryPeriodMinutes: 360, provider: { kind: 'mailbox' } };
  const created = await t.app.inject({
    method: 'POST',
    url: '/channel-configurations',
    headers: h,
    payload: { name, channel, category: 'marketing', settings },
  });
  expect(created.statusCode, created.body).toBe(201);
  const active = await t.app.inject({
    method: 'POST',
    url: `/channel-configurations/${created.json<Configuration>().id}/activate`,
    headers: h,
  });
  expect(active.statusCode, active.body).toBe(200);
  return active.json<Configuration>();
}

/** Sends every due batch at the test clock's time. */
export async function deliverDueBatches(t: TestApp): Promise<void> {
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
}

/** What the mailbox holds for a channel: `recipient | subject | preview`, sorted. */
export async function mailbox(
  t: TestApp,
  h: Headers,
  channel: 'email' | 'sms' | 'push',
): Promise<string[]> {
  const r = await t.app.inject({
    method: 'GET',
    url: `/mailbox?channel=${channel}&limit=200`,
    headers: h,
  });
  expect(r.statusCode, r.body).toBe(200);
  return r
    .json<{ items: { recipient: string; subject: string; preview: string }[] }>()
    .items.map((m) => `${m.recipient} | ${m.subject} | ${m.preview}`)
    .sort();
}

/** A campaign, one run and its finished tasks, as the engine writes them. */
export async function recordRun(
  t: TestApp,
  run: {
    sandboxId: string;
    campaignId: string;
    runNo: number;
    mode: 'test' | 'live';
    tasks: { activity: Activity; outcome: ActivityOutcome }[];
  },
): Promise<string> {
  const pool = t.database.pool;
  const definition = JSON.stringify({
    version: 1,
    activities: run.tasks.map((task) => task.activity),
    transitions: [],
  });
  await pool.query(
    `INSERT INTO orchestrated_campaigns (sandbox_id, id, name, status, definition, error_policy,
                                         created_by, created_at, updated_by, updated_at)
     VALUES ($1, $2, 'Loyalty', 'live', $3, '{"kind":"suspend"}', 'test', now(), 'test', now())
     ON CONFLICT DO NOTHING`,
    [run.sandboxId, run.campaignId, definition],
  );
  const created = await pool.query<{ id: string }>(
    `INSERT INTO orchestrated_runs (sandbox_id, campaign_id, run_no, mode, trigger, status, definition,
                                    created_by, started_at)
     VALUES ($1, $2, $3, $4, 'manual', 'completed', $5, 'test', now()) RETURNING id`,
    [run.sandboxId, run.campaignId, run.runNo, run.mode, definition],
  );
  const runId = created.rows[0]!.id;
  for (const { activity, outcome } of run.tasks) {
    if (outcome.kind !== 'done') throw new Error(`${activity.id} is not done`);
    await pool.query(
      `INSERT INTO orchestrated_tasks (sandbox_id, run_id, activity_id, kind, status, outputs, state)
       VALUES ($1, $2, $3, $4, 'done', $5, $6)`,
      [
        run.sandboxId,
        runId,
        activity.id,
        activity.kind,
        JSON.stringify(outcome.outputs),
        JSON.stringify(outcome.state ?? {}),
      ],
    );
  }
  return runId;
}
