// The feedback log over HTTP on a real database: reports recorded by recordFeedback, read back
// newest first with every filter, in pages, and only in the sandbox they belong to.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, TestClock, type TestApp } from '../../http/testing.ts';
import type { Channel } from '../../profiles/model.ts';
import type { FeedbackEntry } from './list-model.ts';
import { recordFeedback, type FeedbackMessage, type FeedbackSource } from './store.ts';
import type { FeedbackKind } from './classify.ts';

const EXECUTION = randomUUID();
const PROFILE = randomUUID();
const CONFIGURATION = randomUUID();

let t: TestApp;
let clock: TestClock;
let viewer: Record<string, string>;
let prodId = '';
let devId = '';

async function sandboxId(name: string): Promise<string> {
  const found = await t.database.pool.query<{ id: string }>(
    'SELECT id FROM sandboxes WHERE name = $1',
    [name],
  );
  return found.rows[0]!.id;
}

/** One report a minute apart, through the same function the listener and callbacks use. */
async function report(
  sandbox: string,
  channel: Channel,
  source: FeedbackSource,
  kind: FeedbackKind,
  address: string,
  extra: { statusCode?: string; message?: Partial<FeedbackMessage> } = {},
) {
  clock.advance(60_000);
  const message: FeedbackMessage | undefined = extra.message && {
    sandboxId: sandbox,
    executionId: EXECUTION,
    recipientKey: 'r-ada',
    actionId: 'a1',
    profileId: PROFILE,
    address,
    status: 'sent',
    channel,
    configurationId: CONFIGURATION,
    softBounceThreshold: null,
    ...extra.message,
  };
  return recordFeedback(
    { pool: t.database.pool, db: t.database.db, clock },
    {
      sandboxId: sandbox,
      channel,
      source,
      classification: { kind, why: `${kind} report` },
      address,
      statusCode: extra.statusCode ?? null,
      diagnostic: `${kind} from ${source}`,
      message,
    },
  );
}

async function list(query: string, headers = viewer) {
  return t.app.inject({ method: 'GET', url: `/delivery-feedback${query}`, headers });
}
async function items(query: string): Promise<FeedbackEntry[]> {
  const response = await list(query);
  expect(response.statusCode, response.body).toBe(200);
  return response.json<{ items: FeedbackEntry[] }>().items;
}

beforeAll(async () => {
  clock = new TestClock(new Date('2026-11-27T09:00:00Z'));
  t = await createTestApp({ clock });
  viewer = await t.keyHeaders('campaignViewer');
  const created = await t.app.inject({
    method: 'POST',
    url: '/sandboxes',
    headers: await t.adminHeaders(),
    payload: { name: 'dev', title: 'Development' },
  });
  expect(created.statusCode, created.body).toBe(201);
  prodId = await sandboxId('prod');
  devId = await sandboxId('dev');
  // 09:01 … 09:05 in prod, 09:06 in dev.
  await report(prodId, 'email', 'dsn', 'hard', 'Ada@Example.org', {
    statusCode: '5.1.1',
    message: {},
  });
  await report(prodId, 'email', 'send', 'soft', 'adam@example.org', { statusCode: '452 4.2.2' });
  await report(prodId, 'email', 'arf', 'complaint', 'bob@example.net');
  await report(prodId, 'sms', 'callback', 'hard', '+442079460001', { statusCode: '30005' });
  await report(prodId, 'push', 'send', 'ignored', 'token-1');
  await report(devId, 'email', 'dsn', 'hard', 'ada@example.org');
});
afterAll(async () => t?.close());

