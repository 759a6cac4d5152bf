// Bounces and feedback with real protocol peers on loopback: emails sent through the pipeline to
// an SMTP sink, reports composed as receiving servers write them and delivered over SMTP to the
// bounce listener, Twilio status callbacks signed as Twilio signs them, a Web Push service that
// answers 410 for a dead subscription.
import { createECDH, createHash } from 'node:crypto';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channelsDb } from '../../channels/db.ts';
import type { Configuration } from '../../channels/model.ts';
import { rsaKeyPair } from '../../channels/providers/testing/fixtures.ts';
import { startHttpPeer, type HttpPeer } from '../../channels/providers/testing/http-peer.ts';
import { startSmtpSink, type SmtpSink } from '../../channels/providers/testing/smtp-sink.ts';
import { newSubscriber } from '../../channels/providers/testing/webpush-decrypt.ts';
import { getConfiguration } from '../../channels/store.ts';
import { createTestApp, TEST_SECRET, type TestApp } from '../../http/testing.ts';
import type { Profile } from '../../profiles/model.ts';
import { deliveryWorker } from '../dispatch.ts';
import type { ExecutionRequest } from '../model.ts';
import { planExecution } from '../plan.ts';
import { executionSenders } from '../senders.ts';
import { startBounceListener, type BounceListener } from './listener.ts';
import { buildArf, buildDsn, deliver, returnedHeaders } from './testing/reports.ts';
import { twilioSignature } from './twilio.ts';

const BOUNCES = 'bounces@shop.example.com';
const PUSH_APP = 'https://shop.example.com';

let t: TestApp;
let h: Record<string, string>;
let sink: SmtpSink;
let peer: HttpPeer;
let listener: BounceListener;
let sandboxId: string;
let email: Configuration;
let sms: Configuration;
let push: Configuration;
const people = new Map<string, string>();

async function profile(name: string, identities: { namespace: string; value: string }[]) {
  const r = await t.app.inject({
    method: 'POST',
    url: '/profiles',
    headers: h,
    payload: { identities, consent: { email: 'y', sms: 'y', push: 'y' } },
  });
  expect(r.statusCode, r.body).toBe(201);
  people.set(name, r.json<Profile>().id);
  return r.json<Profile>().id;
}

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

const CONTENT = {
  email: { subject: 'Our news', format: 'html', body: '<p>Hello</p>' },
  sms: { body: 'Hello' },
  push: { title: 'Hello', body: 'News' },
};

/** Plans and sends one execution to these people; its id. */
async function send(config: Configuration, names: string[]): Promise<string> {
  const client = await t.database.pool.connect();
  const request: ExecutionRequest = {
    sandboxId,
    actionId: 'a1',
    channel: config.channel,
    category: 'marketing',
    configurationId: config.id,
    content: CONTENT[config.channel],
    source: { profileIds: names.map((n) => people.get(n)!) },
    startsAt: t.clock.now(),
    createdBy: 'test',
  };
  let planned;
  try {
    planned = await planExecution(client, request, config, t.clock.now());
  } finally {
    client.release();
  }
  const senderDeps = {
    pool: t.database.pool,
    db: t.database.db,
    clock: t.clock,
    secret: TEST_SECRET,
    publicUrl: 'http://clarion.test',
  };
  const worker = deliveryWorker({
    pool: t.database.pool,
    clock: t.clock,
    workerId: 'w1',
    senderFor: executionSenders(senderDeps),
  });
  await worker.drain();
  await worker.stop();
  return planned.id;
}

const token = (name: string) => people.get(name)!.replace(/-/g, '');
const verp = (name: string) => `bounces+${token(name)}@shop.example.com`;
const messageId = (executionId: string, name: string) =>
  `<${executionId}.${people.get(name)}@shop.example.com>`;

