// What a tracked email links to, delivered over SMTP to a real server on loopback: the mirror page
// (the email as the recipient received it, whatever changes later), click tracking in the
// plain-text part as in the HTML, and what erasing the recipient leaves of it all.
import { createHash } from 'node:crypto';
import { simpleParser, type ParsedMail } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channelsDb } from '../channels/db.ts';
import type { Configuration } from '../channels/model.ts';
import { rsaKeyPair } from '../channels/providers/testing/fixtures.ts';
import { startSmtpSink, type SmtpSink } from '../channels/providers/testing/smtp-sink.ts';
import { getConfiguration } from '../channels/store.ts';
import { createTestApp, TEST_SECRET, type TestApp } from '../http/testing.ts';
import type { Profile } from '../profiles/model.ts';
import { deliveryWorker } from './dispatch.ts';
import { planExecution } from './plan.ts';
import { executionSenders } from './senders.ts';
import { signClaim, verifyClaim } from './tracking/tokens.ts';

let t: TestApp;
let h: Record<string, string>;
let sink: SmtpSink;
let sandboxId: string;
let config: Configuration;
let ada: string;

const upsertAda = async (firstName: string) => {
  const r = await t.app.inject({
    method: 'POST',
    url: '/profiles',
    headers: h,
    payload: {
      identities: [{ namespace: 'email', value: 'ada@example.com' }],
      attributes: { person: { name: { firstName } } },
    },
  });
  expect(r.statusCode, r.body).toBeLessThan(300);
  return r.json<Profile>().id;
};

beforeAll(async () => {
  t = await createTestApp();
  h = await t.keyHeaders('campaignAdministrator');
  sink = await startSmtpSink();
  sandboxId = (
    await t.database.pool.query<{ id: string }>("SELECT id FROM sandboxes WHERE name = 'prod'")
  ).rows[0]!.id;
  ada = await upsertAda('Ada');
  const created = await t.app.inject({
    method: 'POST',
    url: '/channel-configurations',
    headers: h,
    payload: {
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
        provider: { kind: 'smtp', host: '127.0.0.1', port: sink.port, security: 'none' },
      },
      credentials: { dkimPrivateKey: rsaKeyPair().privatePem },
    },
  });
  const id = created.json<Configuration>().id;
  const activated = await t.app.inject({
    method: 'POST',
    url: `/channel-configurations/${id}/activate`,
    headers: h,
  });
  expect(activated.statusCode, activated.body).toBe(200);
  config = await getConfiguration(channelsDb(t.database.db), sandboxId, id);
});
afterAll(async () => {
  await sink.close();
  await t.close();
});

/** Sends `content` to Ada; the email as her mail client parses it. */
async function sendToAda(content: object): Promise<{ executionId: string; mail: ParsedMail }> {
  const client = await t.database.pool.connect();
  const planned = await planExecution(
    client,
    {
      sandboxId,
      actionId: 'receipt',
      channel: 'email',
      category: 'transactional',
      configurationId: config.id,
      content,
      source: { profileIds: [ada] },
      startsAt: t.clock.now(),
      createdBy: 'test',
    },
    config,
    t.clock.now(),
  );
  client.release();
  const senders = executionSenders({
    pool: t.database.pool,
    db: t.database.db,
    clock: t.clock,
    secret: TEST_SECRET,
    publicUrl: 'http://clarion.test',
  });
  const worker = deliveryWorker({
    pool: t.database.pool,
    clock: t.clock,
    workerId: 'w',
    senderFor: senders,
  });
  const before = sink.received.length;
  await worker.drain();
  await worker.stop();
  expect(sink.received.length).toBe(before + 1);
  return { executionId: planned.id, mail: await simpleParser(sink.received.at(-1)!.raw) };
}

const local = (url: string) => url.replace('http://clarion.test', '');

