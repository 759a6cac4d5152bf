// Email over SMTP: one nodemailer pool per configuration. Connections stay open between messages
// (up to maxConnections of them), commands are pipelined when the server offers PIPELINING, and
// every message is DKIM-signed with the configuration's key.
import { createTransport } from 'nodemailer';
import type { Credentials, EmailSettings } from '../model.ts';
import { dkimOptions, mailOptions } from './email-message.ts';
import { classifySmtpError, classifySmtpReply } from './smtp-errors.ts';
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
  const dkim = dkimOptions(settings, credentials);
  const transport = createTransport({
    pool: true,
    host: smtp.host,
    port: smtp.port,
    maxConnections: smtp.maxConnections ?? 5,
    // Keep each connection for as long as the server does: reconnecting costs a handshake.
    maxMessages: Infinity,
    secure: smtp.security === 'tls',
    requireTLS: smtp.security === 'starttls',
    ignoreTLS: smtp.security === 'none',
    ...(smtp.username
      ? { auth: { user: smtp.username, pass: credentials.smtpPassword ?? '' } }
      : {}),
    ...(dkim ? { dkim } : {}),
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout * 2,
  });

  return {
    async send(email: OutgoingEmail): Promise<DeliveryResult> {
      try {
        const info = await transport.sendMail(mailOptions(email, settings));
        // With an archive copy the envelope has two recipients: the send fails only when the
        // server refused the real one.
        const recipient = email.to.address.toLowerCase();
        if (info.rejected.some((r) => r.toLowerCase() === recipient)) {
          const errors = info.rejectedErrors ?? [];
          const error = errors.find((e) => e.recipient?.toLowerCase() === recipient) ?? errors[0];
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
      transport.close();
    },
  };
}
