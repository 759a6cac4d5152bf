// The suppression list API and the message log, through the HTTP API on real PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channelsDb } from '../channels/db.ts';
import type { Configuration } from '../channels/model.ts';
import { getConfiguration } from '../channels/store.ts';
import { createTestApp, type TestApp } from '../http/testing.ts';
import type { Profile } from '../profiles/model.ts';
import type { LoggedMessage } from './message-log.ts';
import { planExecution } from './plan.ts';

let t: TestApp;
let h: Record<string, string>;
let sandboxId: string;
beforeAll(async () => {
  t = await createTestApp();
  h = await t.keyHeaders('campaignAdministrator');
  sandboxId = (
    await t.database.pool.query<{ id: string }>("SELECT id FROM sandboxes WHERE name = 'prod'")
  ).rows[0]!.id;
});
afterAll(async () => t.close());

const post = (url: string, payload: object) =>
  t.app.inject({ method: 'POST', url, headers: h, payload });
const get = (url: string) => t.app.inject({ method: 'GET', url, headers: h });

describe('suppression list', () => {
  it('adds, lists, exports and removes addresses, normalised as sends look them up', async () => {
    const added = await post('/suppressions', {
      channel: 'email',
      address: ' Bob@Example.COM ',
      reason: 'asked by phone',
    });
    expect(added.statusCode, added.body).toBe(201);
    expect(added.json()).toMatchObject({
      channel: 'email',
      address: 'bob@example.com',
      category: 'manual',
      reason: 'asked by phone',
    });
    const again = await post('/suppressions', {
      channel: 'email',
      address: 'bob@example.com',
      reason: 'asked again, by letter',
    });
    expect(again.json()).toMatchObject({ reason: 'asked again, by letter' });
    await post('/suppressions', { channel: 'sms', address: '+44 20 7946 0001', reason: 'STOP' });

    const bad = await post('/suppressions', { channel: 'email', address: 'nope', reason: 'x' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({
      details: [{ path: '/address', message: 'is not an email address' }],
    });

    const sms = await get('/suppressions?channel=sms');
    expect(sms.json<{ items: { address: string }[] }>().items.map((s) => s.address)).toEqual([
      '+442079460001',
    ]);
    const csv = await get('/suppressions.csv?channel=email');
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = csv.body.trim().split('\n');
    expect(lines[0]).toBe('channel,address,category,reason,created_by,created_at');
    expect(lines.slice(1).map((l) => l.split(',').slice(0, 4).join(','))).toEqual([
      'email,bob@example.com,manual,"asked again',
    ]);

    const removed = await t.app.inject({
      method: 'DELETE',
      url: '/suppressions/email/BOB@example.com',
      headers: h,
    });
    expect(removed.statusCode).toBe(204);
    const twice = await t.app.inject({
      method: 'DELETE',
      url: '/suppressions/email/bob@example.com',
      headers: h,
    });
    expect(twice.statusCode).toBe(404);
    const audit = await t.database.pool.query<{ action: string }>(
      "SELECT action FROM audit_log WHERE entity_type = 'suppression' AND entity_id = 'email:bob@example.com' ORDER BY at, id",
    );
    expect(audit.rows.map((r) => r.action)).toEqual([
      'suppression.add',
      'suppression.add',
      'suppression.remove',
    ]);
  });
});

describe('message log', () => {
  it('lists an execution’s messages and counts them by status and reason', async () => {
    const ids: string[] = [];
    for (const [email, consent] of [
      ['ann@example.com', 'y'],
      ['ben@example.com', 'n'],
      ['cy@example.com', 'y'],
    ] as const) {
      const r = await post('/profiles', {
        identities: [{ namespace: 'email', value: email }],
        consent: { email: consent },
      });
      ids.push(r.json<Profile>().id);
    }
    await post('/suppressions', { channel: 'email', address: 'cy@example.com', reason: 'bounced' });
    const created = await post('/channel-configurations', {
      name: 'News',
      channel: 'email',
      category: 'marketing',
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
      },
    });
    const configId = created.json<Configuration>().id;
    await post(`/channel-configurations/${configId}/activate`, {});
    const config = await getConfiguration(channelsDb(t.database.db), sandboxId, configId);
    const client = await t.database.pool.connect();
    const planned = await planExecution(
      client,
      {
        sandboxId,
        actionId: 'email',
        channel: 'email',
        category: 'marketing',
        configurationId: configId,
        content: {},
        source: { profileIds: ids },
        startsAt: t.clock.now(),
        createdBy: 'test',
      },
      config,
      t.clock.now(),
    );
    client.release();

    const summary = await get(`/executions/${planned.id}`);
    expect(summary.statusCode, summary.body).toBe(200);
    expect(summary.json()).toMatchObject({
      recipients: 3,
      status: 'planned',
      byStatus: { queued: 1, excluded: 2 },
      excludedByReason: { EmailNoConsent: 1, Suppressed: 1 },
    });
    const page = await get(`/messages?executionId=${planned.id}&limit=2`);
    const first = page.json<{ items: LoggedMessage[]; nextCursor: string }>();
    expect(first.items).toHaveLength(2);
    const rest = await get(
      `/messages?executionId=${planned.id}&limit=2&cursor=${encodeURIComponent(first.nextCursor)}`,
    );
    const all = [...first.items, ...rest.json<{ items: LoggedMessage[] }>().items];
    expect(all.map((m) => [m.address, m.status, m.reason]).sort()).toEqual([
      ['ann@example.com', 'queued', null],
      ['ben@example.com', 'excluded', 'EmailNoConsent'],
      ['cy@example.com', 'excluded', 'Suppressed'],
    ]);
    const ben = await get(`/messages?profileId=${ids[1]}`);
    expect(ben.json<{ items: LoggedMessage[] }>().items.map((m) => m.reason)).toEqual([
      'EmailNoConsent',
    ]);
    const neither = await get('/messages');
    expect(neither.statusCode).toBe(400);
    expect(neither.json()).toMatchObject({ details: [{ path: '/executionId' }] });
    // The same log as CSV, and the same refusal without an id.
    const csv = await get(`/messages.csv?executionId=${planned.id}`);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    const rows = csv.body.trim().split('\n');
    expect(rows[0]).toBe(
      'execution_id,recipient_key,action_id,profile_id,address,status,reason,attempts,provider_id,error,created_at,updated_at,sent_at',
    );
    expect(
      rows
        .slice(1)
        .map((r) => r.split(',').slice(4, 7).join(','))
        .sort(),
    ).toEqual([
      'ann@example.com,queued,',
      'ben@example.com,excluded,EmailNoConsent',
      'cy@example.com,excluded,Suppressed',
    ]);
    expect((await get('/messages.csv')).statusCode).toBe(400);
  });
});