describe('the mirror page', () => {
  it('shows the email as Ada received it, and refuses a changed link', async () => {
    const { executionId, mail } = await sendToAda({
      subject: 'Your order',
      format: 'html',
      body: '<p>Hi {{profile.person.name.firstName}}</p><p><a href="{{mirrorPageUrl}}">View online</a> · <a href="https://shop.example.com/sale">Sale</a></p>',
    });
    const html = mail.html || '';
    const mirror = /href="(http:\/\/clarion\.test\/t\/m\/[^"]+)"/.exec(html)?.[1];
    expect(mirror).toBeDefined();
    expect(verifyClaim(TEST_SECRET, mirror!.split('/t/m/')[1]!)).toEqual({
      kind: 'mirror',
      sandboxId,
      executionId,
      recipientKey: ada,
      actionId: 'receipt',
    });
    // Her data changes after the send; the page still shows what she was sent.
    await upsertAda('Adele');
    const page = await t.app.inject({ method: 'GET', url: local(mirror!) });
    expect(page.statusCode, page.body).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.headers['content-security-policy']).toMatch(/^sandbox /);
    expect(page.body).toBe(html);
    expect(page.body).toContain('Hi Ada');
    expect(page.body).toMatch(/href="http:\/\/clarion\.test\/t\/c\/[^"]+">Sale</);
    await upsertAda('Ada');

    const tampered = local(mirror!).replace(/.(\.[^.]+)$/, 'x$1');
    expect((await t.app.inject({ method: 'GET', url: tampered })).statusCode).toBe(400);
    // A valid token of another kind is no mirror link either.
    const click = /href="http:\/\/clarion\.test\/t\/c\/([^"]+)"/.exec(html)?.[1];
    expect((await t.app.inject({ method: 'GET', url: `/t/m/${click}` })).statusCode).toBe(400);
  });

  it('is kept only for emails that link to it', async () => {
    const { executionId } = await sendToAda({
      subject: 'No mirror',
      format: 'html',
      body: '<p>Hi {{profile.person.name.firstName}}</p>',
    });
    const kept = await t.database.pool.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM message_mirrors WHERE execution_id = $1',
      [executionId],
    );
    expect(kept.rows[0]?.n).toBe(0);
    const token = signClaim(TEST_SECRET, {
      kind: 'mirror',
      sandboxId,
      executionId,
      recipientKey: ada,
      actionId: 'receipt',
    });
    const page = await t.app.inject({ method: 'GET', url: `/t/m/${token}` });
    expect(page.statusCode).toBe(404);
    expect(page.body).toContain('not available');
  });
});

