// What turns a queued message into a delivered one: the execution's content and each of its
// variants compiled once, the configuration's provider made once, and per batch the recipients' profiles loaded in one go.
import type pg from 'pg';
import { channelsDb } from '../channels/db.ts';
import { createProviders, type ChannelProvider } from '../channels/providers/factory.ts';
import { emailAddressing } from '../channels/providers/addresses.ts';
import type { DeliveryResult } from '../channels/providers/types.ts';
import { openConfiguration } from '../channels/store.ts';
import type { Configuration } from '../channels/model.ts';
import { compileContent, contentSources, type CompiledContent } from '../content/compile.ts';
import { contentDb } from '../content/db.ts';
import { loadFragments } from '../content/fragment-sources.ts';
import { ChannelContent } from '../content/model.ts';
import { profileData } from '../content/render-data.ts';
import type { Db } from '../db/connection.ts';
import { assertNever } from '../platform/assert.ts';
import type { Clock } from '../platform/context.ts';
import { profilesDb } from '../profiles/db.ts';
import { loadProfiles } from '../profiles/profiles.ts';
import { Value } from '@sinclair/typebox/value';
import type { QueuedMessage } from './batches.ts';
import { trackEmail, trackingUrl, type TrackingBase } from './tracking/links.ts';
import { signClaim } from './tracking/tokens.ts';
import type { ExecutionInfo, ExecutionSender, SendOutcome, SenderFactory } from './dispatch.ts';
import { sendFailureFeedback } from './feedback/send-failures.ts';

export interface SenderDeps {
  pool: pg.Pool;
  db: Db;
  clock: Clock;
  secret: string;
  /** Clarion's public address, for tracking and unsubscribe links. */
  publicUrl: string;
}

function toOutcome(result: DeliveryResult): SendOutcome {
  switch (result.status) {
    case 'sent':
      return { status: 'sent', providerId: result.providerId };
    case 'failed':
      return { status: 'failed', kind: result.kind, reason: `${result.code} ${result.reason}` };
    default:
      return assertNever(result);
  }
}

/** The data a recipient's content renders with. */
interface RecipientData {
  profile: Record<string, unknown>;
  /** `context.*`: an API call's payload for this recipient, or for the whole execution. */
  context?: unknown;
  audience?: Record<string, unknown> | undefined;
  webKeys?: { p256dh: string; auth: string } | undefined;
}

async function loadBatchData(
  deps: SenderDeps,
  execution: ExecutionInfo,
  snapshotId: string | null,
  messages: QueuedMessage[],
): Promise<Map<string, RecipientData>> {
  const ids = messages.flatMap((m) => (m.profileId ? [m.profileId] : []));
  const profiles = await loadProfiles(profilesDb(deps.db), execution.sandboxId, ids);
  const data = new Map<string, RecipientData>();
  for (const profile of profiles) data.set(profile.id, { profile: profileData(profile) });
  if (snapshotId) {
    // Upload columns of an uploaded audience travel with its snapshot as `audience.<column>`.
    const columns = await deps.pool.query<{
      profile_id: string;
      attributes: Record<string, unknown>;
    }>(
      `SELECT profile_id, attributes FROM audience_snapshot_members
        WHERE sandbox_id = $1 AND snapshot_id = $2 AND profile_id = ANY($3::uuid[]) AND attributes IS NOT NULL`,
      [execution.sandboxId, snapshotId, ids],
    );
    for (const row of columns.rows) {
      const entry = data.get(row.profile_id);
      if (entry) entry.audience = row.attributes;
    }
  }
  const keys = await deps.pool.query<{ token: string; web_keys: { p256dh: string; auth: string } }>(
    `SELECT token, web_keys FROM push_tokens
      WHERE sandbox_id = $1 AND profile_id = ANY($2::uuid[]) AND active AND web_keys IS NOT NULL`,
    [execution.sandboxId, ids],
  );
  const byToken = new Map(keys.rows.map((r) => [r.token, r.web_keys]));
  for (const message of messages) {
    const entry = message.profileId ? data.get(message.profileId) : undefined;
    const webKeys = byToken.get(message.address);
    if (entry && webKeys) entry.webKeys = webKeys;
  }
  return data;
}

const PROFILE_KEY = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** `override` laid over `base`, objects merged key by key, anything else replaced. */
export function mergeData(
  base: Record<string, unknown>,
  override: Record<string, unknown>,
): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(override)) {
    const current = merged[key];
    merged[key] = isRecord(current) && isRecord(value) ? mergeData(current, value) : value;
  }
  return merged;
}

