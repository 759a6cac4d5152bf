// What turns a queued message into a delivered one: the execution's content and each of its
// variants compiled once per distinct content (content-cache.ts), the configuration's provider
// shared by every execution that sends with it (providers.ts), and per batch the recipients'
// profiles loaded in one go.
import type pg from 'pg';
import { channelsDb } from '../channels/db.ts';
import { createProviders } from '../channels/providers/factory.ts';
import type { DeliveryResult } from '../channels/providers/types.ts';
import { openConfiguration } from '../channels/store.ts';
import { profileData } from '../content/render-data.ts';
import type { Db } from '../db/connection.ts';
import type { Clock } from '../platform/context.ts';
import { profilesDb } from '../profiles/db.ts';
import { loadProfiles } from '../profiles/profiles.ts';
import type { QueuedMessage } from './batches.ts';
import type { StoredExecution } from './claim.ts';
import { contentCache } from './content-cache.ts';
import type { ExecutionInfo, ExecutionSender, SenderFactory } from './dispatch.ts';
import { sendFailureFeedback } from './feedback/send-failures.ts';
import { deliveryOutcome, sendOne, type MessageLinks, type RecipientData } from './message-send.ts';
import {
  providerPool,
  type OpenedConfiguration,
  type ProviderLease,
  type ProviderPool,
} from './providers.ts';
import { keepMirror } from './tracking/mirrors.ts';

export interface SenderDeps {
  pool: pg.Pool;
  db: Db;
  clock: Clock;
  secret: string;
  /** Clarion's public address, for tracking and unsubscribe links. */
  publicUrl: string;
}

async function loadBatchData(
  deps: SenderDeps,
  execution: ExecutionInfo,
  stored: StoredExecution,
  messages: QueuedMessage[],
): Promise<Map<string, RecipientData>> {
  const snapshotId = stored.snapshotId;
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
  // Web push keys: only push messages need them.
  if (stored.channel !== 'push') return data;
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

/** The execution as stored, for a sender made without its claim's copy. */
async function storedExecution(pool: pg.Pool, execution: ExecutionInfo): Promise<StoredExecution> {
  const found = await pool.query<StoredExecution>(
    `SELECT channel, configuration_id AS "configurationId", content, variants,
            snapshot_id AS "snapshotId", context
       FROM executions WHERE sandbox_id = $1 AND id = $2`,
    [execution.sandboxId, execution.id],
  );
  const row = found.rows[0];
  if (!row) throw new Error(`execution ${execution.id} is gone`);
  return row;
}

/** The sender factory of a worker process, with the providers its executions share. */
export type SharedSenders = SenderFactory & {
  providers: ProviderPool;
  beginRound(): void;
  /** Closes every provider (shutdown). */
  close(): Promise<void>;
};

/** How long an opened configuration may serve the batches of one claim round at most. */
const ROUND_REUSE_MS = 1000;

/** Builds each execution's sender from its stored content and configuration. */
export function executionSenders(deps: SenderDeps): SharedSenders {
  // A configuration is read once per claim round (and at most a second): an edit takes effect
  // from the next round on, and a round of many small executions reads it once.
  let opened = new Map<string, Promise<OpenedConfiguration>>();
  let roundStarted = performance.now();
  const beginRound = () => {
    opened = new Map();
    roundStarted = performance.now();
  };
  const providers = providerPool({
    open: (sandboxId, id) => {
      if (performance.now() - roundStarted > ROUND_REUSE_MS) beginRound();
      const key = `${sandboxId}/${id}`;
      let found = opened.get(key);
      if (!found) {
        found = openConfiguration(channelsDb(deps.db), deps.secret, sandboxId, id);
        opened.set(key, found);
      }
      return found;
    },
    create: (opened, sandboxId) =>
      createProviders(opened, { clock: deps.clock, sandboxId, db: deps.db }),
  });
  const compile = contentCache(deps.db);
  const factory: SenderFactory = async (execution) => {
    const row = execution.stored ?? (await storedExecution(deps.pool, execution));
    const { compiled, variants: compiledVariants } = await compile({
      sandboxId: execution.sandboxId,
      executionId: execution.id,
      channel: row.channel,
      content: row.content,
      variants: row.variants,
    });
    let lease: ProviderLease = await providers.acquire(execution.sandboxId, row.configurationId);
    // Failures that say something about the address: suppression, bounce counts, dead tokens.
    let feedback = sendFailureFeedback(deps, execution, lease.configuration);
    let batchData = new Map<string, RecipientData>();
    const links: MessageLinks = {
      secret: deps.secret,
      publicUrl: deps.publicUrl,
      keepMirror: (ref, profileId, html) =>
        keepMirror(deps.pool, ref, profileId, html, deps.clock.now()),
    };
    const sender: ExecutionSender = {
      retryPeriodMs: lease.configuration.settings.retryPeriodMinutes * 60_000,
      async beginBatch() {
        // The configuration as it is now: an edit takes effect from the next claim round on. One that
        // can no longer be opened (deactivated meanwhile) leaves the execution on what it had.
        const next = await providers
          .acquire(execution.sandboxId, row.configurationId)
          .catch(() => undefined);
        if (next) {
          const previous = lease;
          lease = next;
          await previous.release();
          if (next.configuration !== previous.configuration) {
            feedback = sendFailureFeedback(deps, execution, next.configuration);
            sender.retryPeriodMs = next.configuration.settings.retryPeriodMinutes * 60_000;
          }
        }
        const { id, maxPerSecond } = lease.configuration;
        return maxPerSecond
          ? { sandboxId: execution.sandboxId, configurationId: id, perSecond: maxPerSecond }
          : undefined;
      },
      async prepare(messages) {
        batchData = await loadBatchData(deps, execution, row, messages);
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
            links,
            lease.provider,
            messageContent,
            lease.configuration,
            execution,
            message,
            data,
          );
        } catch (error) {
          return { status: 'renderError', error: (error as Error).message };
        }
        return deliveryOutcome(await feedback(message, await result));
      },
      close: () => lease.release(),
    };
    return sender;
  };
  return Object.assign(factory, { providers, beginRound, close: () => providers.close() });
}
