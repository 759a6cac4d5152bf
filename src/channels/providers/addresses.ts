// Identifiers written into each email so that replies, bounces and retries can be traced back:
// a deterministic Message-ID and a VERP bounce address.
import type { EmailSettings } from '../model.ts';
import type { MailAddress } from './types.ts';

export const domainOf = (address: string) =>
  address.slice(address.lastIndexOf('@') + 1).toLowerCase();

/** Characters allowed unencoded in an RFC 5322 dot-atom besides letters and digits. */
const encodeAtom = (value: string) =>
  value.replace(
    /[^A-Za-z0-9_-]/g,
    (c) =>
      '%' +
      [...Buffer.from(c)].map((byte) => byte.toString(16).toUpperCase().padStart(2, '0')).join('%'),
  );

/**
 * `<{executionId}.{recipientKey}@{sender domain}>`: a retried send carries the same id, so
 * receivers and our own bounce handling see one message, not two.
 */
export function messageIdFor(ids: {
  executionId: string;
  recipientKey: string;
  senderAddress: string;
}): string {
  return `<${encodeAtom(ids.executionId)}.${encodeAtom(ids.recipientKey)}@${domainOf(ids.senderAddress)}>`;
}

const TOKEN = /^[A-Za-z0-9_=.-]+$/;

/**
 * The bounce address with a token after `+` (`bounces+{token}@domain`): a bounce names the
 * message it is about in its envelope recipient, whatever the remote server puts in the body.
 * The token may use letters, digits and `_ = . -`; keep the local part within 64 characters.
 */
export function verpAddress(bounceAddress: string, token: string): string {
  if (!TOKEN.test(token))
    throw new Error(`VERP token has characters a local part cannot: ${token}`);
  const at = bounceAddress.lastIndexOf('@');
  const local = bounceAddress.slice(0, at);
  const base = local.includes('+') ? local.slice(0, local.indexOf('+')) : local;
  return `${base}+${token}${bounceAddress.slice(at)}`;
}

/** The bounce address and token of a VERP address; undefined when it carries no token. */
export function parseVerpAddress(
  address: string,
): { bounceAddress: string; token: string } | undefined {
  const at = address.lastIndexOf('@');
  if (at < 1) return undefined;
  const local = address.slice(0, at);
  const plus = local.indexOf('+');
  if (plus < 1) return undefined;
  const token = local.slice(plus + 1);
  if (!TOKEN.test(token)) return undefined;
  return { bounceAddress: `${local.slice(0, plus)}${address.slice(at)}`, token };
}

/** The sender-side fields of an email from its configuration: from, reply-to, id, envelope. */
export function emailAddressing(
  settings: EmailSettings,
  ids: { executionId: string; recipientKey: string; verpToken?: string | undefined },
): {
  messageId: string;
  from: MailAddress;
  replyTo: MailAddress | undefined;
  envelopeFrom: string | undefined;
} {
  const bounce = settings.bounceAddress;
  return {
    messageId: messageIdFor({ ...ids, senderAddress: settings.senderAddress }),
    from: { name: settings.senderName, address: settings.senderAddress },
    replyTo: settings.replyTo,
    envelopeFrom: bounce && ids.verpToken ? verpAddress(bounce, ids.verpToken) : bounce,
  };
}