describe('GET /delivery-feedback', () => {
  it('lists the sandbox reports newest first with their fields', async () => {
    const all = await items('');
    expect(all.map((e) => e.address)).toEqual([
      'token-1',
      '+442079460001',
      'bob@example.net',
      'adam@example.org',
      'ada@example.org',
    ]);
    const { id, ...first } = all.at(-1)!;
    expect(Number.isInteger(id)).toBe(true);
    expect(first).toEqual({
      channel: 'email',
      source: 'dsn',
      kind: 'hard',
      address: 'ada@example.org',
      statusCode: '5.1.1',
      diagnostic: 'hard from dsn',
      executionId: EXECUTION,
      recipientKey: 'r-ada',
      profileId: PROFILE,
      configurationId: CONFIGURATION,
      receivedAt: '2026-11-27T09:01:00.000Z',
    });
    expect(all[0]).toMatchObject({ executionId: null, profileId: null, statusCode: null });
  });

  it('filters by channel, kind, source, address, execution, profile and time', async () => {
    const addresses = async (query: string) => (await items(query)).map((e) => e.address);
    expect(await addresses('?channel=email')).toEqual([
      'bob@example.net',
      'adam@example.org',
      'ada@example.org',
    ]);
    expect(await addresses('?kind=hard')).toEqual(['+442079460001', 'ada@example.org']);
    expect(await addresses('?kind=hard&channel=sms')).toEqual(['+442079460001']);
    expect(await addresses('?source=send')).toEqual(['token-1', 'adam@example.org']);
    expect(await addresses('?address=ada@example.org')).toEqual(['ada@example.org']);
    expect(await addresses('?address=ada@example')).toEqual([]);
    expect(await addresses('?addressStartsWith=ada')).toEqual([
      'adam@example.org',
      'ada@example.org',
    ]);
    // LIKE's wildcards are taken literally.
    expect(await addresses('?addressStartsWith=%25')).toEqual([]);
    expect(await addresses('?addressStartsWith=a_a')).toEqual([]);
    expect(await addresses(`?executionId=${EXECUTION}`)).toEqual(['ada@example.org']);
    expect(await addresses(`?profileId=${PROFILE}`)).toEqual(['ada@example.org']);
    expect(await addresses(`?profileId=${randomUUID()}`)).toEqual([]);
    // From inclusive, to exclusive.
    expect(await addresses('?from=2026-11-27T09:02:00Z&to=2026-11-27T09:04:00Z')).toEqual([
      'bob@example.net',
      'adam@example.org',
    ]);
  });

  it('pages with a cursor and no report twice', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const response = await list(
        `?kind=hard&limit=1${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      expect(response.statusCode).toBe(200);
      const page = response.json<{ items: FeedbackEntry[]; nextCursor: string | null }>();
      expect(page.items).toHaveLength(1);
      seen.push(page.items[0]!.address);
      cursor = page.nextCursor;
      pages++;
    } while (cursor && pages < 5);
    expect(seen).toEqual(['+442079460001', 'ada@example.org']);
    expect(cursor).toBeNull();
    const twoOfFive = await list('?limit=2');
    const next = twoOfFive.json<{ nextCursor: string }>().nextCursor;
    expect((await items(`?limit=10&cursor=${next}`)).map((e) => e.address)).toEqual([
      'bob@example.net',
      'adam@example.org',
      'ada@example.org',
    ]);
  });

  // Schema errors name the part of the request and the field, as the app's validation does.
  it('answers 400 naming the field for a bad filter', async () => {
    const badKind = await list('?kind=bounced');
    expect(badKind.statusCode).toBe(400);
    expect(badKind.json()).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: [{ path: 'querystring:/kind', message: 'must be equal to constant' }],
    });
    const badExecution = await list('?executionId=not-a-uuid');
    expect(badExecution.statusCode).toBe(400);
    expect(badExecution.json()).toMatchObject({ details: [{ path: 'querystring:/executionId' }] });
    const badFrom = await list('?from=yesterday');
    expect(badFrom.statusCode).toBe(400);
    expect(badFrom.json()).toMatchObject({ details: [{ path: 'querystring:/from' }] });
    const badCursor = await list('?cursor=nonsense');
    expect(badCursor.statusCode).toBe(400);
    expect(badCursor.json()).toMatchObject({ details: [{ path: '/cursor' }] });
  });

  it('needs credentials, and a key of one sandbox cannot read another', async () => {
    expect((await list('', {})).statusCode).toBe(401);
    const devKey = await t.keyHeaders('campaignAdministrator', 'dev');
    const refused = await list('', { ...devKey, 'x-sandbox-name': 'prod' });
    expect(refused.statusCode).toBe(403);
    expect(refused.json<{ code: string }>().code).toBe('SANDBOX_FORBIDDEN');
    // Every built-in role holds reports.read, so each of them reads its own sandbox's log.
    const dev = await list('', devKey);
    expect(dev.json<{ items: FeedbackEntry[] }>().items.map((e) => e.address)).toEqual([
      'ada@example.org',
    ]);
  });

  it('does not list another sandbox reports', async () => {
    const all = await items('?address=ada@example.org');
    expect(all).toHaveLength(1);
    expect(all[0]!.receivedAt).toBe('2026-11-27T09:01:00.000Z');
    expect(await items('?from=2026-11-27T09:06:00Z')).toEqual([]);
  });
});
