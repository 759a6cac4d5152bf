// Feedback in the database: finding the message a report is about, recording the report, and
// what follows from it — the message's status, the soft-bounce count, the suppression list.
import type pg from 'pg';
import type { Db } from '../../db/connection.ts';
import type { Clock } from '../../platform/context.ts';
import type { Channel } from '../../profiles/model.ts';
import { suppress, suppressionAddress, type SuppressionCategory } from '../suppressions.ts';
import type { Classification } from './classify.ts';

export interface FeedbackDeps {
  pool: pg.Pool;
  db: Db;
  clock: Clock;
}

/** Soft bounces further apart than this start the count again. */
export const SOFT_BOUNCE_RESET_DAYS = 30;

export type FeedbackSource = 'dsn' | 'arf' | 'send' | 'callback';

/** A message a report is about, with what its configuration says about soft bounces. */
export interface FeedbackMessage {
  sandboxId: string;
  executionId: string;
  recipientKey: string;
  actionId: string;
  profileId: string | null;
  address: string;
  status: string;
  channel: Channel;
  configurationId: string;
  /** The email configuration's softBounceThreshold; null for other channels. */
  softBounceThreshold: number | null;
}

interface MessageRow {
  sandbox_id: string;
  execution_id: string;
  recipient_key: string;
  action_id: string;
  profile_id: string | null;
  address: string;
  status: string;
  channel: Channel;
  configuration_id: string;
  threshold: number | null;
}

const MESSAGE_COLUMNS = `m.sandbox_id, m.execution_id, m.recipient_key, m.action_id, m.profile_id,
       m.address, m.status, e.channel, e.configuration_id,
       CASE WHEN e.channel = 'email' THEN (c.settings->>'softBounceThreshold')::int END AS threshold
  FROM messages m
  JOIN executions e ON e.sandbox_id = m.sandbox_id AND e.id = m.execution_id
  LEFT JOIN channel_configurations c ON c.sandbox_id = e.sandbox_id AND c.id = e.configuration_id`;

function toMessage(row: MessageRow | undefined): FeedbackMessage | undefined {
  return row
    ? {
        sandboxId: row.sandbox_id,
        executionId: row.execution_id,
        recipientKey: row.recipient_key,
        actionId: row.action_id,
        profileId: row.profile_id,
        address: row.address,
        status: row.status,
        channel: row.channel,
        configurationId: row.configuration_id,
        softBounceThreshold: row.threshold,
      }
    : undefined;
}

/** The email configurations (of any sandbox and status) whose bounce address this is. */
export async function configurationsForBounceAddress(
  pool: pg.Pool,
  bounceAddress: string,
): Promise<{ sandboxId: string; configurationId: string }[]> {
  const found = await pool.query<{ sandbox_id: string; id: string }>(
    `SELECT sandbox_id, id FROM channel_configurations
      WHERE channel = 'email' AND lower(settings->>'bounceAddress') = lower($1)`,
    [bounceAddress],
  );
  return found.rows.map((r) => ({ sandboxId: r.sandbox_id, configurationId: r.id }));
}

type Candidates = { sandboxId: string; configurationId: string }[];