describe('click tracking in the plain-text part', () => {
  const clicksIn = (text: string) =>
    [...text.matchAll(/http:\/\/clarion\.test\/t\/c\/([\w-]+\.[\w-]+)/g)].map((m) => m[1]!);

  it('rewrites the text part’s links like the HTML ones, and a click is recorded', async () => {
    const { executionId, mail } = await sendToAda({
      subject: 'Offers',
      format: 'html',
      body: '<p>Hi {{profile.person.name.firstName}}</p><p><a href="https://shop.example.com/offers?who={{profile.person.name.firstName}}&amp;n=1">Offers</a></p><p><a href="https://shop.example.com/new">https://shop.example.com/new</a> · <a href="{{mirrorPageUrl}}">View online</a></p>',
    });
    const text = mail.text || '';
    expect(text).toContain('Hi Ada');
    expect(text).not.toContain('https://shop.example.com/');
    const tokens = clicksIn(text);
    expect(tokens.map((token) => verifyClaim(TEST_SECRET, token))).toEqual([
      {
        kind: 'click',
        sandboxId,
        executionId,
        recipientKey: ada,
        actionId: 'receipt',
        link: 0,
        url: 'https://shop.example.com/offers?who=Ada&n=1',
      },
      {
        kind: 'click',
        sandboxId,
        executionId,
        recipientKey: ada,
        actionId: 'receipt',
        link: 1,
        url: 'https://shop.example.com/new',
      },
    ]);
    // The same links as in the HTML part; the mirror page link stays as it is in both.
    expect(clicksIn(mail.html || '')).toEqual(tokens);
    expect(text).toMatch(/http:\/\/clarion\.test\/t\/m\//);

    const click = await t.app.inject({ method: 'GET', url: `/t/c/${tokens[0]}` });
    expect(click.statusCode).toBe(302);
    expect(click.headers.location).toBe('https://shop.example.com/offers?who=Ada&n=1');
    const events = await t.database.pool.query<{ kind: string; link_index: number }>(
      'SELECT kind, link_index FROM tracking_events WHERE execution_id = $1',
      [executionId],
    );
    expect(events.rows).toEqual([{ kind: 'click', link_index: 0 }]);
  });

  it('tracks a written text part’s copies of the HTML links, and leaves other URLs', async () => {
    const { mail } = await sendToAda({
      subject: 'Written text',
      format: 'html',
      body: '<p><a href="https://shop.example.com/sale">Sale</a></p>',
      text: 'The sale: https://shop.example.com/sale. Our blog: https://blog.example.com/',
    });
    const text = mail.text || '';
    expect(text).toMatch(
      /^The sale: http:\/\/clarion\.test\/t\/c\/[\w-]+\.[\w-]+\. Our blog: https:\/\/blog\.example\.com\/\s*$/,
    );
    const [token] = clicksIn(text);
    const click = await t.app.inject({ method: 'GET', url: `/t/c/${token}` });
    expect(click.headers.location).toBe('https://shop.example.com/sale');
  });
});

describe('erasure', () => {
  it('keeps the message history but unlinks it from Ada, and removes her mirror pages', async () => {
    const { executionId, mail } = await sendToAda({
      subject: 'Before you go',
      format: 'html',
      body: '<p>{{profile.person.name.firstName}}</p><a href="{{mirrorPageUrl}}">Online</a> <a href="https://shop.example.com/">Shop</a>',
    });
    const [mirror, click] = ['m', 'c'].map((kind) =>
      local(
        new RegExp(`href="(http://clarion\\.test/t/${kind}/[^"]+)"`).exec(mail.html || '')![1]!,
      ),
    );
    await t.app.inject({ method: 'GET', url: click!, headers: { 'user-agent': 'Ada phone' } });
    // A DSN matched by address only, quoting it.
    await t.database.pool.query(
      `INSERT INTO delivery_feedback (sandbox_id, channel, source, kind, address, diagnostic, received_at)
       VALUES ($1, 'email', 'dsn', 'soft', 'ada@example.com', '452 ada@example.com mailbox full', now())`,
      [sandboxId],
    );
    // An API call's message keyed by the identity it named.
    await t.database.pool.query(
      `INSERT INTO messages (sandbox_id, execution_id, recipient_key, action_id, profile_id, address, status, created_at, updated_at)
       VALUES ($1, $2, 'ada@example.com', 'api', $3, 'ada@example.com', 'sent', now(), now())`,
      [sandboxId, executionId, ada],
    );
    const erased = await t.app.inject({ method: 'DELETE', url: `/profiles/${ada}`, headers: h });
    expect(erased.statusCode, erased.body).toBe(204);

    const rows = async (q: string) =>
      (await t.database.pool.query<Record<string, unknown>>(q, [executionId])).rows;
    expect(
      await rows(
        'SELECT recipient_key, status, address, profile_id, render_data FROM messages WHERE execution_id = $1 ORDER BY action_id',
      ),
    ).toEqual(
      [`erased:${createHash('md5').update('ada@example.com').digest('hex')}`, ada].map((key) => ({
        ...{ recipient_key: key, status: 'sent' },
        ...{ address: null, profile_id: null, render_data: null },
      })),
    );
    const events =
      'SELECT kind, profile_id, user_agent FROM tracking_events WHERE execution_id = $1';
    expect(await rows(events)).toEqual([{ kind: 'click', profile_id: null, user_agent: null }]);
    expect(await rows('SELECT 1 FROM message_mirrors WHERE execution_id = $1')).toEqual([]);
    expect((await t.app.inject({ method: 'GET', url: mirror! })).statusCode).toBe(404);
    const feedback = await t.database.pool.query(
      `SELECT address, diagnostic FROM delivery_feedback WHERE sandbox_id = $1 AND source = 'dsn'`,
      [sandboxId],
    );
    expect(feedback.rows).toEqual([{ address: 'erased', diagnostic: '' }]);
  });
});
