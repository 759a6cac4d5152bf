import { createECDH, generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, TEST_SECRET, type TestApp } from '../http/testing.ts';
import { channelsDb } from './db.ts';
import type { Configuration } from './model.ts';
import { openCredentials } from './secrets.ts';
import { openConfiguration } from './store.ts';

let t: TestApp;
let h: Record<string, string>;
beforeAll(async () => {
  t = await createTestApp();
  h = await t.keyHeaders('campaignAdministrator');
});
afterAll(async () => t.close());

const pem = (type: 'rsa' | 'ec' | 'ed25519', bits = 2048) =>
  (type === 'rsa'
    ? generateKeyPairSync('rsa', { modulusLength: bits })
    : type === 'ec'
      ? generateKeyPairSync('ec', { namedCurve: 'prime256v1' })
      : generateKeyPairSync('ed25519')
  ).privateKey
    .export({ type: 'pkcs8', format: 'pem' })
    .toString();

const emailSettings = (overrides: object = {}) => ({
  senderName: 'Clarion Shop',
  senderAddress: 'news@shop.example.com',
  bounceAddress: 'bounces@shop.example.com',
  listUnsubscribe: { oneClick: true },
  urlParameters: [{ name: 'utm_source', value: 'clarion' }],
  retryPeriodMinutes: 5040,
  softBounceThreshold: 5,
  sendToSpamComplainers: false,
  seedList: [],
  dkim: { domain: 'example.com', selector: 's1' },
  provider: { kind: 'smtp', host: '127.0.0.1', port: 2525, security: 'none', username: 'shop' },
  ...overrides,
});

async function create(body: object): Promise<Configuration> {
  const r = await t.app.inject({
    method: 'POST',
    url: '/channel-configurations',
    headers: h,
    payload: body,
  });
  expect(r.statusCode, r.body).toBe(201);
  return r.json<Configuration>();
}
const activate = (id: string) =>
  t.app.inject({ method: 'POST', url: `/channel-configurations/${id}/activate`, headers: h });
const paths = (r: { json: () => unknown }) =>
  (r.json() as { details: { path: string }[] }).details.map((d) => d.path).sort();

