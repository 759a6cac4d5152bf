import { simpleParser } from 'mailparser';
import { authenticate } from 'mailauth';
import { describe, expect, it } from 'vitest';
import type { EmailSettings } from '../model.ts';
import { emailComposer } from './smtp-message.ts';
import { emailSettings, outgoingEmail, rsaKeyPair } from './testing/fixtures.ts';
import type { OutgoingEmail } from './types.ts';

const key = rsaKeyPair();
const settings = emailSettings();

async function dkimResult(raw: Buffer, selector = 's2026') {
  const txt = `v=DKIM1; k=rsa; p=${key.publicDer.toString('base64')}`;
  const auth = await authenticate(raw, {
    ip: '127.0.0.1',
    helo: 'localhost',
    sender: 'bounces@shop.example.com',
    mta: 'mx.example.org',
    resolver: async (name: string, type: string) => {
      if (type === 'TXT' && name === `${selector}._domainkey.shop.example.com`) return [[txt]];
      throw Object.assign(new Error(`no ${type} for ${name}`), { code: 'ENOTFOUND' });
    },
  });
  return auth.dkim.results[0]?.status.result;
}

async function compose(email: Partial<OutgoingEmail>, config: EmailSettings = settings) {
  const composed = await emailComposer(config, { dkimPrivateKey: key.privatePem }).compose(
    outgoingEmail(email),
  );
  return { ...composed, parsed: await simpleParser(composed.raw) };
}

