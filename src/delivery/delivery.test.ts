// The send pipeline's planning (exclusions with their codes, throttling window, batch pacing)
// and its batch discipline (leases, take-over after a dead worker, retries), on real PostgreSQL.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { channelsDb } from '../channels/db.ts';
import type { Configuration } from '../channels/model.ts';
import { getConfiguration } from '../channels/store.ts';
import { createTestApp, TestClock, type TestApp } from '../http/testing.ts';
import type { Profile } from '../profiles/model.ts';
import { claimNextBatch, startBatch } from './batches.ts';
import { deliveryWorker, type ExecutionSender, type SendOutcome } from './dispatch.ts';
import type { ExecutionRequest } from './model.ts';
import { planExecution } from './plan.ts';

const clock = new TestClock(new Date('2026-11-27T10:00:00Z'));
let t: TestApp;
let h: Record<string, string>;
let sandboxId: string;
const people = new Map<string, string>();

async function profile(key: string, body: object): Promise<void> {
  const r = await t.app.inject({ method: 'POST', url: '/profiles', headers: h, payload: body });
  expect(r.statusCode, r.body).toBe(201);
  people.set(key, r.json<Profile>().id);
}

async function configuration(name: string, category: string, extra: object = {}) {
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
        retryPeriodMinutes: 360,
        softBounceThreshold: 5,
        sendToSpamComplainers: false,
        seedList: [],
        provider: { kind: 'mailbox' },
        ...extra,
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
  return getConfiguration(channelsDb(t.database.db), sandboxId, id);
}

async function plan(request: Partial<ExecutionRequest>, config: Configuration) {
  const client = await t.database.pool.connect();
  try {
    await client.query('BEGIN');
    const planned = await planExecution(
      client,
      {
        sandboxId,
        actionId: 'email-1',
        channel: 'email',
        category: config.category,
        configurationId: config.id,
        content: { subject: 'Hello' },
        source: { profileIds: [...people.values()] },
        startsAt: clock.now(),
        createdBy: 'test',
        ...request,
      },
      config,
      clock.now(),
    );
    await client.query('COMMIT');
    return planned;
  } finally {
    client.release();
  }
}

const messages = async (executionId: string) =>
  (
    await t.database.pool.query<{
      profile_id: string;
      status: string;
      reason: string | null;
      batch_no: number | null;
    }>(
      'SELECT profile_id, status, reason, batch_no FROM messages WHERE execution_id = $1 ORDER BY recipient_key',
      [executionId],
    )
  ).rows;
const byPerson = (rows: Awaited<ReturnType<typeof messages>>) =>
  Object.fromEntries(
    [...people.entries()].map(([key, id]) => {
      const row = rows.find((r) => r.profile_id === id);
      return [key, row?.status === 'queued' ? 'queued' : row?.reason];
    }),
  );

beforeAll(async () => {
  t = await createTestApp({ clock });
  h = await t.keyHeaders('campaignAdministrator');
  sandboxId = (
    await t.database.pool.query<{ id: string }>("SELECT id FROM sandboxes WHERE name = 'prod'")
  ).rows[0]!.id;
  const email = (value: string) => [{ namespace: 'email', value }];
  await profile('optedIn', { identities: email('in@example.com'), consent: { email: 'y' } });
  await profile('optedOut', { identities: email('out@example.com'), consent: { email: 'n' } });
  await profile('unknown', { identities: email('unknown@example.com') });
  await profile('noEmail', {
    identities: [{ namespace: 'crmId', value: 'C-9' }],
    consent: { email: 'y' },
  });
  await profile('malformed', {
    identities: [{ namespace: 'crmId', value: 'C-10' }],
    consent: { email: 'y' },
  });
  // Data from before address checks existed: an email identity that is not an address.
  await t.database.pool.query(
    "INSERT INTO profile_identities (sandbox_id, namespace, value, profile_id) VALUES ($1, 'email', 'not-an-address', $2)",
    [sandboxId, people.get('malformed')],
  );
  await profile('suppressed', {
    identities: email('bounced@example.com'),
    consent: { email: 'y' },
  });
  await profile('complainer', { identities: email('spam@example.com'), consent: { email: 'y' } });
  await t.database.pool.query(
    `INSERT INTO suppressions (sandbox_id, channel, address, reason, category, created_by, created_at)
     VALUES ($1, 'email', 'bounced@example.com', '550 5.1.1 user unknown', 'hardBounce', 'test', now()),
            ($1, 'email', 'spam@example.com', 'ARF abuse report', 'spamComplaint', 'test', now())`,
    [sandboxId],
  );
});
afterAll(async () => t.close());

