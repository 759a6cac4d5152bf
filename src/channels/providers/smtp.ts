// Email over SMTP: a pool of up to maxConnections sessions per configuration, kept open between
// messages, commands pipelined when the server offers PIPELINING. Each message is composed and
// DKIM-signed with the configuration's key (parsed once) by smtp-message.ts and handed to the
// pool as one buffer: the protocol is nodemailer's SMTPConnection, the per-message work is ours.
import type { Credentials, EmailSettings } from '../model.ts';
import { classifySmtpError, classifySmtpReply } from './smtp-errors.ts';
import { emailComposer } from './smtp-message.ts';
import { createSmtpPool } from './smtp-pool.ts';
import {
  DEFAULT_TIMEOUT_MS,
  type DeliveryResult,
  type EmailProvider,
  type OutgoingEmail,
  type ProviderDeps,
} from './types.ts';

type SmtpSettings = Extract<EmailSettings['provider'], { kind: 'smtp' }>;

export function createSmtpProvider(
  settings: EmailSettings,
  smtp: SmtpSettings,
  credentials: Credentials,
  deps: Pick<ProviderDeps, 'timeoutMs'> = {},
): EmailProvider {
  const timeout = deps.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const composer = emailComposer(settings, credentials);
  const pool = createSmtpPool({
    host: smtp.host,
    port: smtp.port,
    maxConnections: smtp.maxConnections ?? 5,
    secure: smtp.security === 'tls',
    requireTLS: smtp.security === 'starttls',
    ignoreTLS: smtp.security === 'none',
    auth: smtp.username ? { user: smtp.username, pass: credentials.smtpPassword ?? '' } : undefined,
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout * 2,
  });

  return {
    async send(email: OutgoingEmail): Promise<DeliveryResult> {
      try {
        const message = await composer.compose(email);
        const info = await pool.send(message.envelope, message.raw);
        // With an archive copy the envelope has two recipients: the send fails only when the
        // server refused the real one.
        const recipient = email.to.address.toLowerCase();
        if (info.rejected.some((r) => r.toLowerCase() === recipient)) {
          const errors = info.rejectedErrors ?? [];
          const error =
            errors.find(
              (e) => (e as { recipient?: string }).recipient?.toLowerCase() === recipient,
            ) ?? errors[0];
          return classifySmtpReply(error?.responseCode ?? 550, error?.response ?? 'rejected');
        }
        // Servers that replace the Message-ID (Amazon SES, Microsoft 365) name theirs; bounces
        // will quote that one.
        return { status: 'sent', providerId: info.serverMessageId ?? email.messageId };
      } catch (error) {
        return classifySmtpError(error);
      }
    },
    async close() {
      pool.close();
    },
  };
}
