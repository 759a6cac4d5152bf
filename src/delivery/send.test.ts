// The whole pipeline with real providers: content compiled once and rendered per recipient,
// delivered to a real SMTP server on loopback and to the local mailbox, results recorded.
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channelsDb } from '../channels/db.ts';
import type { Configuration } from '../channels/model.ts';
import { rsaKeyPair } from '../channels/providers/testing/fixtures.ts';
import { startSmtpSink, type SmtpSink } from '../channels/providers/testing/smtp-sink.ts';
import { getConfiguration } from '../channels/store.ts';
import { createTestApp, TEST_SECRET, type TestApp } from '../http/testing.ts';
import type { Profile } from '../profiles/model.ts';
import { deliveryWorker } from './dispatch.ts';
import type { ExecutionRequest } from './model.ts';
import { planExecution } from './plan.ts';
import { executionSenders } from './senders.ts';

let t: TestApp;
let h: Record<string, string>;
let sink: SmtpSink;
let sandboxId: string;
const ids: string[] = [];

beforeAll(async () => {
  t = await createTestApp();
  h = await t.keyHeaders('campaignAdministrator');
  sink = await startSmtpSink((address) =>
    address.startsWith('gone@') ? [550, '5.1.1 no such user'] : undefined,
  );
  sandboxId = (
    await t.database.pool.query<{ id: string }>("SELECT id FROM sandboxes WHERE name = 'prod'")
  ).rows[0]!.id;
  for (const [email, phone, name] of [
    ['ada@example.com', '+442079460001', 'Ada'],
    ['bob@example.com', '+442079460002', 'Bob'],
    ['gone@example.com', '+442079460003', 'Gone'],
  ] as const) {
    const r = await t.app.inject({
      method: 'POST',
      url: '/profiles',
      headers: h,
      payload: {
        identities: [
          { namespace: 'email', value: email },
          { namespace: 'phone', value: phone },
        ],
        attributes: { person: { name: { firstName: name } }, points: 1200 },
        consent: { email: 'y', sms: 'y' },
      },
    });
    expect(r.statusCode, r.body).toBe(201);
    ids.push(r.json<Profile>().id);
  }
});
afterAll(async () => {
  await sink.close();
  await t.close();
});