/** A recipient's data with what its API call gave: profile overrides and the context. */
function withRenderData(
  data: RecipientData,
  message: QueuedMessage,
  executionContext: unknown,
): RecipientData {
  const given = message.renderData;
  if (!given && executionContext == null) return data;
  return {
    ...data,
    profile: isRecord(given?.profile) ? mergeData(data.profile, given.profile) : data.profile,
    context: given?.context ?? executionContext ?? undefined,
  };
}

function sendOne(
  tracking: TrackingBase,
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
  // Links the pipeline fills per message; a mirror page is not built yet.
  const root = {
    profile: data.profile,
    audience: data.audience,
    context: data.context ?? {},
    unsubscribeUrl,
    mirrorPageUrl: '',
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
      return provider.provider.send({
        ...addressing,
        ...(out.senderName ? { from: { ...addressing.from, name: out.senderName } } : {}),
        ...(out.replyTo ? { replyTo: { address: out.replyTo } } : {}),
        to: { address: message.address },
        subject: out.subject,
        html: trackEmail(tracking, ref, out.html, out.links),
        text: out.text,
        listUnsubscribe: {
          url: emailSettings.listUnsubscribe.oneClick ? unsubscribeUrl : undefined,
          mailto: emailSettings.listUnsubscribe.mailto,
        },
        headers: { 'X-Clarion-Execution': execution.id },
      });
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

/** Builds each execution's sender from its stored content and configuration. */
export function executionSenders(deps: SenderDeps): SenderFactory {
  return async (execution) => {
    const found = await deps.pool.query<{
      channel: string;
      configuration_id: string;
      content: unknown;
      variants: Record<string, unknown> | null;
      snapshot_id: string | null;
      context: unknown;
    }>(
      `SELECT channel, configuration_id, content, variants, snapshot_id, context
         FROM executions WHERE sandbox_id = $1 AND id = $2`,
      [execution.sandboxId, execution.id],
    );
    const row = found.rows[0];
    if (!row) throw new Error(`execution ${execution.id} is gone`);
    const channelContent = (content: unknown, what: string): ChannelContent => {
      const typed = { channel: row.channel, content };
      if (!Value.Check(ChannelContent, typed))
        throw new Error(`execution ${execution.id} has ${what} that is not ${row.channel} content`);
      return typed;
    };
    const content = channelContent(row.content, 'content');
    const variants = Object.entries(row.variants ?? {}).map(
      ([key, value]) => [key, channelContent(value, `variant "${key}"`)] as const,
    );
    const opened = await openConfiguration(
      channelsDb(deps.db),
      deps.secret,
      execution.sandboxId,
      row.configuration_id,
    );
    const fragments = await loadFragments(
      contentDb(deps.db),
      execution.sandboxId,
      [content, ...variants.map(([, v]) => v)].flatMap(contentSources),
    );
    // Each variant compiled once, like the execution's own content.
    const compiled = await compileContent(content, { resolveFragment: fragments.resolve });
    const compiledVariants = new Map<string, CompiledContent>();
    for (const [key, variant] of variants)
      compiledVariants.set(
        key,
        await compileContent(variant, { resolveFragment: fragments.resolve }),
      );
    const provider = createProviders(opened, {
      clock: deps.clock,
      sandboxId: execution.sandboxId,
      db: deps.db,
    });
    // Failures that say something about the address: suppression, bounce counts, dead tokens.
    const feedback = sendFailureFeedback(deps, execution, opened.configuration);
    let batchData = new Map<string, RecipientData>();
    return {
      retryPeriodMs: opened.configuration.settings.retryPeriodMinutes * 60_000,
      async prepare(messages) {
        batchData = await loadBatchData(deps, execution, row.snapshot_id, messages);
      },
      async send(message) {
        const data = withRenderData(
          (message.profileId && batchData.get(message.profileId)) || { profile: {} },
          message,
          row.context,
        );
        const messageContent =
          message.treatment === null ? compiled : compiledVariants.get(message.treatment);
        if (!messageContent)
          return { status: 'renderError', error: `no content variant "${message.treatment}"` };
        let result: Promise<DeliveryResult>;
        try {
          result = sendOne(
            { secret: deps.secret, publicUrl: deps.publicUrl },
            provider,
            messageContent,
            opened.configuration,
            execution,
            message,
            data,
          );
        } catch (error) {
          return { status: 'renderError', error: (error as Error).message };
        }
        return toOutcome(await feedback(message, await result));
      },
      close: () => provider.provider.close(),
    } satisfies ExecutionSender;
  };
}