async function suppression(channel: string, address: string) {
  const found = await t.database.pool.query<{ category: string; reason: string }>(
    'SELECT category, reason FROM suppressions WHERE sandbox_id = $1 AND channel = $2 AND address = $3',
    [sandboxId, channel, address],
  );
  return found.rows[0];
}

async function message(executionId: string, name: string) {
  const found = await t.database.pool.query<{
    status: string;
    reason: string | null;
    error: string | null;
  }>(
    'SELECT status, reason, error FROM messages WHERE sandbox_id = $1 AND execution_id = $2 AND profile_id = $3',
    [sandboxId, executionId, people.get(name)],
  );
  return found.rows[0];
}

async function feedbackRows(address: string) {
  const found = await t.database.pool.query<{
    kind: string;
    source: string;
    execution_id: string | null;
    recipient_key: string | null;
    profile_id: string | null;
    status_code: string | null;
    diagnostic: string;
  }>(
    'SELECT kind, source, execution_id, recipient_key, profile_id, status_code, diagnostic FROM delivery_feedback WHERE sandbox_id = $1 AND address = $2 ORDER BY id',
    [sandboxId, address],
  );
  return found.rows;
}

function softDsn(executionId: string, name: string, address: string) {
  return buildDsn({
    to: verp(name),
    recipient: address,
    action: 'failed',
    status: '4.2.2',
    diagnostic: `452 4.2.2 <${address}>: Mailbox full`,
    returned: returnedHeaders({ to: address, messageId: messageId(executionId, name) }),
  });
}

