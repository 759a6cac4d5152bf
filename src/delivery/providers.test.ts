// Providers shared per configuration: executions of one configuration send through one SMTP pool,
// an edit gives the batches after it a new provider, and an idle worker keeps nothing open.
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channelsDb } from '../channels/db.ts';
import type { Configuration } from '../channels/model.ts';
import { rsaKeyPair } from '../channels/providers/testing/fixtures.ts';
import { startSmtpSink, type SmtpSink } from '../channels/providers/testing/smtp-sink.ts';
import { getConfiguration } from '../channels/store.ts';
import { createTestApp, TEST_SECRET, TestClock, type TestApp } from '../http/testing.ts';
import type { Profile } from '../profiles/model.ts';
import { deliveryWorker } from './dispatch.ts';
import { planExecution } from './plan.ts';
import { providerPool } from './providers.ts';
import { executionSenders } from './senders.ts';

const clock = new TestClock(new Date('2026-11-27T10:00:00Z'));
let t: TestApp;
let h: Record<string, string>;
let sinks: SmtpSink[];
let sandboxId: string;
const ids: string[] = [];

beforeAll(async () => {
  t = await createTestApp({ clock });
  h = await t.keyHeaders('campaignAdministrator');
  sinks = [await startSmtpSink(), await startSmtpSink()];
  sandboxId = (
    await t.database.pool.query<{ id: string }>("SELECT id FROM sandboxes WHERE name = 'prod'")
  ).rows[0]!.id;
  for (const email of ['ada@example.com', 'bob@example.com']) {
    const r = await t.app.inject({
      method: 'POST',
      url: '/profiles',
      headers: h,
      payload: { identities: [{ namespace: 'email', value: email }] },
    });
    expect(r.statusCode, r.body).toBe(201);
    ids.push(r.json<Profile>().id);
  }
});
afterAll(async () => {
  await Promise.all(sinks.map((s) => s.close()));
  await t.close();
});

const keys = rsaKeyPair();
const emailInput = (port: number) => ({
  name: 'Receipts',
  channel: 'email',
  category: 'transactional',
  settings: {
    senderName: 'Shop',
    senderAddress: 'orders@shop.example.com',
    bounceAddress: 'bounces@shop.example.com',
    listUnsubscribe: { oneClick: false },
    urlParameters: [],
    retryPeriodMinutes: 60,
    softBounceThreshold: 5,
    sendToSpamComplainers: false,
    seedList: [],
    dkim: { domain: 'shop.example.com', selector: 's1' },
    provider: { kind: 'smtp', host: '127.0.0.1', port, security: 'none', maxConnections: 1 },
  },
  credentials: { dkimPrivateKey: keys.privatePem },
});

async function plan(config: Configuration, subject: string): Promise<string> {
  const client = await t.database.pool.connect();
  try {
    const planned = await planExecution(
      client,
      {
        sandboxId,
        actionId: 'receipt',
        channel: 'email',
        category: 'transactional',
        configurationId: config.id,
        content: { subject, format: 'html', body: '<p>Thanks</p>' },
        source: { profileIds: ids },
        batchSize: 1,
        startsAt: clock.now(),
        createdBy: 'test',
      },
      config,
      clock.now(),
    );
    return planned.id;
  } finally {
    client.release();
  }
}

describe('providers shared per configuration', () => {
  it('serve every execution of a configuration from one pool, closed when idle', async () => {
    const created = await t.app.inject({
      method: 'POST',
      url: '/channel-configurations',
      headers: h,
      payload: emailInput(sinks[0]!.port),
    });
    const id = created.json<Configuration>().id;
    const activated = await t.app.inject({
      method: 'POST',
      url: `/channel-configurations/${id}/activate`,
      headers: h,
    });
    expect(activated.statusCode, activated.body).toBe(200);
    const config = await getConfiguration(channelsDb(t.database.db), sandboxId, id);
    await plan(config, 'First');
    await plan(config, 'Second');
    const senders = executionSenders({
      pool: t.database.pool,
      db: t.database.db,
      clock,
      secret: TEST_SECRET,
      publicUrl: 'http://clarion.test',
    });
    const worker = deliveryWorker({
      pool: t.database.pool,
      clock,
      workerId: 'w',
      senderFor: senders,
    });
    // Batches of one, taken in turn from both executions: both senders are open at once.
    expect(await worker.drain()).toBe(4);
    expect(sinks[0]!.received).toHaveLength(4);
    // One pool of one connection carried both executions (a pool each would have opened two).
    expect(sinks[0]!.connections).toBe(1);
    expect(senders.providers.open).toBe(0);
    for (let i = 0; i < 50 && sinks[0]!.open > 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(sinks[0]!.open).toBe(0);

    // An edit (here: another server) is what the next execution sends with.
    const edited = await t.app.inject({
      method: 'PUT',
      url: `/channel-configurations/${id}`,
      headers: h,
      payload: emailInput(sinks[1]!.port),
    });
    expect(edited.statusCode, edited.body).toBe(200);
    await plan(await getConfiguration(channelsDb(t.database.db), sandboxId, id), 'Third');
    expect(await worker.drain()).toBe(2);
    const third = await Promise.all(sinks[1]!.received.map((m) => simpleParser(m.raw)));
    expect(third.map((m) => m.subject)).toEqual(['Third', 'Third']);
    expect(sinks[0]!.received).toHaveLength(4);
    await worker.stop();
    await senders.close();
  });

  it('replace a provider when its configuration changes, closing the old one once released', async () => {
    let version = 1;
    const closed: number[] = [];
    const made: number[] = [];
    const pool = providerPool({
      open: async () => ({
        configuration: {
          version,
          updatedAt: `2026-11-27T10:00:0${version}Z`,
        } as unknown as Configuration,
        credentials: {},
      }),
      create: (opened) => {
        const v = opened.configuration.version;
        made.push(v);
        return {
          channel: 'sms',
          provider: {
            send: async () => ({ status: 'sent', providerId: 'x' }),
            close: async () => void closed.push(v),
          },
        };
      },
    });
    const a = await pool.acquire('s', 'c');
    const b = await pool.acquire('s', 'c');
    expect(b.provider).toBe(a.provider);
    version = 2;
    const c = await pool.acquire('s', 'c');
    expect(c.provider).not.toBe(a.provider);
    expect(made).toEqual([1, 2]);
    await a.release();
    await a.release(); // a second release of one hold changes nothing
    expect(closed).toEqual([]);
    await b.release();
    expect(closed).toEqual([1]);
    expect(pool.open).toBe(1);
    await pool.close();
    expect(closed).toEqual([1, 2]);
    await c.release();
    expect(closed).toEqual([1, 2]);
  });
});