describe('planning an execution', () => {
  it('writes one row per recipient: queued, or excluded with its code', async () => {
    const marketing = await configuration('Marketing', 'marketing');
    const planned = await plan({}, marketing);
    expect(planned).toMatchObject({ recipients: 7, queued: 1, excluded: 6, batches: 1 });
    expect(byPerson(await messages(planned.id))).toEqual({
      optedIn: 'queued',
      optedOut: 'EmailNoConsent',
      unknown: 'EmailNoConsent',
      noEmail: 'EmailNoAddressFoundInProfile',
      malformed: 'EmailMalformedAddress',
      suppressed: 'Suppressed',
      complainer: 'Suppressed',
    });
  });

  it('ignores marketing consent for transactional sends, and may reach spam complainers', async () => {
    const receipts = await configuration('Receipts', 'transactional', {
      retryPeriodMinutes: 10,
      sendToSpamComplainers: true,
    });
    const planned = await plan({ category: 'transactional' }, receipts);
    expect(byPerson(await messages(planned.id))).toEqual({
      optedIn: 'queued',
      optedOut: 'queued',
      unknown: 'queued',
      noEmail: 'EmailNoAddressFoundInProfile',
      malformed: 'EmailMalformedAddress',
      suppressed: 'Suppressed',
      complainer: 'queued',
    });
  });

  it('paces batches by the rate and excludes what the 12-hour window cannot hold', async () => {
    const receipts = await getConfiguration(
      channelsDb(t.database.db),
      sandboxId,
      (
        await t.database.pool.query<{ id: string }>(
          "SELECT id FROM channel_configurations WHERE name = 'Receipts'",
        )
      ).rows[0]!.id,
    );
    // 43,203 people with an address; at 1 message/s, 12 hours hold 43,200 of them.
    const made = await t.database.pool.query<{ id: string }>(
      `WITH p AS (INSERT INTO profiles (sandbox_id) SELECT $1 FROM generate_series(1, 43203) RETURNING id)
       INSERT INTO profile_identities (sandbox_id, namespace, value, profile_id)
       SELECT $1, 'email', 'bulk-' || id || '@example.com', id FROM p RETURNING profile_id AS id`,
      [sandboxId],
    );
    const planned = await plan(
      {
        category: 'transactional',
        source: { profileIds: made.rows.map((r) => r.id) },
        ratePerSecond: 1,
        batchSize: 1000,
      },
      receipts,
    );
    expect(planned).toMatchObject({ recipients: 43203, queued: 43200, excluded: 3, batches: 44 });
    const window = await t.database.pool.query<{ reason: string; n: number }>(
      "SELECT reason, count(*)::int AS n FROM messages WHERE execution_id = $1 AND status = 'excluded' GROUP BY reason",
      [planned.id],
    );
    expect(window.rows).toEqual([{ reason: 'ThrottlingWindowExceeded', n: 3 }]);
    const pacing = await t.database.pool.query<{ batch_no: number; not_before: Date }>(
      'SELECT batch_no, not_before FROM execution_batches WHERE execution_id = $1 AND batch_no IN (0, 1, 43) ORDER BY batch_no',
      [planned.id],
    );
    expect(pacing.rows.map((r) => (r.not_before.getTime() - clock.now().getTime()) / 1000)).toEqual(
      [0, 1000, 43000],
    );
  });
});

