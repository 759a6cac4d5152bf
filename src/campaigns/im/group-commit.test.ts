// Group commit of accepted calls on real PostgreSQL: many concurrent calls land in one
// transaction exactly once; a requestId repeated inside one group, or by two writers (two API
// processes) at once, is stored and sent once and every caller gets the first response; a call
// that fails does not fail the others of its group; the per-process cache serves a stopped
// campaign at most its time-to-live longer.
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Configuration } from '../../channels/model.ts';
import { createTestApp, TestClock, type TestApp } from '../../http/testing.ts';
import { ACTION_ID } from '../execution.ts';
import type { Campaign } from '../model.ts';
import {
  act,
  createCampaign,
  emailConfiguration,
  mailboxSubjects,
  runScheduler,
  sandboxIdOf,
  type Headers,
} from '../testing/fixtures.ts';
import type { AcceptedCall } from './accept-sql.ts';
import { CallCache } from './call-cache.ts';
import { AcceptWriter } from './group-commit.ts';

const clock = new TestClock(new Date('2026-11-27T10:00:00Z'));
let t: TestApp;
let admin: Headers;
let sandboxId: string;
let mailbox: Configuration;
let campaign: Campaign;

beforeAll(async () => {
  t = await createTestApp({ clock });
  admin = await t.keyHeaders('campaignAdministrator');
  sandboxId = await sandboxIdOf(t);
  mailbox = await emailConfiguration(t, admin, 'Receipts', 'transactional');
  const created = await createCampaign(t, admin, {
    name: 'Receipts',
    type: 'api',
    category: 'transactional',
    action: { channel: 'email', configurationId: mailbox.id },
    content: {
      mode: 'single',
      content: { subject: 'Receipt {{context.n}}', format: 'html', body: '<p>Thanks</p>' },
    },
    trigger: { createProfiles: false, highThroughput: true, feedback: false },
  });
  campaign = (await act(t, admin, created.id, 'activate')).body;
  expect(campaign.status).toBe('live');
});
afterAll(async () => {
  await t.close();
});

/** A pool that counts the transactions a writer opens. */
function countingPool(): { pool: pg.Pool; connections: () => number } {
  let connections = 0;
  const pool = Object.create(t.database.pool) as pg.Pool;
  pool.connect = (() => {
    connections++;
    return t.database.pool.connect();
  }) as pg.Pool['connect'];
  return { pool, connections: () => connections };
}

function accepted(requestId: string, address: string, n: number): AcceptedCall {
  const at = clock.now();
  return {
    sandboxId,
    campaignId: campaign.id,
    requestId,
    kind: 'highthroughput',
    response: {
      executionId: crypto.randomUUID(),
      requestId,
      createdAt: at.toISOString(),
      createdBy: 'test',
      modifiedAt: at.toISOString(),
      modifiedBy: 'test',
    },
    createdBy: 'test',
    at,
    actionId: ACTION_ID,
    channel: 'email',
    category: 'transactional',
    configuration: mailbox,
    content: campaign.content?.mode === 'single' ? campaign.content.content : null,
    feedback: false,
    recipients: [{ key: address, profileId: null, address, renderData: { context: { n } } }],
  };
}

async function stored(requestPrefix: string) {
  const rows = await t.database.pool.query<{
    request_id: string;
    execution_id: string;
    execution_status: string;
    messages: number;
    batches: number;
  }>(
    `SELECT t.request_id, t.execution_id, e.status AS execution_status,
            (SELECT count(*)::int FROM messages m WHERE m.execution_id = t.execution_id) AS messages,
            (SELECT count(*)::int FROM execution_batches b WHERE b.execution_id = t.execution_id) AS batches
       FROM trigger_requests t JOIN executions e ON e.id = t.execution_id
      WHERE t.campaign_id = $1 AND t.request_id LIKE $2 || '%' ORDER BY t.request_id`,
    [campaign.id, requestPrefix],
  );
  return rows.rows;
}

const executionsOf = async (requestId: string) =>
  (
    await t.database.pool.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM executions WHERE campaign_id = $1 AND request_id = $2',
      [campaign.id, requestId],
    )
  ).rows[0]?.n;

