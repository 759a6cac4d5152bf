// Email through an HTTP API: one JSON POST per message with a bearer key. The wire format is
// Clarion's own, small enough to put in front of any sending service (docs/API.md, "HTTP email
// API"): the service builds the MIME message and signs it for its domain.
import type { Credentials, EmailSettings } from '../model.ts';
import { unsubscribeHeaders } from './email-message.ts';
import {
  classifyHttpStatus,
  httpRequest,
  jsonObject,
  networkFailure,
  stringField,
} from './http.ts';
import {
  DEFAULT_TIMEOUT_MS,
  type DeliveryResult,
  type EmailProvider,
  type OutgoingEmail,
  type ProviderDeps,
} from './types.ts';

type HttpSettings = Extract<EmailSettings['provider'], { kind: 'http' }>;

/** The JSON body of one message. */
export function emailApiBody(email: OutgoingEmail, settings: EmailSettings) {
  return {
    messageId: email.messageId,
    from: email.from,
    to: [email.to],
    ...(settings.bccArchive ? { bcc: [{ address: settings.bccArchive }] } : {}),
    ...(email.replyTo ? { replyTo: email.replyTo } : {}),
    envelopeFrom: email.envelopeFrom ?? email.from.address,
    subject: email.subject,
    html: email.html,
    text: email.text,
    headers: { ...email.headers, ...unsubscribeHeaders(email) },
  };
}

export function createHttpEmailProvider(
  settings: EmailSettings,
  api: HttpSettings,
  credentials: Credentials,
  deps: Pick<ProviderDeps, 'timeoutMs'> = {},
): EmailProvider {
  const timeout = deps.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  return {
    async send(email: OutgoingEmail): Promise<DeliveryResult> {
      let answer;
      try {
        answer = await httpRequest(
          api.url,
          {
            method: 'POST',
            headers: {
              authorization: `Bearer ${credentials.apiKey ?? ''}`,
              'content-type': 'application/json',
              // The same message sent twice (a retry after a crash) is one message to the service.
              'idempotency-key': email.messageId,
            },
            body: JSON.stringify(emailApiBody(email, settings)),
          },
          timeout,
        );
      } catch (error) {
        return networkFailure(error);
      }
      const body = jsonObject(answer.text);
      if (answer.status >= 200 && answer.status < 300)
        return { status: 'sent', providerId: stringField(body, 'id') ?? email.messageId };
      return classifyHttpStatus(
        answer.status,
        stringField(body, 'code') ?? `http-${answer.status}`,
        stringField(body, 'message') ?? (answer.text.slice(0, 500) || `HTTP ${answer.status}`),
      );
    },
    async close() {},
  };
}
