// The mailbox SMTP sink with real peers on loopback: a Clarion SMTP configuration and plain
// nodemailer clients deliver to it over SMTP; what they sent is read back through the HTTP API.
import { createTransport } from 'nodemailer';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, TestClock, type TestApp } from '../../http/testing.ts';
import { findSandboxByName } from '../../platform/sandboxes.ts';
import type { Configuration } from '../model.ts';
import { createProviders, type ChannelProvider } from '../providers/factory.ts';
import { emailSettings, outgoingEmail, rsaKeyPair } from '../providers/testing/fixtures.ts';
import type { MailboxMessage, MailboxMessageSummary } from './model.ts';
import { MAILBOX_SMTP_MAX_BYTES, startMailboxSmtpSink, type MailboxSmtpSink } from './smtp-sink.ts';

type List = { items: MailboxMessageSummary[]; nextCursor: string | null };

let t: TestApp;
let sink: MailboxSmtpSink;
let prod: Record<string, string>;
let staging: Record<string, string>;
const clock = new TestClock();

beforeAll(async () => {
  t = await createTestApp({ clock });
  const created = await t.app.inject({
    method: 'POST',
    url: '/sandboxes',
    headers: await t.adminHeaders(),
    payload: { name: 'staging', title: 'Staging' },
  });
  expect(created.statusCode, created.body).toBe(201);
  prod = await t.keyHeaders('campaignViewer');
  staging = await t.keyHeaders('campaignViewer', 'staging');
  const log = pino({ level: 'silent' });
  sink = await startMailboxSmtpSink({ db: t.database.db, clock, log }, { port: 0 });
});
afterAll(async () => {
  await sink.close();
  await t.close();
});

async function get<T>(url: string, headers: Record<string, string>): Promise<T> {
  const response = await t.app.inject({ method: 'GET', url, headers });
  expect(response.statusCode, response.body).toBe(200);
  return response.json<T>();
}
const newest = async (headers: Record<string, string>) =>
  (await get<List>('/mailbox?limit=500', headers)).items;
const headerMap = (message: MailboxMessage) =>
  new Map(message.email!.headers.map((h) => [h.name.toLowerCase(), h.value]));

/** A plain SMTP client for the sink; signs in as `user` when given. */
function client(user?: string) {
  return createTransport({
    host: '127.0.0.1',
    port: sink.port,
    secure: false,
    ignoreTLS: true,
    ...(user ? { auth: { user, pass: 'anything' } } : {}),
  });
}