describe('group commit', () => {
  it('stores forty concurrent calls in one transaction, each exactly once', async () => {
    const { pool, connections } = countingPool();
    const writer = new AcceptWriter(pool, { windowMs: 50, maxGroup: 100, maxInFlight: 1 });
    const calls = Array.from({ length: 40 }, (_, i) =>
      accepted(`many-${String(i).padStart(2, '0')}`, `m${i}@example.com`, i),
    );
    const answers = await Promise.all(calls.map((c) => writer.submit(c)));
    expect(answers).toEqual(calls.map((c) => c.response));
    expect(connections()).toBe(1);
    const rows = await stored('many-');
    expect(rows).toHaveLength(40);
    expect(rows.map((r) => r.execution_id)).toEqual(calls.map((c) => c.response.executionId));
    for (const r of rows)
      expect(r).toMatchObject({ execution_status: 'planned', messages: 1, batches: 1 });
    await runScheduler(t);
    const subjects = (await mailboxSubjects(t, admin)).filter((s) => s.startsWith('m'));
    expect(subjects).toHaveLength(40);
    expect(subjects).toContain('m7@example.com Receipt 7');
  });

  it('a requestId repeated inside one group is stored once and both callers get the first response', async () => {
    const writer = new AcceptWriter(t.database.pool, {
      windowMs: 50,
      maxGroup: 100,
      maxInFlight: 1,
    });
    const first = accepted('twice-1', 'twice@example.com', 1);
    const repeat = accepted('twice-1', 'twice@example.com', 2);
    const [a, b] = await Promise.all([writer.submit(first), writer.submit(repeat)]);
    expect(a).toEqual(first.response);
    expect(b).toEqual(first.response);
    expect(await executionsOf('twice-1')).toBe(1);
    // A later repeat, in a group of its own, answers the same.
    expect(await writer.submit(accepted('twice-1', 'twice@example.com', 3))).toEqual(
      first.response,
    );
    await runScheduler(t);
    expect((await mailboxSubjects(t, admin)).filter((s) => s.startsWith('twice@'))).toEqual([
      'twice@example.com Receipt 1',
    ]);
  });

  it('two writers (two processes) taking the same requestId at once store it once', async () => {
    const options = { windowMs: 1, maxGroup: 100, maxInFlight: 2 };
    const writers = [
      new AcceptWriter(t.database.pool, options),
      new AcceptWriter(t.database.pool, options),
    ];
    for (let round = 0; round < 5; round++) {
      const requestId = `race-${round}`;
      const calls = writers.map((_, i) => accepted(requestId, `race${round}@example.com`, i));
      const answers = await Promise.all(writers.map((w, i) => w.submit(calls[i]!)));
      expect(answers[1]).toEqual(answers[0]);
      expect(calls.map((c) => c.response)).toContainEqual(answers[0]);
      expect(await executionsOf(requestId)).toBe(1);
    }
  });

  it('a call that fails does not fail the others of its group', async () => {
    const writer = new AcceptWriter(t.database.pool, {
      windowMs: 50,
      maxGroup: 100,
      maxInFlight: 1,
    });
    const bad = accepted('mixed-bad', 'bad@example.com', 0);
    // A kind the table refuses: its statement fails inside the group's transaction.
    (bad as { kind: string }).kind = 'unknown-kind';
    const good = [1, 2, 3].map((i) => accepted(`mixed-${i}`, `good${i}@example.com`, i));
    const results = await Promise.allSettled([bad, ...good].map((c) => writer.submit(c)));
    expect(results.map((r) => r.status)).toEqual([
      'rejected',
      'fulfilled',
      'fulfilled',
      'fulfilled',
    ]);
    expect((await stored('mixed-')).map((r) => r.request_id)).toEqual([
      'mixed-1',
      'mixed-2',
      'mixed-3',
    ]);
  });
});

describe('the per-process cache', () => {
  it('serves a stopped campaign as live at most its time-to-live longer', async () => {
    let now = 0;
    const cache = new CallCache(1000, () => now);
    const created = await createCampaign(t, admin, {
      name: 'Stopping',
      type: 'api',
      category: 'transactional',
      action: { channel: 'email', configurationId: mailbox.id },
      content: campaign.content!,
      trigger: { createProfiles: false, highThroughput: false, feedback: false },
    });
    await act(t, admin, created.id, 'activate');
    const read = () => cache.campaign(t.database.db, sandboxId, created.id);
    expect((await read()).status).toBe('live');
    const stopped = await act(t, admin, created.id, 'stop');
    expect(stopped.body.status).not.toBe('live');
    now = 999;
    expect((await read()).status).toBe('live');
    now = 1000;
    expect((await read()).status).toBe(stopped.body.status);
  });
});

describe('through the API', () => {
  it('concurrent calls: a repeated requestId answers the first response, an invalid call fails alone', async () => {
    const ajo = { ...(await t.keyHeaders('campaignManager')), 'x-sandbox-name': 'prod' };
    const body = (requestId: string, emailAddress: string) => ({
      requestId,
      campaignId: campaign.id,
      recipients: [
        {
          type: 'external',
          userId: 'api@example.com',
          namespace: 'email',
          channelData: { emailAddress },
        },
      ],
    });
    const payloads = [
      body('api-same', 'api@example.com'),
      body('api-same', 'api@example.com'),
      body('api-bad', 'not-an-address'),
      body('api-other', 'api@example.com'),
    ];
    const answers = await Promise.all(
      payloads.map((payload) =>
        t.app.inject({
          method: 'POST',
          url: '/im/executions/highthroughput',
          headers: ajo,
          payload,
        }),
      ),
    );
    expect(answers.map((r) => r.statusCode)).toEqual([202, 202, 400, 202]);
    expect(answers[1]!.json()).toEqual(answers[0]!.json());
    expect(await executionsOf('api-same')).toBe(1);
    expect(await executionsOf('api-bad')).toBe(0);
    expect(await executionsOf('api-other')).toBe(1);
  });
});
