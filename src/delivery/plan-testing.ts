// Helpers of the planner's tests: a test app with a movable clock, profiles, active mailbox
// configurations, planning in a transaction, and the rows a plan wrote.
import { expect } from 'vitest';
import { channelsDb } from '../channels/db.ts';
import type { Configuration } from '../channels/model.ts';
import { getConfiguration } from '../channels/store.ts';
import { createTestApp, TestClock, type TestApp } from '../http/testing.ts';
import type { Profile } from '../profiles/model.ts';
import type { ExecutionRequest } from './model.ts';
import { planExecution, type PlannedExecution } from './plan.ts';

export interface PlanTest {
  t: TestApp;
  clock: TestClock;
  headers: Record<string, string>;
  sandboxId: string;
}

export async function startPlanTest(now: string): Promise<PlanTest> {
  const clock = new TestClock(new Date(now));
  const t = await createTestApp({ clock });
  const headers = await t.keyHeaders('campaignAdministrator');
  const sandbox = await t.database.pool.query<{ id: string }>(
    "SELECT id FROM sandboxes WHERE name = 'prod'",
  );
  return { t, clock, headers, sandboxId: sandbox.rows[0]!.id };
}

/** A profile made through the API with an email address and email consent. */
export async function emailProfile(
  test: PlanTest,
  email: string,
  extra: { timezone?: string; attributes?: object } = {},
): Promise<string> {
  const r = await test.t.app.inject({
    method: 'POST',
    url: '/profiles',
    headers: test.headers,
    payload: {
      identities: [{ namespace: 'email', value: email }],
      consent: { email: 'y' },
      ...extra,
    },
  });
  expect(r.statusCode, r.body).toBe(201);
  return r.json<Profile>().id;
}

/** Many consenting profiles with addresses at once (`<prefix>-<n>@example.com`); their ids. */
export async function bulkProfiles(test: PlanTest, prefix: string, count: number) {
  const made = await test.t.database.pool.query<{ id: string }>(
    `WITH p AS (INSERT INTO profiles (sandbox_id) SELECT $1 FROM generate_series(1, $2::int) RETURNING id),
          c AS (INSERT INTO profile_consent (sandbox_id, profile_id, channel, status, source, changed_at)
                SELECT $1, id, 'email', 'y', 'test', now() FROM p)
     INSERT INTO profile_identities (sandbox_id, namespace, value, profile_id)
     SELECT $1, 'email', $3 || '-' || id || '@example.com', id FROM p RETURNING profile_id AS id`,
    [test.sandboxId, count, prefix],
  );
  return made.rows.map((r) => r.id);
}

/** An active email configuration delivering to the local mailbox. */
export async function mailboxConfiguration(
  test: PlanTest,
  name: string,
  category: 'marketing' | 'transactional',
): Promise<Configuration> {
  const created = await test.t.app.inject({
    method: 'POST',
    url: '/channel-configurations',
    headers: test.headers,
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
  const active = await test.t.app.inject({
    method: 'POST',
    url: `/channel-configurations/${id}/activate`,
    headers: test.headers,
  });
  expect(active.statusCode, active.body).toBe(200);
  return getConfiguration(channelsDb(test.t.database.db), test.sandboxId, id);
}

/** Plans an execution in a transaction of its own. */
export async function plan(
  test: PlanTest,
  config: Configuration,
  request: Partial<ExecutionRequest> & Pick<ExecutionRequest, 'source'>,
  now = test.clock.now(),
): Promise<PlannedExecution> {
  const client = await test.t.database.pool.connect();
  try {
    await client.query('BEGIN');
    const planned = await planExecution(
      client,
      {
        sandboxId: test.sandboxId,
        actionId: 'email',
        channel: 'email',
        category: config.category,
        configurationId: config.id,
        content: { subject: 'Hello', format: 'html', body: '<p>Hello</p>' },
        startsAt: now,
        createdBy: 'test',
        ...request,
      },
      config,
      now,
    );
    await client.query('COMMIT');
    return planned;
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
}

export interface PlannedRow {
  profileId: string;
  status: string;
  reason: string | null;
  treatment: string | null;
  batchNo: number | null;
  /** When the message's batch may start (ISO); null for excluded messages. */
  notBefore: string | null;
}

/** The messages of an execution with their batch's start, by profile id. */
export async function plannedRows(
  test: PlanTest,
  executionId: string,
): Promise<Map<string, PlannedRow>> {
  const rows = await test.t.database.pool.query<{
    profile_id: string;
    status: string;
    reason: string | null;
    treatment: string | null;
    batch_no: number | null;
    not_before: Date | null;
  }>(
    `SELECT m.profile_id, m.status, m.reason, m.treatment, m.batch_no, b.not_before
       FROM messages m
       LEFT JOIN execution_batches b
         ON b.sandbox_id = m.sandbox_id AND b.execution_id = m.execution_id AND b.batch_no = m.batch_no
      WHERE m.execution_id = $1`,
    [executionId],
  );
  return new Map(
    rows.rows.map((r) => [
      r.profile_id,
      {
        profileId: r.profile_id,
        status: r.status,
        reason: r.reason,
        treatment: r.treatment,
        batchNo: r.batch_no,
        notBefore: r.not_before?.toISOString() ?? null,
      },
    ]),
  );
}

/** How many rows share each value of `key`. */
export function tally<T>(
  rows: Iterable<T>,
  key: (row: T) => string | null,
): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const row of rows) {
    const k = key(row) ?? 'null';
    counts[k] = (counts[k] ?? 0) + 1;
  }
  return counts;
}
