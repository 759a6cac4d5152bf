// One message handed to its provider: the content rendered for the recipient with the links the
// pipeline fills per message (unsubscribe), tracked, addressed and sent.
import type { ChannelProvider } from '../channels/providers/factory.ts';
import { emailAddressing } from '../channels/providers/addresses.ts';
import type { DeliveryResult } from '../channels/providers/types.ts';
import type { Configuration } from '../channels/model.ts';
import type { CompiledContent } from '../content/compile.ts';
import { assertNever } from '../platform/assert.ts';
import type { QueuedMessage } from './batches.ts';
import type { ExecutionInfo, SendOutcome } from './dispatch.ts';
import { trackEmail, trackingUrl, trackText, type TrackingBase } from './tracking/links.ts';
import { signClaim, type MessageRef } from './tracking/tokens.ts';

export function deliveryOutcome(result: DeliveryResult): SendOutcome {
  switch (result.status) {
    case 'sent':
      return { status: 'sent', providerId: result.providerId };
    case 'failed':
      return { status: 'failed', kind: result.kind, reason: `${result.code} ${result.reason}` };
    default:
      return assertNever(result);
  }
}

export /** The data a recipient's content renders with. */
interface RecipientData {
  profile: Record<string, unknown>;
  /** `context.*`: an API call's payload for this recipient, or for the whole execution. */
  context?: unknown;
  audience?: Record<string, unknown> | undefined;
  webKeys?: { p256dh: string; auth: string } | undefined;
}

const PROFILE_KEY = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Where the links of a message point, and where its mirror page is kept. */
export interface MessageLinks extends TrackingBase {
  keepMirror(ref: MessageRef, profileId: string | null, html: string): Promise<void>;
}

export function sendOne(
  tracking: MessageLinks,
  provider: ChannelProvider,
  compiled: CompiledContent,
  configuration: Configuration,
  execution: ExecutionInfo,
  message: QueuedMessage,
  data: RecipientData,
): Promise<DeliveryResult> {
  const ref = {
    sandboxId: execution.sandboxId,
    executionId: execution.id,
    recipientKey: message.recipientKey,
    actionId: message.actionId,
  };
  const unsubscribeUrl = trackingUrl(
    tracking,
    'u',
    signClaim(tracking.secret, { kind: 'unsubscribe', ...ref, channel: configuration.channel }),
  );
  // Links the pipeline fills per message. The mirror page is the email as sent, in a browser.
  const mirrorPageUrl =
    configuration.channel === 'email'
      ? trackingUrl(tracking, 'm', signClaim(tracking.secret, { kind: 'mirror', ...ref }))
      : '';
  const root = {
    profile: data.profile,
    audience: data.audience,
    context: data.context ?? {},
    // An orchestrated campaign's worktable columns, kept with the message when it was planned.
    target: message.renderData?.target ?? {},
    unsubscribeUrl,
    mirrorPageUrl,
  };
  const messageId = `${execution.id}.${message.recipientKey}`;
  switch (configuration.channel) {
    case 'email': {
      if (compiled.channel !== 'email' || provider.channel !== 'email')
        throw new Error('an email configuration with other content');
      const out = compiled.email.render(root);
      const emailSettings = configuration.settings;
      const addressing = emailAddressing(emailSettings, {
        executionId: execution.id,
        recipientKey: message.recipientKey,
        // Campaign sends are keyed by profile id, which the VERP token carries; an API call's
        // recipients by their userId, found again through the Message-ID of a bounce instead.
        verpToken: PROFILE_KEY.test(message.recipientKey)
          ? message.recipientKey.replace(/-/g, '')
          : undefined,
      });
      const html = trackEmail(tracking, ref, out.html, out.links);
      const text = trackText(tracking, ref, out.text, out.links);
      const email = provider.provider;
      const send = () =>
        email.send({
          ...addressing,
          ...(out.senderName ? { from: { ...addressing.from, name: out.senderName } } : {}),
          ...(out.replyTo ? { replyTo: { address: out.replyTo } } : {}),
          to: { address: message.address },
          subject: out.subject,
          html,
          text,
          listUnsubscribe: {
            url: emailSettings.listUnsubscribe.oneClick ? unsubscribeUrl : undefined,
            mailto: emailSettings.listUnsubscribe.mailto,
          },
          headers: { 'X-Clarion-Execution': execution.id },
        });
      // Only an email that links to its mirror page keeps one, before it can be opened.
      return html.includes(mirrorPageUrl) || text.includes(mirrorPageUrl)
        ? tracking.keepMirror(ref, message.profileId, html).then(send)
        : send();
    }
    case 'sms': {
      if (compiled.channel !== 'sms' || provider.channel !== 'sms')
        throw new Error('an SMS configuration with other content');
      return provider.provider.send({
        messageId,
        to: message.address,
        body: compiled.sms.render(root).text,
        // Twilio reports each status change there (src/delivery/feedback/twilio.ts).
        statusCallbackUrl:
          configuration.settings.provider.kind === 'twilio'
            ? `${tracking.publicUrl.replace(/\/$/, '')}/webhooks/twilio/${configuration.id}`
            : undefined,
      });
    }
    case 'push': {
      if (compiled.channel !== 'push' || provider.channel !== 'push')
        throw new Error('a push configuration with other content');
      const out = compiled.push.render(root);
      return provider.provider.send({
        messageId,
        token: message.address,
        webKeys: data.webKeys,
        message: {
          title: out.title,
          body: out.body,
          imageUrl: out.imageUrl,
          url: out.url,
          data: out.data,
          badge: out.badge,
          sound: out.sound,
        },
      });
    }
    default:
      return assertNever(configuration);
  }
}