describe('mailbox SMTP sink', () => {
  it('keeps what an SMTP configuration sends, in the sandbox named by its SMTP username', async () => {
    const configuration: Configuration = {
      id: crypto.randomUUID(),
      name: 'Local SMTP',
      description: '',
      category: 'marketing',
      status: 'active',
      credentialsSet: ['smtpPassword', 'dkimPrivateKey'],
      version: 1,
      createdBy: 'test',
      createdAt: '2026-11-27T09:00:00.000Z',
      updatedAt: '2026-11-27T09:00:00.000Z',
      activatedAt: '2026-11-27T09:00:00.000Z',
      channel: 'email',
      settings: emailSettings({
        bccArchive: 'archive@shop.example.com',
        provider: {
          kind: 'smtp',
          host: '127.0.0.1',
          port: sink.port,
          security: 'none',
          username: 'staging',
        },
      }),
    };
    const sandboxId = (await findSandboxByName(t.db, 'staging'))!.id;
    const smtp = createProviders(
      {
        configuration,
        credentials: { smtpPassword: 'secret', dkimPrivateKey: rsaKeyPair().privatePem },
      },
      { sandboxId, db: t.database.db, clock },
    ) as Extract<ChannelProvider, { channel: 'email' }>;
    const result = await smtp.provider.send(outgoingEmail());
    await smtp.provider.close();
    expect(result).toEqual({ status: 'sent', providerId: '<exec-1.profile-1@shop.example.com>' });

    // One copy per envelope recipient, as a receiving server hands out; none in `prod`.
    const items = await newest(staging);
    expect(items.map((m) => m.recipient).sort()).toEqual([
      'ada@example.org',
      'archive@shop.example.com',
    ]);
    expect(items[0]).toMatchObject({
      channel: 'email',
      source: 'smtp',
      configurationId: null,
      messageId: '<exec-1.profile-1@shop.example.com>',
      subject: 'Winter sale — 20% off',
      preview: 'Hello Ada, the sale is on.',
    });
    expect((await newest(prod)).some((m) => m.source === 'smtp')).toBe(false);

    const ada = items.find((m) => m.recipient === 'ada@example.org')!;
    const message = await get<MailboxMessage>(`/mailbox/${ada.id}`, staging);
    const headers = headerMap(message);
    expect(headers.get('from')).toBe('Clarion Shop <news@shop.example.com>');
    expect(headers.get('to')).toBe('Ada Lovelace <ada@example.org>');
    expect(headers.get('x-campaign-id')).toBe('c-42');
    expect(headers.get('dkim-signature')).toMatch(/d=shop\.example\.com; .*s=s2026/);
    expect(message.email).toMatchObject({
      envelopeFrom: 'bounces+exec-1.profile-1@shop.example.com',
      parseError: null,
    });
    expect(message.email!.html).toContain('Hello <b>Ada</b>');
    expect(message.email!.text?.trim()).toBe('Hello Ada, the sale is on.');
    const raw = await t.app.inject({
      method: 'GET',
      url: `/mailbox/${ada.id}/raw`,
      headers: staging,
    });
    expect(raw.headers['content-type']).toBe('message/rfc822');
    expect(raw.body).toMatch(/^DKIM-Signature: /);
    expect(raw.rawPayload.length).toBe(message.email!.size);
  });

  it('keeps mail without sign-in in `prod` and refuses a username that names no sandbox', async () => {
    clock.advance(1000);
    const info = await client().sendMail({
      from: 'Tester <tester@app.example.com>',
      to: 'Bob <bob@example.org>',
      subject: 'Password reset',
      text: 'Your code is 4711.',
      html: '<p>Your code is <strong>4711</strong>.</p>',
      headers: { 'X-Trace': 'abc' },
    });
    expect(info.response).toMatch(/^250 .*Kept in the mailbox as /);
    const [item] = await newest(prod);
    expect(item).toMatchObject({ recipient: 'bob@example.org', subject: 'Password reset' });
    const message = await get<MailboxMessage>(`/mailbox/${item!.id}`, prod);
    expect(headerMap(message).get('x-trace')).toBe('abc');
    expect(message.email).toMatchObject({
      html: '<p>Your code is <strong>4711</strong>.</p>',
      text: 'Your code is 4711.',
      envelopeFrom: 'tester@app.example.com',
    });
    expect((await get<List>('/mailbox?q=password%20reset', prod)).items).toHaveLength(1);

    await expect(
      client('nowhere').sendMail({ from: 'a@b.example', to: 'c@d.example', text: 'x' }),
    ).rejects.toMatchObject({ responseCode: 535 });
  });

  it('refuses a message over 10 MB with 552 and keeps nothing of it', async () => {
    clock.advance(1000);
    const before = (await newest(prod)).length;
    const attempt = client().sendMail({
      from: 'a@app.example.com',
      to: 'big@example.org',
      subject: 'Too big',
      text: 'x'.repeat(MAILBOX_SMTP_MAX_BYTES + 1024),
    });
    // Refused once the data went over: nodemailer does not announce the size beforehand.
    await expect(attempt).rejects.toMatchObject({ responseCode: 552, command: 'DATA' });
    expect(await newest(prod)).toHaveLength(before);
    await client().sendMail({ from: 'a@app.example.com', to: 'big@example.org', text: 'small' });
    expect(await newest(prod)).toHaveLength(before + 1);
  });

  it('keeps malformed MIME as it came, with the parser’s reason, and still answers for it', async () => {
    const envelope = { from: 'odd@app.example.com', to: ['odd@example.org'] };
    // No header block at all, binary bytes: parsed leniently into an empty message.
    const garbage = Buffer.from([0x00, 0x01, 0xfe, 0xff, 0x0d, 0x0a, 0x80, 0x81, 0x0d, 0x0a]);
    // A header block larger than the parser takes (1 MB): not parsed at all.
    const endless = Buffer.from('X-Filler: y\r\n'.repeat(90_000) + '\r\nbody\r\n');
    for (const raw of [garbage, endless]) {
      clock.advance(1000);
      const info = await client().sendMail({ envelope, raw });
      expect(info.accepted).toEqual(['odd@example.org']);
    }
    const [unparsed, lenient] = (await get<List>('/mailbox?recipient=odd@example.org', prod)).items;

    const first = await get<MailboxMessage>(`/mailbox/${lenient!.id}`, prod);
    expect(first).toMatchObject({ source: 'smtp', subject: '' });
    expect(first.email).toMatchObject({ parseError: null, size: garbage.length });
    const second = await get<MailboxMessage>(`/mailbox/${unparsed!.id}`, prod);
    expect(second).toMatchObject({ source: 'smtp', subject: '', preview: '' });
    expect(second.email).toMatchObject({
      headers: [],
      html: null,
      text: null,
      size: endless.length,
      envelopeFrom: 'odd@app.example.com',
      parseError: expect.stringMatching(/header size/i) as unknown,
    });
    for (const [item, raw] of [
      [lenient!, garbage],
      [unparsed!, endless],
    ] as const) {
      const stored = await t.app.inject({
        method: 'GET',
        url: `/mailbox/${item.id}/raw`,
        headers: prod,
      });
      expect(Buffer.compare(stored.rawPayload, raw)).toBe(0);
    }
  });
});