describe('sending batches', () => {
  // Each test drains every due batch: earlier executions must not be in the way.
  beforeEach(async () => {
    await t.database.pool.query('DELETE FROM execution_batches');
    await t.database.pool.query('DELETE FROM executions');
    await t.database.pool.query('DELETE FROM messages');
  });

  it('a batch whose worker died is taken over when its lease ends, without skipping anyone', async () => {
    const receipts = await configuration('Takeover', 'transactional', { retryPeriodMinutes: 10 });
    const planned = await plan({ category: 'transactional', batchSize: 1 }, receipts);
    expect(planned.batches).toBe(3); // in, out, unknown: one each
    const first = await claimNextBatch(t.database.pool, 'worker-a', clock.now(), 60_000);
    const inFlight = await startBatch(t.database.pool, first!, clock.now());
    expect(inFlight).toHaveLength(1);
    // Worker A dies here. Within its lease nobody else takes the batch.
    const other = await claimNextBatch(t.database.pool, 'worker-b', clock.now(), 60_000);
    expect(other?.batchNo).not.toBe(first?.batchNo);
    clock.advance(61_000);
    const sent: string[] = [];
    const sender: ExecutionSender = {
      retryPeriodMs: 600_000,
      send: async (message) => {
        sent.push(message.address);
        return { status: 'sent', providerId: `p-${message.address}` } satisfies SendOutcome;
      },
      close: async () => undefined,
    };
    const worker = deliveryWorker({
      pool: t.database.pool,
      clock,
      workerId: 'worker-b',
      senderFor: async () => sender,
    });
    expect(await worker.drain()).toBe(3);
    const rows = await messages(planned.id);
    expect(rows.filter((r) => r.status === 'sent')).toHaveLength(3);
    expect(new Set(sent).size).toBe(3);
    expect(sent).toEqual(expect.arrayContaining(inFlight.map((m) => m.address)));
    const execution = await t.database.pool.query<{ status: string }>(
      'SELECT status FROM executions WHERE id = $1',
      [planned.id],
    );
    expect(execution.rows[0]?.status).toBe('completed');
  });

  it('retries transient failures later, records permanent ones and rendering errors', async () => {
    const receipts = await configuration('Retries', 'transactional', {
      retryPeriodMinutes: 360,
      sendToSpamComplainers: true,
    });
    const planned = await plan({ category: 'transactional', batchSize: 10 }, receipts);
    const sender: ExecutionSender = {
      retryPeriodMs: 360 * 60_000,
      send: async (message): Promise<SendOutcome> => {
        if (message.address === 'unknown@example.com' && message.attempts === 1)
          return { status: 'failed', kind: 'transient', reason: '451 4.3.0 try later' };
        if (message.address === 'out@example.com')
          return { status: 'failed', kind: 'permanent', reason: '550 5.1.1 no such user' };
        if (message.address === 'spam@example.com')
          return { status: 'renderError', error: "1:4 unknown function 'uperCase'" };
        return { status: 'sent', providerId: message.address };
      },
      close: async () => undefined,
    };
    const worker = deliveryWorker({
      pool: t.database.pool,
      clock,
      workerId: 'w',
      senderFor: async () => sender,
    });
    await worker.drain();
    const status = async () =>
      Object.fromEntries(
        (await messages(planned.id)).map((r) => [r.profile_id, [r.status, r.reason]]),
      );
    expect((await status())[people.get('unknown')!]).toEqual(['retrying', 'transient']);
    expect((await status())[people.get('optedOut')!]).toEqual(['failed', 'permanent']);
    expect((await status())[people.get('complainer')!]).toEqual([
      'excluded',
      'RuntimeRenderingError',
    ]);
    expect(await worker.drain()).toBe(0); // not due yet
    clock.advance(61_000);
    expect(await worker.drain()).toBe(1);
    expect((await status())[people.get('unknown')!]).toEqual(['sent', null]);
  });
});
