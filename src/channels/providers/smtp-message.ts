// Emails as SMTP sends them, composed and DKIM-signed directly: what every message of a
// configuration shares (sender headers, MIME part headers, the signing key parsed once) is made
// once, and per message only the recipient's values are encoded and signed. A MIME library builds
// a tree of nodes and streams for each message, which costs more than the rest of a send.
//
// The output is plain 7-bit text: headers with non-ASCII text as RFC 2047 encoded words, body
// parts as 7bit when they are ASCII with lines of at most 998 octets, else quoted-printable. Messages
// whose addresses are not ASCII (internationalised mailboxes) are composed by nodemailer instead,
// and signed the same way.
import { createHash, createPrivateKey, randomBytes, sign, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';
import MailComposer from 'nodemailer/lib/mail-composer';
import { encodeWord, encodeWords, foldLines, quoteString } from 'nodemailer/lib/mime-funcs';
import { encode as qpEncode, wrap as qpWrap } from 'nodemailer/lib/qp';
import type { Credentials, EmailSettings } from '../model.ts';
import { mailOptions } from './email-message.ts';
import type { MailAddress, OutgoingEmail } from './types.ts';

export interface ComposedEmail {
  envelope: { from: string; to: string[] };
  /** The message as it goes after DATA (before dot-stuffing), DKIM-signed when a key is set. */
  raw: Buffer;
}

export interface EmailComposer {
  compose(email: OutgoingEmail): Promise<ComposedEmail>;
}

/** Header fields signed when present: RFC 6376 §5.4.1, and both List-Unsubscribe fields (RFC 8058). */
const SIGNED_FIELDS = new Set([
  'from',
  'sender',
  'reply-to',
  'subject',
  'date',
  'message-id',
  'to',
  'cc',
  'mime-version',
  'content-type',
  'content-transfer-encoding',
  'list-id',
  'list-unsubscribe',
  'list-unsubscribe-post',
]);

/** Fields the composer writes itself; extra headers of these names are left out. */
const OWN_FIELDS = new Set([...SIGNED_FIELDS, 'bcc', 'dkim-signature']);

const HEADER_NAME = /^[!-9;-~]+$/;
/** Anything that is not ASCII (7bit also excludes NUL, checked apart). */
const NOT_ASCII = /\P{ASCII}/u;
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

interface DkimKey {
  domain: string;
  selector: string;
  key: KeyObject;
}

/** One header line, folded at 76 characters as nodemailer does. */
function headerLine(name: string, value: string): string {
  return foldLines(`${name}: ${value}`, 76);
}

/** Header text: non-ASCII words as encoded words, line breaks (header injection) as spaces. */
function text(value: string): string {
  return encodeWords(value.replace(/\r\n|\r|\n/g, ' '), 'Q', 52);
}

function displayName(name: string): string {
  const flat = name.replace(/\r\n|\r|\n/g, ' ');
  if (/^[\w ]*$/.test(flat)) return flat;
  return PRINTABLE_ASCII.test(flat) ? quoteString(flat) : encodeWord(flat, 'Q', 52);
}

function mailbox(a: MailAddress): string {
  return a.name ? `${displayName(a.name)} <${a.address}>` : a.address;
}

/** RFC 5322 date, as nodemailer writes it; the same string for a whole second. */
let dateSecond = -1;
let dateText = '';
function currentDate(): string {
  const now = Date.now();
  const second = Math.floor(now / 1000);
  if (second !== dateSecond) {
    dateSecond = second;
    dateText = new Date(second * 1000).toUTCString().replace(/GMT/, '+0000');
  }
  return dateText;
}

/** Whether a text with CRLF line ends has a line longer than SMTP allows (998 octets). */
function hasLongLine(crlf: string): boolean {
  for (let start = 0; ;) {
    const end = crlf.indexOf('\n', start);
    if ((end < 0 ? crlf.length - start : end - start - 1) > 998) return true;
    if (end < 0) return false;
    start = end + 1;
  }
}

/** A body part: CRLF line ends, 7bit when it can be, else quoted-printable. */
function encodeBody(content: string): { encoding: string; body: string } {
  const crlf = /\r(?!\n)|(?<!\r)\n/.test(content)
    ? content.replace(/\r\n|\r|\n/g, '\r\n')
    : content;
  if (!NOT_ASCII.test(crlf) && !crlf.includes('\0') && !hasLongLine(crlf))
    return { encoding: '7bit', body: crlf };
  return { encoding: 'quoted-printable', body: qpWrap(qpEncode(Buffer.from(crlf, 'utf8')), 76) };
}

/** DKIM relaxed body canonicalisation (RFC 6376 §3.4.4). */
function relaxedBody(body: string): string {
  const reduced = /[ \t][ \t\r]|\t|[ \t]$/.test(body)
    ? body
        .replace(/[ \t]+/g, ' ')
        .replace(/ \r\n/g, '\r\n')
        .replace(/ $/, '')
    : body;
  const trimmed = reduced.replace(/(\r\n)+$/, '');
  return trimmed.length === 0 ? '' : `${trimmed}\r\n`;
}

/** crypto.sign with a callback: the RSA operation runs on libuv's thread pool, off the event loop. */
const rsaSign = promisify(sign);

/**
 * Adds a DKIM-Signature (rsa-sha256, relaxed/relaxed) to a message given as a latin1 string
 * (one character per octet): the header fields of SIGNED_FIELDS present in it are signed, each
 * name once (the bottom-most instance, RFC 6376 §5.4.2). The RSA signature, most of a send's
 * CPU time, is made on the thread pool, so a worker's other cores can share it.
 */
export async function dkimSign(message: string, dkim: DkimKey): Promise<string> {
  const split = message.indexOf('\r\n\r\n');
  const headerBlock = split < 0 ? message : message.slice(0, split);
  const body = split < 0 ? '' : message.slice(split + 4);
  const bodyHash = createHash('sha256').update(relaxedBody(body), 'latin1').digest('base64');
  const canonical = new Map<string, string>();
  for (const field of headerBlock.split(/\r\n(?![ \t])/)) {
    const colon = field.indexOf(':');
    if (colon < 1) continue;
    const name = field.slice(0, colon).trim().toLowerCase();
    if (!SIGNED_FIELDS.has(name)) continue;
    const value = field
      .slice(colon + 1)
      .replace(/\r\n/g, '')
      .replace(/[ \t]+/g, ' ')
      .trim();
    canonical.set(name, `${name}:${value}\r\n`); // the last instance wins
  }
  const names = [...canonical.keys()];
  const tags = [
    'v=1',
    'a=rsa-sha256',
    'c=relaxed/relaxed',
    `d=${dkim.domain}`,
    'q=dns/txt',
    `s=${dkim.selector}`,
    `bh=${bodyHash}`,
    `h=${names.join(':')}`,
  ].join('; ');
  const head = `${foldLines(`DKIM-Signature: ${tags}`, 76)};\r\n b=`;
  const signedHead = `dkim-signature:${head
    .slice(head.indexOf(':') + 1)
    .replace(/\r\n/g, '')
    .replace(/[ \t]+/g, ' ')
    .trim()}`;
  let signed = '';
  for (const name of names) signed += canonical.get(name)!;
  const signature = (
    await rsaSign('sha256', Buffer.from(signed + signedHead, 'latin1'), dkim.key)
  ).toString('base64');
  return `${head}${signature.replace(/(^.{73}|.{75}(?!\r?\n|\r))/g, '$&\r\n ').trim()}\r\n${message}`;
}

/** The composer for one configuration: its DKIM key parsed once, its boundary chosen once. */
export function emailComposer(settings: EmailSettings, credentials: Credentials): EmailComposer {
  const dkim: DkimKey | undefined =
    settings.dkim && credentials.dkimPrivateKey
      ? {
          domain: settings.dkim.domain,
          selector: settings.dkim.selector,
          key: createPrivateKey(credentials.dkimPrivateKey),
        }
      : undefined;
  const boundary = `--_clarion_${randomBytes(12).toString('hex')}`;
  const mailboxes = new Map<string, string>();
  const cachedMailbox = (a: MailAddress): string => {
    const key = `${a.name ?? ''}\n${a.address}`;
    let line = mailboxes.get(key);
    if (line === undefined) {
      line = mailbox(a);
      if (mailboxes.size < 1000) mailboxes.set(key, line);
    }
    return line;
  };
  const signed = async (message: string): Promise<Buffer> =>
    Buffer.from(dkim ? await dkimSign(message, dkim) : message, 'latin1');

  return {
    async compose(email) {
      const archive = settings.bccArchive;
      const envelope = {
        from: email.envelopeFrom ?? email.from.address,
        to: archive ? [email.to.address, archive] : [email.to.address],
      };
      const addresses = [email.from.address, email.to.address, email.replyTo?.address ?? ''];
      if (!addresses.every((a) => PRINTABLE_ASCII.test(a))) {
        // Internationalised addresses: nodemailer knows how to write them.
        const built = await new MailComposer(mailOptions(email, settings)).compile().build();
        return { envelope, raw: await signed(built.toString('latin1')) };
      }
      const headers = [
        headerLine('From', cachedMailbox(email.from)),
        headerLine('To', mailbox(email.to)),
      ];
      if (email.replyTo) headers.push(headerLine('Reply-To', cachedMailbox(email.replyTo)));
      headers.push(
        headerLine('Subject', text(email.subject)),
        headerLine('Message-ID', email.messageId),
        `Date: ${currentDate()}`,
        'MIME-Version: 1.0',
      );
      const { url, mailto } = email.listUnsubscribe ?? {};
      const unsubscribe = [url, mailto && `mailto:${mailto}`].filter((t): t is string =>
        Boolean(t),
      );
      if (unsubscribe.length)
        headers.push(headerLine('List-Unsubscribe', unsubscribe.map((t) => `<${t}>`).join(', ')));
      // RFC 8058: only an HTTPS target can be one-click; the mailto alone is the classic form.
      if (url) headers.push('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
      for (const [name, value] of Object.entries(email.headers ?? {})) {
        if (!HEADER_NAME.test(name)) throw new Error(`invalid header name ${JSON.stringify(name)}`);
        if (OWN_FIELDS.has(name.toLowerCase())) continue;
        headers.push(headerLine(name, text(value)));
      }

      const parts = [
        { type: 'text/plain', content: email.text },
        { type: 'text/html', content: email.html },
      ].filter((p) => p.content);
      let message: string;
      if (parts.length <= 1) {
        const part = parts[0] ?? { type: 'text/plain', content: '' };
        const { encoding, body } = encodeBody(part.content);
        headers.push(
          `Content-Type: ${part.type}; charset=utf-8`,
          `Content-Transfer-Encoding: ${encoding}`,
        );
        message = `${headers.join('\r\n')}\r\n\r\n${body}`;
      } else {
        const encoded = parts.map((p) => ({ type: p.type, ...encodeBody(p.content) }));
        // A boundary must not occur in the parts; a random one practically never does.
        const mark = encoded.some((p) => p.body.includes(boundary))
          ? `--_clarion_${randomBytes(12).toString('hex')}`
          : boundary;
        headers.push(`Content-Type: multipart/alternative;\r\n boundary="${mark}"`);
        let body = '';
        for (const p of encoded)
          body += `--${mark}\r\nContent-Type: ${p.type}; charset=utf-8\r\nContent-Transfer-Encoding: ${p.encoding}\r\n\r\n${p.body}\r\n`;
        message = `${headers.join('\r\n')}\r\n\r\n${body}--${mark}--\r\n`;
      }
      return { envelope, raw: await signed(message) };
    },
  };
}
