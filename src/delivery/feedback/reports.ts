// Reading what arrives at the bounce address: RFC 3464 delivery status notifications
// (multipart/report; report-type=delivery-status) and RFC 5965 abuse feedback reports
// (report-type=feedback-report), with the headers of the message they are about.
import { simpleParser } from 'mailparser';

export interface DsnRecipientBlock {
  /** Final-Recipient, without its address type (`rfc822;`). */
  finalRecipient: string | undefined;
  originalRecipient: string | undefined;
  action: string;
  /** The Status field's enhanced code (`5.1.1`), as written. */
  status: string | undefined;
  /** Diagnostic-Code without its type (`smtp;`): usually the remote server's reply. */
  diagnostic: string;
}

export type InboundReport =
  | {
      type: 'dsn';
      recipients: DsnRecipientBlock[];
      original: OriginalMessage;
    }
  | {
      type: 'arf';
      feedbackType: string | undefined;
      /** Original-Mail-From: our envelope sender, i.e. the VERP address. */
      originalMailFrom: string | undefined;
      originalRcptTo: string[];
      original: OriginalMessage;
    }
  | { type: 'other' };

/** What the report tells of the message it is about. */
export interface OriginalMessage {
  /** `<…>` from the returned headers, or an Original-Message-ID field. */
  messageId: string | undefined;
  /** Return-Path of the returned headers (our VERP address when the receiver kept it). */
  returnPath: string | undefined;
}

type Fields = Map<string, string[]>;

/**
 * Header-style field groups (RFC 822 syntax, as DSN and ARF bodies are written): continuation
 * lines are unfolded, groups are separated by blank lines, names are lower-cased.
 */
export function parseFieldGroups(text: string): Fields[] {
  const groups: Fields[] = [];
  let current: Fields | undefined;
  let last: { name: string; index: number } | undefined;
  for (const line of text.replace(/\r\n?/g, '\n').split('\n')) {
    if (line.trim() === '') {
      current = undefined;
      last = undefined;
      continue;
    }
    if (/^[ \t]/.test(line) && current && last) {
      const values = current.get(last.name)!;
      values[last.index] += ' ' + line.trim();
      continue;
    }
    const colon = line.indexOf(':');
    if (colon < 1) continue;
    if (!current) {
      current = new Map();
      groups.push(current);
    }
    const name = line.slice(0, colon).trim().toLowerCase();
    const values = current.get(name) ?? [];
    values.push(line.slice(colon + 1).trim());
    current.set(name, values);
    last = { name, index: values.length - 1 };
  }
  return groups;
}

const first = (fields: Fields | undefined, name: string) => fields?.get(name)?.[0];

/** `rfc822; a@b` → `a@b` (also without the type, and without angle brackets). */
export function typedAddress(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const semi = value.indexOf(';');
  const bare = (semi >= 0 ? value.slice(semi + 1) : value).trim().replace(/^<|>$/g, '');
  return bare || undefined;
}

/** `smtp; 550 5.1.1 …` → `550 5.1.1 …`. */
function diagnosticText(value: string | undefined): string {
  if (!value) return '';
  const typed = /^\s*[A-Za-z-]+\s*;\s*/.exec(value);
  return (typed ? value.slice(typed[0].length) : value).trim();
}

function messageIdIn(value: string | undefined): string | undefined {
  const found = value ? /<[^<>\s]+>/.exec(value) : null;
  if (found) return found[0];
  const bare = value?.trim();
  return bare && /^[^<>\s]+@[^<>\s]+$/.test(bare) ? `<${bare}>` : undefined;
}

/** The header block of a returned message (or of a text/rfc822-headers part). */
function originalFrom(headerText: string | undefined, extra: Fields | undefined): OriginalMessage {
  const headers = headerText
    ? parseFieldGroups(headerText.replace(/\r\n?/g, '\n').split('\n\n')[0] ?? '')[0]
    : undefined;
  return {
    messageId:
      messageIdIn(first(headers, 'message-id')) ??
      messageIdIn(first(extra, 'original-message-id')) ??
      messageIdIn(first(extra, 'x-original-message-id')),
    returnPath: typedAddress(first(headers, 'return-path')),
  };
}

const STATUS_TYPES = new Set(['message/delivery-status', 'message/global-delivery-status']);
const FEEDBACK_TYPES = new Set(['message/feedback-report']);
const RETURNED_TYPES = new Set([
  'message/rfc822',
  'message/global',
  'text/rfc822-headers',
  'message/rfc822-headers',
  'message/global-headers',
]);

/** Reads a report; anything else (an auto-reply, a bounce in prose only) is `other`. */
export async function parseReport(raw: Buffer): Promise<InboundReport> {
  const mail = await simpleParser(raw, {
    keepDeliveryStatus: true,
    ignoreEmbedded: true,
    skipHtmlToText: true,
    skipTextToHtml: true,
    skipImageLinks: true,
  });
  const part = (types: Set<string>) =>
    mail.attachments.find((a) => types.has(a.contentType.toLowerCase()));
  const returned = part(RETURNED_TYPES)?.content.toString('utf8');
  const status = part(STATUS_TYPES);
  if (status) {
    const [perMessage, ...perRecipient] = parseFieldGroups(status.content.toString('utf8'));
    return {
      type: 'dsn',
      recipients: perRecipient
        .filter((f) => f.has('action') || f.has('status'))
        .map((f) => ({
          finalRecipient: typedAddress(first(f, 'final-recipient')),
          originalRecipient: typedAddress(first(f, 'original-recipient')),
          action: (first(f, 'action') ?? '').toLowerCase(),
          status: first(f, 'status'),
          diagnostic: diagnosticText(first(f, 'diagnostic-code')),
        })),
      original: originalFrom(returned, perMessage),
    };
  }
  const feedback = part(FEEDBACK_TYPES);
  if (feedback) {
    const fields = parseFieldGroups(feedback.content.toString('utf8'))[0];
    return {
      type: 'arf',
      feedbackType: first(fields, 'feedback-type'),
      originalMailFrom: typedAddress(first(fields, 'original-mail-from')),
      originalRcptTo: (fields?.get('original-rcpt-to') ?? []).flatMap((v) => typedAddress(v) ?? []),
      original: originalFrom(returned, fields),
    };
  }
  return { type: 'other' };
}
