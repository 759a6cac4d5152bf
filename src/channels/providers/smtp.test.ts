import { createServer, type AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { authenticate } from 'mailauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmailSettings } from '../model.ts';
import { createSmtpProvider } from './smtp.ts';
import { emailSettings, outgoingEmail, rsaKeyPair } from './testing/fixtures.ts';
import { startSmtpSink, type SmtpSink } from './testing/smtp-sink.ts';

const dkimKey = rsaKeyPair();
let sink: SmtpSink;
beforeAll(async () => {
  sink = await startSmtpSink((address) => {
    if (address.startsWith('later@')) return [451, '4.3.0 Try again later'];
    if (address.startsWith('nobody@')) return [550, '5.1.1 No such user'];
    if (address.startsWith('full@')) return [552, '5.2.2 Mailbox full'];
    return undefined;
  });
});
afterAll(async () => sink.close());

const smtpSettings = (port: number, maxConnections = 2): EmailSettings =>
  emailSettings({
    bccArchive: 'archive@shop.example.com',
    provider: { kind: 'smtp', host: '127.0.0.1', port, security: 'none', maxConnections },
  });

function provider(settings: EmailSettings) {
  if (settings.provider.kind !== 'smtp') throw new Error('smtp settings expected');
  return createSmtpProvider(settings, settings.provider, { dkimPrivateKey: dkimKey.privatePem });
}

/** The unfolded value of a header as written in the message. */
function header(parsed: ParsedMail, name: string): string | undefined {
  const line = parsed.headerLines.find((h) => h.key === name.toLowerCase())?.line;
  return line
    ?.slice(line.indexOf(':') + 1)
    .replace(/\r?\n[ \t]+/g, ' ')
    .trim();
}

describe('SMTP provider', () => {
  it('delivers a DKIM-signed message with its headers, both parts, a VERP sender and an archive copy', async () => {
    const smtp = provider(smtpSettings(sink.port));
    const email = outgoingEmail();
    const before = sink.received.length;
    const result = await smtp.send(email);
    await smtp.close();
    expect(result).toEqual({ status: 'sent', providerId: email.messageId });

    const mail = sink.received.slice(before);
    expect(mail).toHaveLength(1);
    expect(mail[0]!.mailFrom).toBe('bounces+exec-1.profile-1@shop.example.com');
    expect(mail[0]!.rcptTo.sort()).toEqual(['ada@example.org', 'archive@shop.example.com']);

    const parsed = await simpleParser(mail[0]!.raw);
    expect(parsed.messageId).toBe('<exec-1.profile-1@shop.example.com>');
    expect(header(parsed, 'from')).toBe('Clarion Shop <news@shop.example.com>');
    expect(header(parsed, 'to')).toBe('Ada Lovelace <ada@example.org>');
    expect(header(parsed, 'reply-to')).toBe('help@shop.example.com');
    expect(parsed.subject).toBe('Winter sale — 20% off');
    expect(header(parsed, 'x-campaign-id')).toBe('c-42');
    expect(header(parsed, 'list-unsubscribe')).toBe(
      '<https://shop.example.com/u/abc123>, <mailto:unsubscribe@shop.example.com>',
    );
    expect(header(parsed, 'list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
    expect(header(parsed, 'bcc')).toBeUndefined();
    expect(parsed.html).toContain('Hello <b>Ada</b>, the sale is on.');
    expect(parsed.text?.trim()).toBe('Hello Ada, the sale is on.');

    const txt = `v=DKIM1; k=rsa; p=${dkimKey.publicDer.toString('base64')}`;
    const auth = await authenticate(mail[0]!.raw, {
      ip: '127.0.0.1',
      helo: 'localhost',
      sender: mail[0]!.mailFrom,
      mta: 'mx.example.org',
      resolver: async (name: string, type: string) => {
        if (type === 'TXT' && name === 's2026._domainkey.shop.example.com') return [[txt]];
        throw Object.assign(new Error(`no ${type} for ${name}`), { code: 'ENOTFOUND' });
      },
    });
    const signature = auth.dkim.results[0];
    expect(signature?.status.result).toBe('pass');
    expect(signature?.signingDomain).toBe('shop.example.com');
    // RFC 8058: the signature must cover both List-Unsubscribe headers.
    const signed = header(parsed, 'dkim-signature')
      ?.match(/(?:^|;)\s*h=([^;]+)/)?.[1]
      ?.replace(/\s/g, '');
    expect(signed?.toLowerCase().split(':')).toEqual(
      expect.arrayContaining(['list-unsubscribe', 'list-unsubscribe-post']),
    );
  });

  it('leaves out List-Unsubscribe-Post when there is no one-click URL', async () => {
    const smtp = provider(smtpSettings(sink.port));
    const before = sink.received.length;
    await smtp.send(outgoingEmail({ listUnsubscribe: { mailto: 'unsubscribe@shop.example.com' } }));
    await smtp.close();
    const parsed = await simpleParser(sink.received[before]!.raw);
    expect(header(parsed, 'list-unsubscribe')).toBe('<mailto:unsubscribe@shop.example.com>');
    expect(header(parsed, 'list-unsubscribe-post')).toBeUndefined();
  });

  it('classifies refusals: 451 transient, 550 permanent, 552 5.2.2 (mailbox full) transient', async () => {
    const smtp = provider(smtpSettings(sink.port));
    const to = (address: string) => outgoingEmail({ to: { address } });
    expect(await smtp.send(to('later@example.org'))).toMatchObject({
      status: 'failed',
      kind: 'transient',
      code: '451 4.3.0',
    });
    expect(await smtp.send(to('nobody@example.org'))).toMatchObject({
      status: 'failed',
      kind: 'permanent',
      code: '550 5.1.1',
      reason: expect.stringContaining('No such user') as unknown,
    });
    expect(await smtp.send(to('full@example.org'))).toMatchObject({
      status: 'failed',
      kind: 'transient',
      code: '552 5.2.2',
    });
    await smtp.close();

    // Without an archive copy the server refuses the whole envelope; same classification.
    const alone = emailSettings({
      provider: { kind: 'smtp', host: '127.0.0.1', port: sink.port, security: 'none' },
    });
    const direct = provider(alone);
    expect(await direct.send(to('nobody@example.org'))).toMatchObject({
      kind: 'permanent',
      code: '550 5.1.1',
    });
    await direct.close();
  });

  it('a refused connection is a transient failure', async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as AddressInfo).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const smtp = provider(smtpSettings(port));
    expect(await smtp.send(outgoingEmail())).toMatchObject({
      status: 'failed',
      kind: 'transient',
      code: 'ECONNREFUSED',
    });
    await smtp.close();
  });

  it('reuses pooled connections: 20 messages travel over at most maxConnections', async () => {
    const smtp = provider(smtpSettings(sink.port, 3));
    const connectionsBefore = sink.connections;
    const before = sink.received.length;
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        smtp.send(outgoingEmail({ messageId: `<exec-2.p${i}@shop.example.com>` })),
      ),
    );
    await smtp.close();
    expect(results.every((r) => r.status === 'sent')).toBe(true);
    expect(sink.received.length - before).toBe(20);
    expect(sink.connections - connectionsBefore).toBeLessThanOrEqual(3);
  });
});