describe('composing and signing an email for SMTP', () => {
  it('writes every header and both parts, signed so that a verifier passes it', async () => {
    const { raw, envelope, parsed } = await compose({});
    expect(envelope).toEqual({
      from: 'bounces+exec-1.profile-1@shop.example.com',
      to: ['ada@example.org'],
    });
    expect(parsed.messageId).toBe('<exec-1.profile-1@shop.example.com>');
    expect(parsed.from?.value).toEqual([
      { name: 'Clarion Shop', address: 'news@shop.example.com' },
    ]);
    expect(parsed.to).toMatchObject({
      value: [{ name: 'Ada Lovelace', address: 'ada@example.org' }],
    });
    expect(parsed.subject).toBe('Winter sale — 20% off');
    expect(parsed.date).toBeInstanceOf(Date);
    expect(parsed.headers.get('x-campaign-id')).toBe('c-42');
    expect(parsed.html).toBe('<p>Hello <b>Ada</b>, the sale is on.</p>');
    expect(parsed.text).toBe('Hello Ada, the sale is on.');
    expect(raw.toString('latin1')).toMatch(
      /^DKIM-Signature: v=1; a=rsa-sha256; c=relaxed\/relaxed;/,
    );
    expect(await dkimResult(raw)).toBe('pass');
  });

  it('keeps text that needs encoding intact and signed: names, long lines, dots, spaces', async () => {
    const longLine = `<p>${'word '.repeat(400)}</p>`;
    const html = [
      '<p>Grüße, Zoë — “quoted”</p>',
      longLine,
      '.a line that starts with a dot',
      'trailing spaces   ',
      'tabs\tand  double  spaces',
      '',
      '',
    ].join('\n');
    const { raw, parsed } = await compose({
      from: { name: 'Müller & Söhne, "Shop"', address: 'news@shop.example.com' },
      to: { name: 'O’Brien, Seán', address: 'sean@example.org' },
      subject: `Ein sehr langer Betreff mit Umlauten: ${'äöü '.repeat(30)}`.trim(),
      html,
      text: 'Plain\r\n.dot\rold mac line\nand unix',
      headers: { 'X-Note': 'Grüße\r\nInjected: no' },
    });
    expect(parsed.from?.value[0]?.name).toBe('Müller & Söhne, "Shop"');
    expect(parsed.to).toMatchObject({ value: [{ name: 'O’Brien, Seán' }] });
    expect(parsed.subject).toBe(
      `Ein sehr langer Betreff mit Umlauten: ${'äöü '.repeat(30)}`.trim(),
    );
    // On the wire every line ends in CRLF; the parser hands them back as LF.
    expect(parsed.html).toBe(html);
    expect(parsed.text).toBe('Plain\n.dot\nold mac line\nand unix');
    // Extra headers: non-ASCII as encoded words, line breaks flattened (no header injection).
    expect(parsed.headerLines.find((h) => h.key === 'x-note')?.line).toBe(
      'X-Note: =?UTF-8?Q?Gr=C3=BC=C3=9Fe?= Injected: no',
    );
    expect(parsed.headers.has('injected')).toBe(false);
    // Only 7-bit on the wire, every line within SMTP's limit.
    const wire = raw.toString('latin1');
    expect(/\P{ASCII}/u.test(wire)).toBe(false);
    expect(Math.max(...wire.split('\r\n').map((line) => line.length))).toBeLessThanOrEqual(998);
    expect(await dkimResult(raw)).toBe('pass');
  });

  it('sends a single part when there is no text or no HTML', async () => {
    const htmlOnly = await compose({ text: '' });
    expect(htmlOnly.parsed.html).toBe('<p>Hello <b>Ada</b>, the sale is on.</p>');
    expect(htmlOnly.raw.toString('latin1')).not.toContain('multipart/alternative');
    expect(await dkimResult(htmlOnly.raw)).toBe('pass');
    const textOnly = await compose({ html: '' });
    expect(textOnly.parsed.text).toBe('Hello Ada, the sale is on.');
    expect(textOnly.parsed.html).toBe(false);
    expect(await dkimResult(textOnly.raw)).toBe('pass');
  });

  it('signs both List-Unsubscribe headers, and leaves out one-click without a URL', async () => {
    const line = (parsed: Awaited<ReturnType<typeof compose>>['parsed'], name: string) =>
      parsed.headerLines.find((h) => h.key === name)?.line;
    const oneClick = await compose({});
    expect(line(oneClick.parsed, 'list-unsubscribe')).toBe(
      'List-Unsubscribe: <https://shop.example.com/u/abc123>,\r\n <mailto:unsubscribe@shop.example.com>',
    );
    expect(line(oneClick.parsed, 'list-unsubscribe-post')).toBe(
      'List-Unsubscribe-Post: List-Unsubscribe=One-Click',
    );
    const signed = /\bh=([^;]+)/.exec(
      oneClick.raw.toString('latin1').replace(/\r\n[ \t]+/g, ' '),
    )?.[1];
    expect(signed?.replace(/\s/g, '').split(':')).toEqual(
      expect.arrayContaining(['list-unsubscribe', 'list-unsubscribe-post', 'from', 'subject']),
    );
    const mailtoOnly = await compose({
      listUnsubscribe: { mailto: 'unsubscribe@shop.example.com' },
    });
    expect(line(mailtoOnly.parsed, 'list-unsubscribe')).toBe(
      'List-Unsubscribe: <mailto:unsubscribe@shop.example.com>',
    );
    expect(line(mailtoOnly.parsed, 'list-unsubscribe-post')).toBeUndefined();
  });

  it('puts the archive copy in the envelope only, and leaves a message unsigned without a key', async () => {
    const config = emailSettings({ bccArchive: 'archive@shop.example.com', dkim: undefined });
    const { raw, envelope, parsed } = await compose({}, config);
    expect(envelope.to).toEqual(['ada@example.org', 'archive@shop.example.com']);
    expect(parsed.headers.has('bcc')).toBe(false);
    expect(raw.toString('latin1')).not.toContain('DKIM-Signature');
  });

  it('refuses header names that would break the header block', async () => {
    await expect(compose({ headers: { 'Bad: name': 'x' } })).rejects.toThrow(/header name/);
  });

  it('composes internationalised addresses with nodemailer and signs them the same way', async () => {
    const { raw, parsed, envelope } = await compose({
      to: { name: 'Ada', address: 'ada@bücher.example' },
    });
    expect(envelope.to).toEqual(['ada@bücher.example']);
    expect(parsed.to).toMatchObject({ value: [{ name: 'Ada' }] });
    expect(parsed.subject).toBe('Winter sale — 20% off');
    expect(await dkimResult(raw)).toBe('pass');
  });
});
