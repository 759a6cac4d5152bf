// One rendered email as nodemailer message options: the same headers whether it goes out over
// SMTP or is composed for the local mailbox.
import type { SendMailOptions } from 'nodemailer';
import type { DKIMOptions } from 'nodemailer/lib/dkim';
import type { Credentials, EmailSettings } from '../model.ts';
import type { MailAddress, OutgoingEmail } from './types.ts';

const address = (a: MailAddress) => (a.name ? { name: a.name, address: a.address } : a.address);

/** List-Unsubscribe (and List-Unsubscribe-Post) header values, for providers that take headers. */
export function unsubscribeHeaders(email: OutgoingEmail): Record<string, string> {
  const { url, mailto } = email.listUnsubscribe ?? {};
  const targets = [url, mailto && `mailto:${mailto}`].filter((t): t is string => Boolean(t));
  if (!targets.length) return {};
  return {
    'List-Unsubscribe': targets.map((t) => `<${t}>`).join(', '),
    ...(url ? { 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' } : {}),
  };
}

export function mailOptions(email: OutgoingEmail, settings: EmailSettings): SendMailOptions {
  const headers: Record<string, string> = { ...email.headers };
  const unsubscribe = [email.listUnsubscribe?.url, email.listUnsubscribe?.mailto].filter(
    (value): value is string => Boolean(value),
  );
  // RFC 8058: only an HTTPS target can be one-click; the mailto alone is the classic form.
  if (email.listUnsubscribe?.url) headers['List-Unsubscribe-Post'] = 'List-Unsubscribe=One-Click';
  const to = email.to.address;
  const archive = settings.bccArchive;
  return {
    messageId: email.messageId,
    from: address(email.from),
    to: address(email.to),
    ...(email.replyTo ? { replyTo: address(email.replyTo) } : {}),
    subject: email.subject,
    html: email.html,
    text: email.text,
    headers,
    ...(unsubscribe.length ? { list: { unsubscribe: [unsubscribe] } } : {}),
    // The archive copy travels in the same transaction as an envelope recipient, never a header.
    envelope: {
      from: email.envelopeFrom ?? email.from.address,
      to: archive ? [to, archive] : [to],
    },
    xMailer: false,
    disableFileAccess: true,
    disableUrlAccess: true,
  };
}

/** nodemailer signs with RSA keys only; activation refuses other kinds. */
export function dkimOptions(
  settings: EmailSettings,
  credentials: Credentials,
): DKIMOptions | undefined {
  if (!settings.dkim || !credentials.dkimPrivateKey) return undefined;
  return {
    domainName: settings.dkim.domain,
    keySelector: settings.dkim.selector,
    privateKey: credentials.dkimPrivateKey,
  };
}
