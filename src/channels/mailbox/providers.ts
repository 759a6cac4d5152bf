// Providers of the `mailbox` kind: each message is composed exactly as it would go out (the
// email as signed MIME, SMS and push as the provider's payload) and kept in the local mailbox.
import { createTransport } from 'nodemailer';
import type { Clock } from '../../platform/context.ts';
import type { Credentials, EmailSettings, PushSettings, SmsSettings } from '../model.ts';
import { apnsPayload } from '../providers/apns.ts';
import { dkimOptions, mailOptions } from '../providers/email-message.ts';
import { fcmMessage } from '../providers/fcm.ts';
import type {
  DeliveryResult,
  EmailProvider,
  OutgoingEmail,
  OutgoingPush,
  OutgoingSms,
  PushProvider,
  SmsProvider,
} from '../providers/types.ts';
import { webPushPayload } from '../providers/webpush.ts';
import { assertNever } from '../../platform/assert.ts';
import { captureMessage, type MailboxDb } from './store.ts';

export interface MailboxTarget {
  db: MailboxDb;
  sandboxId: string;
  configurationId: string;
  clock: Clock;
}

async function keep(
  target: MailboxTarget,
  message: Omit<Parameters<typeof captureMessage>[1], 'sandboxId' | 'configurationId' | 'at'>,
): Promise<DeliveryResult> {
  const id = await captureMessage(target.db, {
    ...message,
    sandboxId: target.sandboxId,
    configurationId: target.configurationId,
    at: target.clock.now(),
  });
  return { status: 'sent', providerId: id };
}

export function createMailboxEmailProvider(
  settings: EmailSettings,
  credentials: Credentials,
  target: MailboxTarget,
): EmailProvider {
  const dkim = dkimOptions(settings, credentials);
  // nodemailer's stream transport runs the same composer and DKIM signer as SMTP, into a buffer.
  const composer = createTransport({
    streamTransport: true,
    buffer: true,
    newline: 'windows',
    ...(dkim ? { dkim } : {}),
  });
  return {
    async send(email: OutgoingEmail) {
      const info = await composer.sendMail(mailOptions(email, settings));
      const raw = info.message;
      if (!Buffer.isBuffer(raw)) throw new Error('the composer was asked for a buffer');
      return keep(target, {
        channel: 'email',
        messageId: email.messageId,
        recipient: email.to.address,
        subject: email.subject,
        preview: email.text,
        raw,
      });
    },
    async close() {
      composer.close();
    },
  };
}

export function createMailboxSmsProvider(
  settings: SmsSettings,
  target: MailboxTarget,
): SmsProvider {
  return {
    async send(sms: OutgoingSms) {
      return keep(target, {
        channel: 'sms',
        messageId: sms.messageId,
        recipient: sms.to,
        subject: '',
        preview: sms.body,
        payload: { to: sms.to, from: settings.senderNumber, body: sms.body },
      });
    },
    async close() {},
  };
}

/** What the configuration's platform would have received for this notification. */
function platformPayload(settings: PushSettings, push: OutgoingPush): unknown {
  switch (settings.platform) {
    case 'apns':
    case 'apnsSandbox':
      return apnsPayload(push.message);
    case 'fcm':
      return { message: fcmMessage(push.token, push.message) };
    case 'web':
      return webPushPayload(push.message);
    default:
      return assertNever(settings.platform);
  }
}

export function createMailboxPushProvider(
  settings: PushSettings,
  target: MailboxTarget,
): PushProvider {
  return {
    async send(push: OutgoingPush) {
      return keep(target, {
        channel: 'push',
        messageId: push.messageId,
        recipient: push.token,
        subject: push.message.title,
        preview: push.message.body,
        payload: {
          platform: settings.platform,
          appId: settings.appId,
          token: push.token,
          body: platformPayload(settings, push),
        },
      });
    },
    async close() {},
  };
}