describe('email configurations', () => {
  it('keeps credentials encrypted, never returns them, and opens them only for sending', async () => {
    const password = 'smtp-pass-Zq81';
    const created = await create({
      name: 'Marketing email',
      channel: 'email',
      category: 'marketing',
      settings: emailSettings(),
      credentials: { smtpPassword: password, dkimPrivateKey: pem('rsa') },
    });
    expect(created).toMatchObject({
      status: 'draft',
      credentialsSet: ['dkimPrivateKey', 'smtpPassword'],
    });
    const read = await t.app.inject({
      method: 'GET',
      url: `/channel-configurations/${created.id}`,
      headers: h,
    });
    expect(read.body).not.toContain(password);
    expect(read.body).not.toContain('PRIVATE KEY');
    const stored = await t.database.pool.query<{ credentials: Buffer; sandbox_id: string }>(
      'SELECT credentials, sandbox_id FROM channel_configurations WHERE id = $1',
      [created.id],
    );
    const row = stored.rows[0]!;
    expect(row.credentials.includes(Buffer.from(password))).toBe(false);
    // Bound to its row: the same ciphertext does not open as another configuration's.
    expect(() =>
      openCredentials(TEST_SECRET, `${row.sandbox_id}/${crypto.randomUUID()}`, row.credentials),
    ).toThrow();
    expect(() =>
      openCredentials(
        'another-secret-0123456789abcdefghijklmnop',
        `${row.sandbox_id}/${created.id}`,
        row.credentials,
      ),
    ).toThrow();

    const active = await activate(created.id);
    expect(active.statusCode, active.body).toBe(200);
    expect(active.json()).toMatchObject({ status: 'active' });
    const opened = await openConfiguration(
      channelsDb(t.database.db),
      TEST_SECRET,
      row.sandbox_id,
      created.id,
    );
    expect(opened.credentials.smtpPassword).toBe(password);
  });

  it('lists every reason a configuration cannot send, with its field', async () => {
    const created = await create({
      name: 'Broken email',
      channel: 'email',
      category: 'marketing',
      settings: emailSettings({
        retryPeriodMinutes: 60,
        sendToSpamComplainers: true,
        bounceAddress: undefined,
        listUnsubscribe: { oneClick: false },
        dkim: { domain: 'other.org', selector: 's1' },
      }),
      credentials: { dkimPrivateKey: 'not a key' },
    });
    const refused = await activate(created.id);
    expect(refused.statusCode).toBe(400);
    expect(refused.json()).toMatchObject({ code: 'CHANNEL_CONFIG_INVALID' });
    expect(paths(refused)).toEqual([
      '/credentials/dkimPrivateKey',
      '/credentials/smtpPassword',
      '/settings/bounceAddress',
      '/settings/dkim/domain',
      '/settings/listUnsubscribe',
      '/settings/retryPeriodMinutes',
      '/settings/sendToSpamComplainers',
    ]);
    const noDkim = await create({
      name: 'No DKIM',
      channel: 'email',
      category: 'transactional',
      settings: emailSettings({
        dkim: undefined,
        provider: { kind: 'http', url: 'http://127.0.0.1:9/send' },
      }),
      credentials: { apiKey: 'k' },
    });
    const missing = await activate(noDkim.id);
    expect(missing.statusCode).toBe(400);
    expect(missing.json()).toMatchObject({
      details: [
        { path: '/settings/dkim', message: 'the sender domain shop.example.com needs a DKIM key' },
      ],
    });
  });

  it('refuses a change that would stop an active configuration, writing nothing', async () => {
    const created = await create({
      name: 'Receipts',
      channel: 'email',
      category: 'transactional',
      settings: emailSettings({
        retryPeriodMinutes: 10,
        provider: { kind: 'mailbox' },
        dkim: undefined,
      }),
    });
    expect((await activate(created.id)).statusCode).toBe(200);
    const change = await t.app.inject({
      method: 'PUT',
      url: `/channel-configurations/${created.id}`,
      headers: h,
      payload: {
        name: 'Receipts',
        channel: 'email',
        category: 'marketing', // marketing needs ≥ 6 h of retries
        settings: emailSettings({
          retryPeriodMinutes: 10,
          provider: { kind: 'mailbox' },
          dkim: undefined,
        }),
      },
    });
    expect(change.statusCode).toBe(400);
    expect(paths(change)).toEqual(['/settings/retryPeriodMinutes']);
    const after = await t.app.inject({
      method: 'GET',
      url: `/channel-configurations/${created.id}`,
      headers: h,
    });
    expect(after.json()).toMatchObject({ version: 1, category: 'transactional', status: 'active' });

    const channel = await t.app.inject({
      method: 'PUT',
      url: `/channel-configurations/${created.id}`,
      headers: h,
      payload: {
        name: 'Receipts',
        channel: 'sms',
        category: 'transactional',
        settings: {
          senderNumber: '+15550100',
          retryPeriodMinutes: 10,
          provider: { kind: 'mailbox' },
        },
      },
    });
    expect(channel.statusCode).toBe(400);
    expect(paths(channel)).toEqual(['/channel']);
  });

  it('moves through its statuses only as allowed', async () => {
    const created = await create({
      name: 'Lifecycle',
      channel: 'email',
      category: 'transactional',
      settings: emailSettings({ retryPeriodMinutes: 10, provider: { kind: 'mailbox' } }),
    });
    const post = (action: string) =>
      t.app.inject({
        method: 'POST',
        url: `/channel-configurations/${created.id}/${action}`,
        headers: h,
      });
    const del = () =>
      t.app.inject({ method: 'DELETE', url: `/channel-configurations/${created.id}`, headers: h });
    expect((await post('deactivate')).statusCode).toBe(409);
    expect((await post('activate')).statusCode).toBe(200);
    expect((await post('activate')).statusCode).toBe(409);
    expect((await del()).statusCode).toBe(409);
    expect((await post('deactivate')).json()).toMatchObject({ status: 'deactivated' });
    expect((await del()).statusCode).toBe(409);
    expect((await post('activate')).json()).toMatchObject({ status: 'active' });
    const clash = await t.app.inject({
      method: 'POST',
      url: '/channel-configurations',
      headers: h,
      payload: {
        name: 'Lifecycle',
        channel: 'email',
        category: 'transactional',
        settings: emailSettings(),
      },
    });
    expect(clash.statusCode).toBe(409);
    expect(paths(clash)).toEqual(['/name']);
    const audit = await t.database.pool.query<{ action: string }>(
      'SELECT action FROM audit_log WHERE entity_id = $1 ORDER BY at, id',
      [created.id],
    );
    expect(audit.rows.map((r) => r.action)).toEqual([
      'channelConfiguration.create',
      'channelConfiguration.activate',
      'channelConfiguration.deactivate',
      'channelConfiguration.activate',
    ]);
  });
});

