// SMS through any HTTP endpoint: a JSON POST {to, from, body, messageId}. With a webhook secret
// the request is signed so the receiver can tell it came from us and is fresh:
//   X-Clarion-Timestamp: unix seconds
//   X-Clarion-Signature: v1=hex(HMAC-SHA256(secret, `${timestamp}.${raw body}`))
import { createHmac } from 'node:crypto';
import type { Credentials, SmsSettings } from '../model.ts';
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
  type OutgoingSms,
  type ProviderDeps,
  type SmsProvider,
} from './types.ts';

type WebhookSettings = Extract<SmsSettings['provider'], { kind: 'webhook' }>;

export function webhookSignature(secret: string, timestamp: string, body: string): string {
  return `v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

export function createSmsWebhookProvider(
  settings: SmsSettings,
  webhook: WebhookSettings,
  credentials: Credentials,
  deps: ProviderDeps,
): SmsProvider {
  const timeout = deps.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  return {
    async send(sms: OutgoingSms): Promise<DeliveryResult> {
      const body = JSON.stringify({
        to: sms.to,
        from: settings.senderNumber,
        body: sms.body,
        messageId: sms.messageId,
        ...(sms.statusCallbackUrl ? { statusCallbackUrl: sms.statusCallbackUrl } : {}),
      });
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (credentials.webhookSecret) {
        const timestamp = String(Math.floor(deps.clock.now().getTime() / 1000));
        headers['x-clarion-timestamp'] = timestamp;
        headers['x-clarion-signature'] = webhookSignature(
          credentials.webhookSecret,
          timestamp,
          body,
        );
      }
      let answer;
      try {
        answer = await httpRequest(webhook.url, { method: 'POST', headers, body }, timeout);
      } catch (error) {
        return networkFailure(error);
      }
      const reply = jsonObject(answer.text);
      if (answer.status >= 200 && answer.status < 300)
        return { status: 'sent', providerId: stringField(reply, 'id') ?? sms.messageId };
      return classifyHttpStatus(
        answer.status,
        stringField(reply, 'code') ?? `http-${answer.status}`,
        stringField(reply, 'message') ?? (answer.text.slice(0, 500) || `HTTP ${answer.status}`),
      );
    },
    async close() {},
  };
}