async function activeConfiguration(body: object): Promise<Configuration> {
  const created = await t.app.inject({
    method: 'POST',
    url: '/channel-configurations',
    headers: h,
    payload: body,
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

async function send(request: Partial<ExecutionRequest>, config: Configuration) {
  const client = await t.database.pool.connect();
  const planned = await planExecution(
    client,
    {
      sandboxId,
      actionId: 'a1',
      channel: config.channel,
      category: 'marketing',
      configurationId: config.id,
      content: {},
      source: { profileIds: ids },
      startsAt: t.clock.now(),
      createdBy: 'test',
      ...request,
    },
    config,
    t.clock.now(),
  );
  client.release();
  const worker = deliveryWorker({
    pool: t.database.pool,
    clock: t.clock,
    workerId: 'w1',
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
  return planned;
}

describe('sending an execution', () => {
  it('renders each email for its recipient, delivers it over SMTP signed, and tracks it', async () => {
    const keys = rsaKeyPair();
    const config = await activeConfiguration({
      name: 'Newsletter',
      channel: 'email',
      category: 'marketing',
      settings: {
        senderName: 'Shop',
        senderAddress: 'news@shop.example.com',
        bounceAddress: 'bounces@shop.example.com',
        listUnsubscribe: { oneClick: true, mailto: 'unsubscribe@shop.example.com' },
        urlParameters: [],
        retryPeriodMinutes: 360,
        softBounceThreshold: 5,
        sendToSpamComplainers: false,
        seedList: [],
        dkim: { domain: 'shop.example.com', selector: 's1' },
        provider: { kind: 'smtp', host: '127.0.0.1', port: sink.port, security: 'none' },
      },
      credentials: { dkimPrivateKey: keys.privatePem },
    });
    const planned = await send(
      {
        content: {
          subject: 'Hi {{profile.person.name.firstName}}, {%= profile.points + 300 %} points',
          format: 'html',
          body: '<p>Hello <b>{{profile.person.name.firstName}}</b></p><p><a href="https://shop.example.com/offers?who={{profile.person.name.firstName}}">Offers</a> · <a href="{{{unsubscribeUrl}}}">Unsubscribe</a></p>',
        },
      },
      config,
    );
    const mails = await Promise.all(sink.received.map((m) => simpleParser(m.raw)));
    const byTo = new Map(mails.map((m) => [m.to && 'text' in m.to ? m.to.text : '', m]));
    expect([...byTo.keys()].sort()).toEqual(['ada@example.com', 'bob@example.com']);
    const ada = byTo.get('ada@example.com')!;
    expect(ada.subject).toBe('Hi Ada, 1500 points');
    expect(ada.html).toContain('Hello <b>Ada</b>');
    expect(ada.text).toContain('Hello Ada');
    expect(ada.messageId).toBe(`<${planned.id}.${ids[0]}@shop.example.com>`);
    expect(ada.headers.get('dkim-signature')).toBeDefined();
    expect(sink.received.find((m) => m.rcptTo.includes('ada@example.com'))?.mailFrom).toBe(
      `bounces+${ids[0]!.replace(/-/g, '')}@shop.example.com`,
    );

    // Tracking: the offer link is a signed redirect to the personalised URL; a tampered one is refused.
    const offer = /href="(http:\/\/clarion\.test\/t\/c\/[^"]+)"/.exec(ada.html || '')?.[1];
    expect(offer).toBeDefined();
    const click = await t.app.inject({
      method: 'GET',
      url: offer!.replace('http://clarion.test', ''),
    });
    expect(click.statusCode).toBe(302);
    expect(click.headers.location).toBe('https://shop.example.com/offers?who=Ada');
    const tampered = offer!.replace('http://clarion.test', '').replace(/.(\.[^.]+)$/, 'x$1');
    expect((await t.app.inject({ method: 'GET', url: tampered })).statusCode).toBe(400);
    const pixel = /<img src="http:\/\/clarion\.test(\/t\/o\/[^"]+)"/.exec(ada.html || '')?.[1];
    const opened = await t.app.inject({ method: 'GET', url: pixel! });
    expect(opened.headers['content-type']).toBe('image/gif');
    const events = await t.database.pool.query<{
      kind: string;
      url: string | null;
      profile_id: string;
    }>('SELECT kind, url, profile_id FROM tracking_events WHERE execution_id = $1 ORDER BY id', [
      planned.id,
    ]);
    expect(events.rows).toEqual([
      { kind: 'click', url: 'https://shop.example.com/offers?who=Ada', profile_id: ids[0] },
      { kind: 'open', url: null, profile_id: ids[0] },
    ]);
    // RFC 8058 one-click: the header names the URL, a POST to it takes consent away.
    const rawAda = sink.received
      .find((m) => m.rcptTo.includes('ada@example.com'))!
      .raw.toString()
      .replace(/\r\n[ \t]+/g, ' ');
    const header = /^List-Unsubscribe: (.*)$/im.exec(rawAda)?.[1] ?? '';
    const oneClick = /<http:\/\/clarion\.test(\/t\/u\/[^>]+)>/.exec(header)?.[1];
    expect(header).toContain('<mailto:unsubscribe@shop.example.com>');
    expect(rawAda).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click\r?$/m);
    expect(ada.html).toContain(`href="http://clarion.test${oneClick}"`);
    const unsubscribed = await t.app.inject({
      method: 'POST',
      url: oneClick!,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'List-Unsubscribe=One-Click',
    });
    expect(unsubscribed.statusCode, unsubscribed.body).toBe(200);
    const consent = await t.database.pool.query<{ status: string; source: string }>(
      "SELECT status, source FROM profile_consent WHERE profile_id = $1 AND channel = 'email'",
      [ids[0]],
    );
    expect(consent.rows).toEqual([{ status: 'n', source: 'unsubscribe link' }]);

    const log = await t.database.pool.query<{
      profile_id: string;
      status: string;
      reason: string | null;
      error: string | null;
    }>('SELECT profile_id, status, reason, error FROM messages WHERE execution_id = $1', [
      planned.id,
    ]);
    const status = Object.fromEntries(log.rows.map((r) => [r.profile_id, [r.status, r.reason]]));
    expect(status[ids[0]!]).toEqual(['sent', null]);
    expect(status[ids[2]!]).toEqual(['failed', 'permanent']);
    expect(log.rows.find((r) => r.profile_id === ids[2])?.error).toContain('550');
  });

  it('sends SMS, rendered per recipient, to the local mailbox', async () => {
    const config = await activeConfiguration({
      name: 'Texts',
      channel: 'sms',
      category: 'marketing',
      settings: { senderNumber: 'Shop', retryPeriodMinutes: 360, provider: { kind: 'mailbox' } },
    });
    const planned = await send(
      {
        actionId: 'sms',
        content: {
          body: '{{profile.person.name.firstName}}: {%= upperCase(profile.person.name.firstName) %}',
        },
      },
      config,
    );
    const mailbox = await t.app.inject({
      method: 'GET',
      url: '/mailbox?channel=sms',
      headers: h,
    });
    expect(mailbox.statusCode, mailbox.body).toBe(200);
    const bodies = JSON.stringify(mailbox.json());
    expect(bodies).toContain('Ada: ADA');
    const summary = await t.app.inject({
      method: 'GET',
      url: `/executions/${planned.id}`,
      headers: h,
    });
    expect(summary.json()).toMatchObject({ status: 'completed' });
    expect(summary.json<{ byStatus: Record<string, number> }>().byStatus).toEqual({ sent: 3 });
    expect(bodies).toContain('Bob: BOB');
    expect(bodies).toContain('Gone: GONE');
  });

  it('sends to an uploaded audience’s snapshot with its columns as audience.<column>', async () => {
    const created = await t.app.inject({
      method: 'POST',
      url: '/audiences/uploads',
      headers: h,
      payload: { name: 'Coupon winners', namespace: 'email' },
    });
    const { audience, import: started } = created.json<{
      audience: { id: string };
      import: { id: string };
    }>();
    const loaded = await t.app.inject({
      method: 'PUT',
      url: `/audiences/${audience.id}/files/${started.id}`,
      headers: { ...h, 'content-type': 'text/csv' },
      payload: 'email,coupon\nada@example.com,BF-100\nbob@example.com,BF-200',
    });
    expect(loaded.statusCode, loaded.body).toBe(200);
    const snapshot = await t.app.inject({
      method: 'POST',
      url: `/audiences/${audience.id}/snapshots`,
      headers: h,
    });
    expect(snapshot.statusCode, snapshot.body).toBe(201);
    const snapshotId = snapshot.json<{ id: string }>().id;
    const config = await getConfiguration(
      channelsDb(t.database.db),
      sandboxId,
      (
        await t.database.pool.query<{ id: string }>(
          "SELECT id FROM channel_configurations WHERE name = 'Texts'",
        )
      ).rows[0]!.id,
    );
    const planned = await send(
      {
        actionId: 'coupon',
        source: { snapshotId },
        content: { body: '{{profile.person.name.firstName}}, your code: {{audience.coupon}}' },
      },
      config,
    );
    expect(planned.queued).toBe(2);
    const texts = await t.database.pool.query<{ preview: string }>(
      "SELECT preview FROM mailbox_messages WHERE channel = 'sms' ORDER BY created_at",
    );
    const bodies = JSON.stringify(texts.rows);
    expect(bodies).toContain('Ada, your code: BF-100');
    expect(bodies).toContain('Bob, your code: BF-200');
  });
});