/** The message of an execution and recipient, sent with one of these configurations. */
export async function findMessageById(
  pool: pg.Pool,
  candidates: Candidates,
  executionId: string,
  recipientKey: string,
): Promise<FeedbackMessage | undefined> {
  if (!UUID.test(executionId)) return undefined;
  const found = await pool.query<MessageRow>(
    `SELECT ${MESSAGE_COLUMNS}
      WHERE m.sandbox_id = ANY($1::uuid[]) AND m.execution_id = $2 AND m.recipient_key = $3
        AND e.configuration_id = ANY($4::uuid[])
      ORDER BY m.sent_at DESC NULLS LAST LIMIT 1`,
    [
      [...new Set(candidates.map((c) => c.sandboxId))],
      executionId,
      recipientKey,
      candidates.map((c) => c.configurationId),
    ],
  );
  return toMessage(found.rows[0]);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The latest sent message whose recipient key is the VERP token with its dashes put back: the
 * token names the recipient, not the send, so the newest send to them is the likeliest subject.
 */
export async function findMessageByToken(
  pool: pg.Pool,
  candidates: Candidates,
  token: string,
): Promise<FeedbackMessage | undefined> {
  if (!/^[0-9a-f]{32}$/i.test(token)) return undefined;
  const hex = token.toLowerCase();
  const profileId = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  const found = await pool.query<MessageRow>(
    `SELECT ${MESSAGE_COLUMNS}
      WHERE m.sandbox_id = ANY($1::uuid[]) AND m.profile_id = $2 AND m.recipient_key = $3
        AND e.configuration_id = ANY($4::uuid[]) AND m.sent_at IS NOT NULL
      ORDER BY m.sent_at DESC LIMIT 1`,
    [
      [...new Set(candidates.map((c) => c.sandboxId))],
      profileId,
      profileId,
      candidates.map((c) => c.configurationId),
    ],
  );
  return toMessage(found.rows[0]);
}

/**
 * The SMS message a provider's id belongs to. Messages are found through the recipient's phone
 * identity and the profile's message index, so the message table needs no index by provider id.
 */
export async function findSmsByProviderId(
  pool: pg.Pool,
  sandboxId: string,
  configurationId: string,
  to: string,
  providerId: string,
): Promise<FeedbackMessage | undefined> {
  const found = await pool.query<MessageRow>(
    `SELECT ${MESSAGE_COLUMNS}
      WHERE m.sandbox_id = $1
        AND m.profile_id IN (SELECT i.profile_id FROM profile_identities i
                              WHERE i.sandbox_id = $1 AND i.namespace = 'phone' AND i.value = $2)
        AND m.provider_id = $3 AND e.configuration_id = $4
      LIMIT 1`,
    [sandboxId, to, providerId, configurationId],
  );
  return toMessage(found.rows[0]);
}

export interface FeedbackEvent {
  sandboxId: string;
  channel: Channel;
  source: FeedbackSource;
  classification: Classification;
  /** The address the report is about (the message's, when the message is known). */
  address: string;
  statusCode: string | null;
  diagnostic: string;
  message?: FeedbackMessage | undefined;
  configurationId?: string | null | undefined;
  /** The email configuration's threshold when there is no message row to read it from. */
  softBounceThreshold?: number | null | undefined;
  /**
   * After the message was handed over: it was not delivered after all (a DSN `failed`, an SMS
   * `undelivered`) — or it was (a complaint proves it).
   */
  messageOutcome?: 'failed' | 'delivered' | undefined;
}

export interface FeedbackResult {
  id: number;
  /** The category the address was suppressed with, when this report suppressed it. */
  suppressed: SuppressionCategory | undefined;
  /** Soft bounces counted for the address, this one included (soft email bounces only). */
  softBounces: number | undefined;
}

const FEEDBACK_ACTOR = { type: 'system' as const, id: null, label: 'bounces and feedback' };

function normalized(channel: Channel, address: string): string {
  try {
    return suppressionAddress(channel, address);
  } catch {
    return address.trim().toLowerCase();
  }
}

/**
 * Records one report and acts on it: the message's status; for a hard bounce or a complaint the
 * address is suppressed at once; a soft email bounce is counted (once per message) and suppresses
 * the address when the count reaches the configuration's threshold. Push feedback suppresses
 * nothing (the token is deactivated instead).
 */
export async function recordFeedback(
  deps: FeedbackDeps,
  event: FeedbackEvent,
): Promise<FeedbackResult> {
  const now = deps.clock.now();
  const address = normalized(event.channel, event.address);
  const message = event.message;
  const kind = event.classification.kind;
  const threshold = message ? message.softBounceThreshold : (event.softBounceThreshold ?? null);
  const client = await deps.pool.connect();
  let result: FeedbackResult;
  let reason = `${event.statusCode ?? ''} ${event.diagnostic || event.classification.why}`.trim();
  try {
    await client.query('BEGIN');
    // Reports about one address are counted one at a time.
    await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [
      `feedback/${event.sandboxId}/${event.channel}/${address}`,
    ]);
    const inserted = await client.query<{ id: number }>(
      `INSERT INTO delivery_feedback (sandbox_id, channel, source, kind, configuration_id, execution_id,
                                      recipient_key, action_id, profile_id, address, status_code,
                                      diagnostic, received_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id`,
      [
        event.sandboxId,
        event.channel,
        event.source,
        kind,
        message?.configurationId ?? event.configurationId ?? null,
        message?.executionId ?? null,
        message?.recipientKey ?? null,
        message?.actionId ?? null,
        message?.profileId ?? null,
        address,
        event.statusCode?.slice(0, 100) ?? null,
        event.diagnostic.slice(0, 2000),
        now,
      ],
    );
    const id = Number(inserted.rows[0]!.id);
    if (message && event.messageOutcome === 'failed') {
      await client.query(
        `UPDATE messages SET status = 'failed', reason = $5, error = $6, updated_at = $7
          WHERE sandbox_id = $1 AND execution_id = $2 AND recipient_key = $3 AND action_id = $4
            AND status IN ('sent', 'delivered')`,
        [
          message.sandboxId,
          message.executionId,
          message.recipientKey,
          message.actionId,
          `${kind}Bounce`,
          reason.slice(0, 1000),
          now,
        ],
      );
    } else if (message && event.messageOutcome === 'delivered') {
      await markDelivered(client, message, now);
    }
    let suppressAs: SuppressionCategory | undefined;
    let softBounces: number | undefined;
    if (event.channel !== 'push') {
      if (kind === 'hard') suppressAs = event.classification.suppressAs ?? 'hardBounce';
      if (kind === 'complaint') suppressAs = 'spamComplaint';
    }
    if (kind === 'soft' && event.channel === 'email' && threshold !== null) {
      softBounces = await countSoftBounce(client, event, address, id, now);
      if (softBounces >= threshold) {
        suppressAs = 'softBounce';
        reason = `${softBounces} soft bounces; the last: ${reason}`;
      }
    }
    if (suppressAs)
      await client.query(
        'DELETE FROM soft_bounce_counts WHERE sandbox_id = $1 AND channel = $2 AND address = $3',
        [event.sandboxId, event.channel, address],
      );
    await client.query('COMMIT');
    result = { id, suppressed: suppressAs, softBounces };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
  if (result.suppressed)
    await suppress(
      { db: deps.db, sandboxId: event.sandboxId, actor: FEEDBACK_ACTOR, clock: deps.clock },
      { channel: event.channel, address, reason: reason.slice(0, 1000) },
      result.suppressed,
    );
  return result;
}

/** Adds a soft bounce to the address's count unless its message was counted already. */
async function countSoftBounce(
  client: pg.PoolClient,
  event: FeedbackEvent,
  address: string,
  feedbackId: number,
  now: Date,
): Promise<number> {
  const message = event.message;
  if (message) {
    const earlier = await client.query(
      `SELECT 1 FROM delivery_feedback
        WHERE sandbox_id = $1 AND execution_id = $2 AND recipient_key = $3 AND action_id = $4
          AND kind = 'soft' AND id <> $5 LIMIT 1`,
      [message.sandboxId, message.executionId, message.recipientKey, message.actionId, feedbackId],
    );
    if (earlier.rowCount) {
      const current = await client.query<{ bounces: number }>(
        `SELECT bounces FROM soft_bounce_counts
          WHERE sandbox_id = $1 AND channel = $2 AND address = $3`,
        [event.sandboxId, event.channel, address],
      );
      return current.rows[0]?.bounces ?? 0;
    }
  }
  const counted = await client.query<{ bounces: number }>(
    `INSERT INTO soft_bounce_counts AS s (sandbox_id, channel, address, bounces, first_at, last_at)
     VALUES ($1, $2, $3, 1, $4, $4)
     ON CONFLICT (sandbox_id, channel, address) DO UPDATE
        SET bounces = CASE WHEN s.last_at < $4 - make_interval(days => $5) THEN 1 ELSE s.bounces + 1 END,
            first_at = CASE WHEN s.last_at < $4 - make_interval(days => $5) THEN $4 ELSE s.first_at END,
            last_at = $4
     RETURNING bounces`,
    [event.sandboxId, event.channel, address, now, SOFT_BOUNCE_RESET_DAYS],
  );
  return counted.rows[0]!.bounces;
}

async function markDelivered(
  client: pg.PoolClient | pg.Pool,
  message: FeedbackMessage,
  now: Date,
): Promise<void> {
  await client.query(
    `UPDATE messages SET status = 'delivered', updated_at = $5
      WHERE sandbox_id = $1 AND execution_id = $2 AND recipient_key = $3 AND action_id = $4
        AND status = 'sent'`,
    [message.sandboxId, message.executionId, message.recipientKey, message.actionId, now],
  );
}

/**
 * A confirmed delivery (a positive DSN, an SMS `delivered` status): the message is delivered
 * and the address's soft-bounce count starts again.
 */
export async function confirmDelivery(deps: FeedbackDeps, message: FeedbackMessage): Promise<void> {
  const now = deps.clock.now();
  await markDelivered(deps.pool, message, now);
  await deps.pool.query(
    'DELETE FROM soft_bounce_counts WHERE sandbox_id = $1 AND channel = $2 AND address = $3',
    [message.sandboxId, message.channel, normalized(message.channel, message.address)],
  );
}

/**
 * A push provider reported the token dead (FCM UNREGISTERED, APNs 410 / BadDeviceToken, Web
 * Push 404/410): it is no longer sent to. True when an active token was deactivated.
 */
export async function deactivatePushToken(
  deps: FeedbackDeps,
  input: { sandboxId: string; appId: string; token: string; reason: string },
): Promise<boolean> {
  const now = deps.clock.now();
  const updated = await deps.pool.query(
    `UPDATE push_tokens
        SET active = false, deactivated_at = $4, deactivated_reason = $5, updated_at = $4
      WHERE sandbox_id = $1 AND app_id = $2 AND token = $3 AND active`,
    [input.sandboxId, input.appId, input.token, now, input.reason.slice(0, 1000)],
  );
  return (updated.rowCount ?? 0) > 0;
}