beforeAll(async () => {
  t = await createTestApp();
  h = await t.keyHeaders('campaignAdministrator');
  sandboxId = (
    await t.database.pool.query<{ id: string }>("SELECT id FROM sandboxes WHERE name = 'prod'")
  ).rows[0]!.id;
  sink = await startSmtpSink((address) =>
    address.startsWith('gone@') ? [550, '5.1.1 <gone@example.com>: no such user'] : undefined,
  );
  // Twilio's Messages API (an SM sid per number) and a Web Push service.
  peer = await startHttpPeer((request) => {
    if (request.path.startsWith('/push/gone')) return { status: 410 };
    if (request.path.startsWith('/push/')) return { status: 201 };
    const to = new URLSearchParams(request.body.toString()).get('To') ?? '';
    return {
      status: 201,
      json: { sid: 'SM' + createHash('md5').update(to).digest('hex'), status: 'queued' },
    };
  });
  listener = await startBounceListener(
    {
      pool: t.database.pool,
      db: t.database.db,
      clock: t.clock,
      log: pino({ level: 'silent' }),
    },
    { port: 0, host: '127.0.0.1' },
  );
  for (const name of ['hard', 'full', 'four', 'spam', 'gone', 'delayed'])
    await profile(name, [{ namespace: 'email', value: `${name}@example.com` }]);
  await profile('dead', [{ namespace: 'phone', value: '+442079460005' }]);
  await profile('fine', [{ namespace: 'phone', value: '+442079460006' }]);
  const pushed = await profile('device', [{ namespace: 'crmId', value: 'device-1' }]);
  const registered = await t.app.inject({
    method: 'POST',
    url: `/profiles/${pushed}/push-tokens`,
    headers: h,
    payload: {
      platform: 'web',
      appId: PUSH_APP,
      token: `${peer.url}/push/gone/1`,
      webKeys: newSubscriber().keys,
    },
  });
  expect(registered.statusCode, registered.body).toBe(201);

  const keys = rsaKeyPair();
  email = await activeConfiguration({
    name: 'Newsletter',
    channel: 'email',
    category: 'marketing',
    settings: {
      senderName: 'Shop',
      senderAddress: 'news@shop.example.com',
      bounceAddress: BOUNCES,
      listUnsubscribe: { oneClick: false, mailto: 'unsubscribe@shop.example.com' },
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
  sms = await activeConfiguration({
    name: 'Texts',
    channel: 'sms',
    category: 'marketing',
    settings: {
      senderNumber: '+442079460000',
      retryPeriodMinutes: 360,
      provider: { kind: 'twilio', baseUrl: peer.url, accountSid: 'AC1' },
    },
    credentials: { authToken: 'twilio-auth-token' },
  });
  const vapid = createECDH('prime256v1');
  vapid.generateKeys();
  push = await activeConfiguration({
    name: 'Pushes',
    channel: 'push',
    category: 'marketing',
    settings: {
      platform: 'web',
      appId: PUSH_APP,
      retryPeriodMinutes: 360,
      web: {
        subject: 'mailto:push@shop.example.com',
        publicKey: vapid.getPublicKey().toString('base64url'),
      },
    },
    credentials: { vapidPrivateKey: vapid.getPrivateKey().toString('base64url') },
  });
});

afterAll(async () => {
  await listener?.close();
  await sink?.close();
  await peer?.close();
  await t?.close();
});

describe('the bounce listener', () => {
  it('a DSN for a hard bounce suppresses the address and fails the message', async () => {
    const executionId = await send(email, ['hard']);
    expect((await message(executionId, 'hard'))?.status).toBe('sent');
    const sent = sink.received.find((m) => m.rcptTo.includes('hard@example.com'))!;
    expect(sent.mailFrom).toBe(verp('hard'));

    await deliver(
      listener.port,
      sent.mailFrom,
      await buildDsn({
        to: sent.mailFrom,
        recipient: 'hard@example.com',
        action: 'failed',
        status: '5.1.1',
        diagnostic: '550 5.1.1 <hard@example.com>: Recipient address rejected: User unknown',
        returned: returnedHeaders({
          to: 'hard@example.com',
          messageId: messageId(executionId, 'hard'),
          returnPath: sent.mailFrom,
        }),
      }),
    );

    expect(await suppression('email', 'hard@example.com')).toEqual({
      category: 'hardBounce',
      reason: '5.1.1 550 5.1.1 <hard@example.com>: Recipient address rejected: User unknown',
    });
    expect(await feedbackRows('hard@example.com')).toEqual([
      {
        kind: 'hard',
        source: 'dsn',
        execution_id: executionId,
        recipient_key: people.get('hard'),
        profile_id: people.get('hard'),
        status_code: '5.1.1',
        diagnostic: '550 5.1.1 <hard@example.com>: Recipient address rejected: User unknown',
      },
    ]);
    expect(await message(executionId, 'hard')).toMatchObject({
      status: 'failed',
      reason: 'hardBounce',
    });
    // The suppression list shows it, and the next send excludes the address.
    const listed = await t.app.inject({
      method: 'GET',
      url: '/suppressions?category=hardBounce',
      headers: h,
    });
    expect(listed.json<{ items: { address: string }[] }>().items.map((s) => s.address)).toContain(
      'hard@example.com',
    );
    const again = await send(email, ['hard']);
    expect(await message(again, 'hard')).toMatchObject({
      status: 'excluded',
      reason: 'Suppressed',
    });
  });

  it('five soft bounces suppress at threshold 5; four do not, and a repeated report counts once', async () => {
    const executions: string[] = [];
    for (let i = 0; i < 5; i++) executions.push(await send(email, ['full', 'four']));
    for (const [i, executionId] of executions.entries()) {
      await deliver(
        listener.port,
        verp('full'),
        await softDsn(executionId, 'full', 'full@example.com'),
      );
      if (i < 4) {
        await deliver(
          listener.port,
          verp('four'),
          await softDsn(executionId, 'four', 'four@example.com'),
        );
        expect(await suppression('email', 'full@example.com')).toBeUndefined();
      }
    }
    // The first message's report arrives twice: still four messages.
    await deliver(
      listener.port,
      verp('four'),
      await softDsn(executions[0]!, 'four', 'four@example.com'),
    );
    expect(await suppression('email', 'full@example.com')).toMatchObject({
      category: 'softBounce',
    });
    expect((await suppression('email', 'full@example.com'))?.reason).toMatch(/^5 soft bounces/);
    expect(await suppression('email', 'four@example.com')).toBeUndefined();
    expect((await feedbackRows('four@example.com')).map((r) => r.kind)).toEqual(
      Array(5).fill('soft'),
    );
    expect(await message(executions[0]!, 'four')).toMatchObject({
      status: 'failed',
      reason: 'softBounce',
    });
  });

  it('an ARF abuse report to the plain bounce address suppresses as a spam complaint', async () => {
    const executionId = await send(email, ['spam']);
    await deliver(
      listener.port,
      BOUNCES,
      await buildArf({
        to: BOUNCES,
        feedbackType: 'abuse',
        originalMailFrom: verp('spam'),
        returned: returnedHeaders({
          to: 'spam@example.com',
          messageId: messageId(executionId, 'spam'),
        }),
      }),
    );
    expect(await suppression('email', 'spam@example.com')).toMatchObject({
      category: 'spamComplaint',
    });
    expect((await feedbackRows('spam@example.com')).map((r) => [r.kind, r.source])).toEqual([
      ['complaint', 'arf'],
    ]);
    expect((await message(executionId, 'spam'))?.status).toBe('delivered');
  });

  it('a delayed notice is recorded and changes nothing', async () => {
    const executionId = await send(email, ['delayed']);
    await deliver(
      listener.port,
      verp('delayed'),
      await buildDsn({
        to: verp('delayed'),
        recipient: 'delayed@example.com',
        action: 'delayed',
        status: '4.4.1',
        diagnostic: '421 4.4.1 Connection timed out',
      }),
    );
    expect((await feedbackRows('delayed@example.com')).map((r) => r.kind)).toEqual(['ignored']);
    expect((await message(executionId, 'delayed'))?.status).toBe('sent');
    expect(await suppression('email', 'delayed@example.com')).toBeUndefined();
  });

  it('accepts and ignores a DSN for an unknown VERP token; refuses other addresses', async () => {
    const before = await t.database.pool.query('SELECT count(*)::int AS n FROM delivery_feedback');
    const unknown = `bounces+${'f'.repeat(32)}@shop.example.com`;
    await deliver(
      listener.port,
      unknown,
      await buildDsn({
        to: unknown,
        recipient: 'nobody@example.com',
        action: 'failed',
        status: '5.1.1',
        diagnostic: '550 5.1.1 no such user',
      }),
    );
    const after = await t.database.pool.query('SELECT count(*)::int AS n FROM delivery_feedback');
    expect(after.rows[0]).toEqual(before.rows[0]);
    expect(await suppression('email', 'nobody@example.com')).toBeUndefined();
    await expect(
      deliver(listener.port, 'postmaster@elsewhere.example', Buffer.from('Subject: x\r\n\r\nx')),
    ).rejects.toThrow(/550/);
  });

  it('a recipient refused at send time is suppressed as a hard bounce', async () => {
    const executionId = await send(email, ['gone']);
    expect(await message(executionId, 'gone')).toMatchObject({
      status: 'failed',
      reason: 'permanent',
    });
    expect(await suppression('email', 'gone@example.com')).toMatchObject({
      category: 'hardBounce',
    });
    expect((await feedbackRows('gone@example.com')).map((r) => [r.kind, r.source])).toEqual([
      ['hard', 'send'],
    ]);
  });
});

describe('Twilio status callbacks', () => {
  const callback = (
    configurationId: string,
    params: Record<string, string>,
    signature?: string,
  ) => {
    const body = new URLSearchParams(params).toString();
    const url = `/webhooks/twilio/${configurationId}`;
    return t.app.inject({
      method: 'POST',
      url,
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-twilio-signature':
          signature ??
          twilioSignature(
            'twilio-auth-token',
            `http://clarion.test${url}`,
            new URLSearchParams(params),
          ),
      },
      payload: body,
    });
  };
  const sid = (phone: string) => 'SM' + createHash('md5').update(phone).digest('hex');

  it('refuses a wrong signature with 401; a permanent error fails the message and suppresses', async () => {
    const executionId = await send(sms, ['dead', 'fine']);
    expect((await message(executionId, 'dead'))?.status).toBe('sent');
    // Each SMS asks Twilio to report to the configuration's callback.
    const asked = peer.requests
      .filter((r) => r.path.endsWith('/Messages.json'))
      .map((r) => new URLSearchParams(r.body.toString()).get('StatusCallback'));
    expect(asked).toEqual([
      `http://clarion.test/webhooks/twilio/${sms.id}`,
      `http://clarion.test/webhooks/twilio/${sms.id}`,
    ]);
    const failed = {
      AccountSid: 'AC1',
      MessageSid: sid('+442079460005'),
      MessageStatus: 'undelivered',
      ErrorCode: '30005',
      To: '+442079460005',
      From: '+442079460000',
    };
    const forged = await callback(sms.id, failed, 'bm90IGEgc2lnbmF0dXJl');
    expect(forged.statusCode).toBe(401);
    const tampered = await callback(
      sms.id,
      { ...failed, To: '+442079460006' },
      twilioSignature(
        'twilio-auth-token',
        `http://clarion.test/webhooks/twilio/${sms.id}`,
        new URLSearchParams(failed),
      ),
    );
    expect(tampered.statusCode).toBe(401);
    expect((await message(executionId, 'dead'))?.status).toBe('sent');
    expect(await suppression('sms', '+442079460005')).toBeUndefined();

    const signed = await callback(sms.id, failed);
    expect(signed.statusCode, signed.body).toBe(204);
    expect(await message(executionId, 'dead')).toMatchObject({
      status: 'failed',
      reason: 'hardBounce',
    });
    expect(await suppression('sms', '+442079460005')).toMatchObject({ category: 'hardBounce' });
    expect(
      (await feedbackRows('+442079460005')).map((r) => [r.kind, r.source, r.status_code]),
    ).toEqual([['hard', 'callback', '30005']]);

    const delivered = await callback(sms.id, {
      AccountSid: 'AC1',
      MessageSid: sid('+442079460006'),
      MessageStatus: 'delivered',
      To: '+442079460006',
    });
    expect(delivered.statusCode).toBe(204);
    expect((await message(executionId, 'fine'))?.status).toBe('delivered');
  });

  it('answers 401 for a configuration it does not know or without an auth token', async () => {
    expect((await callback('00000000-0000-4000-8000-000000000000', { A: '1' })).statusCode).toBe(
      401,
    );
    expect((await callback(email.id, { A: '1' })).statusCode).toBe(401);
    expect((await callback('not-an-id', { A: '1' })).statusCode).toBe(401);
  });
});

describe('push', () => {
  it('a token the platform calls dead is deactivated', async () => {
    const executionId = await send(push, ['device']);
    expect(await message(executionId, 'device')).toMatchObject({ status: 'failed' });
    const tokens = await t.database.pool.query<{
      active: boolean;
      deactivated_reason: string | null;
    }>(
      'SELECT active, deactivated_reason FROM push_tokens WHERE sandbox_id = $1 AND profile_id = $2',
      [sandboxId, people.get('device')],
    );
    expect(tokens.rows.map((r) => r.active)).toEqual([false]);
    expect(tokens.rows[0]?.deactivated_reason).toContain('410');
    const rows = await feedbackRows(`${peer.url}/push/gone/1`);
    expect(rows.map((r) => [r.kind, r.source])).toEqual([['hard', 'send']]);
    // Nothing is suppressed for push; the next send finds no token.
    expect(await suppression('push', `${peer.url}/push/gone/1`)).toBeUndefined();
    const again = await send(push, ['device']);
    expect(await message(again, 'device')).toMatchObject({
      status: 'excluded',
      reason: 'PushNoTokenFoundInProfile',
    });
  });
});