describe('SMS and push configurations', () => {
  it('checks the SMS provider account and the sender', async () => {
    const bad = await t.app.inject({
      method: 'POST',
      url: '/channel-configurations',
      headers: h,
      payload: {
        name: 'SMS',
        channel: 'sms',
        category: 'marketing',
        settings: {
          senderNumber: 'ClarionShopLtd',
          retryPeriodMinutes: 360,
          provider: { kind: 'mailbox' },
        },
      },
    });
    expect(bad.statusCode).toBe(400);
    expect(paths(bad)).toContain('/settings/senderNumber');
    const twilio = await create({
      name: 'SMS',
      channel: 'sms',
      category: 'marketing',
      settings: {
        senderNumber: 'Clarion',
        retryPeriodMinutes: 360,
        provider: { kind: 'twilio', baseUrl: 'http://127.0.0.1:9', accountSid: 'AC123' },
      },
    });
    const refused = await activate(twilio.id);
    expect(paths(refused)).toEqual(['/credentials/authToken']);
  });

  it('parses push credentials for every platform', async () => {
    const push = (name: string, settings: object, credentials: object) =>
      create({
        name,
        channel: 'push',
        category: 'marketing',
        settings: { retryPeriodMinutes: 360, ...settings },
        credentials,
      });
    const apns = { teamId: 'ABCDE12345', keyId: 'KEY1234567' };
    const goodApns = await push(
      'APNs',
      { platform: 'apns', appId: 'com.shop.app', apns },
      { apnsPrivateKey: pem('ec') },
    );
    expect((await activate(goodApns.id)).statusCode).toBe(200);
    const rsaApns = await push(
      'APNs RSA',
      { platform: 'apnsSandbox', appId: 'com.shop.app', apns },
      { apnsPrivateKey: pem('rsa') },
    );
    expect(paths(await activate(rsaApns.id))).toEqual(['/credentials/apnsPrivateKey']);

    const account = JSON.stringify({
      type: 'service_account',
      project_id: 'shop-app',
      client_email: 'push@shop-app.iam.gserviceaccount.com',
      private_key: pem('rsa'),
    });
    const fcm = await push(
      'FCM',
      { platform: 'fcm', appId: 'com.shop.app' },
      { fcmServiceAccount: account },
    );
    expect((await activate(fcm.id)).statusCode).toBe(200);
    const brokenFcm = await push(
      'FCM broken',
      { platform: 'fcm', appId: 'com.shop.app' },
      { fcmServiceAccount: '{"project_id":"x"}' },
    );
    expect((await activate(brokenFcm.id)).json()).toMatchObject({
      details: [{ path: '/credentials/fcmServiceAccount', message: 'has no client_email' }],
    });

    const vapid = createECDH('prime256v1');
    vapid.generateKeys();
    const web = {
      subject: 'mailto:push@shop.example.com',
      publicKey: vapid.getPublicKey().toString('base64url'),
    };
    const goodWeb = await push(
      'Web',
      { platform: 'web', appId: 'shop-web', web },
      { vapidPrivateKey: vapid.getPrivateKey().toString('base64url') },
    );
    expect((await activate(goodWeb.id)).statusCode).toBe(200);
    const other = createECDH('prime256v1');
    other.generateKeys();
    const mismatched = await push(
      'Web mismatch',
      { platform: 'web', appId: 'shop-web', web },
      { vapidPrivateKey: other.getPrivateKey().toString('base64url') },
    );
    expect(paths(await activate(mismatched.id))).toEqual(['/settings/web/publicKey']);

    // About one key in 250 starts with a zero byte, which Node's ECDH leaves out.
    let short = createECDH('prime256v1');
    for (short.generateKeys(); short.getPrivateKey().length === 32; short.generateKeys())
      short = createECDH('prime256v1');
    const shortKey = await push(
      'Web short key',
      {
        platform: 'web',
        appId: 'shop-web',
        web: { ...web, publicKey: short.getPublicKey().toString('base64url') },
      },
      { vapidPrivateKey: short.getPrivateKey().toString('base64url') },
    );
    expect((await activate(shortKey.id)).statusCode).toBe(200);

    const list = await t.app.inject({
      method: 'GET',
      url: '/channel-configurations?channel=push&status=active',
      headers: h,
    });
    expect(list.json<{ items: Configuration[] }>().items.map((c) => c.name)).toEqual([
      'APNs',
      'FCM',
      'Web',
      'Web short key',
    ]);
  });
});
