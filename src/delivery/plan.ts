// Planning an execution, set-based in one transaction: every recipient gets a message row before
// anything is sent — queued with a batch number, or excluded with its reason code — and the
// batches get the earliest time they may start, which is how a throttled send is paced across
// any number of workers without talking to each other.
import type pg from 'pg';
import type { Configuration } from '../channels/model.ts';
import { assertNever } from '../platform/assert.ts';
import { AppError } from '../platform/errors.ts';
import {
  CHANNEL_EXCLUSIONS,
  DEFAULT_BATCH_SIZE,
  THROTTLE_WINDOW_HOURS,
  type ExecutionRequest,
} from './model.ts';

export interface PlannedExecution {
  id: string;
  recipients: number;
  queued: number;
  excluded: number;
  batches: number;
}

/**
 * The recipient's identity in a namespace (the first by value when there are several). The
 * namespace is filtered inside the aggregate so that the only index matching the condition is
 * the one by profile: with (namespace, value) usable too, stale statistics after a large import
 * can make PostgreSQL walk every identity of the namespace for each recipient.
 */
function identityOf(namespace: 'email' | 'phone'): string {
  return `(SELECT (array_agg(i.value ORDER BY i.value) FILTER (WHERE i.namespace = '${namespace}'))[1]
             FROM profile_identities i WHERE i.sandbox_id = $1 AND i.profile_id = r.profile_id)`;
}

/** SQL giving each recipient's address for the channel, and the pattern a valid one matches. */
function addressing(configuration: Configuration): { sql: string; pattern: string } {
  switch (configuration.channel) {
    case 'email':
      return {
        sql: identityOf('email'),
        pattern: '^[^\\s@]+@[^\\s@]+\\.[^\\s@]+$',
      };
    case 'sms':
      return {
        sql: identityOf('phone'),
        pattern: '^\\+[1-9][0-9]{6,14}$',
      };
    case 'push':
      // The newest active registration of the configuration's app on its platform.
      return {
        sql: `(SELECT t.token FROM push_tokens t
                WHERE t.sandbox_id = $1 AND t.profile_id = r.profile_id AND t.active
                  AND t.app_id = ${literal(configuration.settings.appId)}
                  AND t.platform = ${literal(configuration.settings.platform)}
                ORDER BY t.updated_at DESC LIMIT 1)`,
        pattern: '.',
      };
    default:
      return assertNever(configuration);
  }
}

/** Values from a validated configuration, quoted; user values elsewhere are always bound. */
function literal(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

function recipientsSql(request: ExecutionRequest): { sql: string; param: unknown } {
  const source = request.source;
  return 'snapshotId' in source
    ? {
        sql: 'SELECT m.profile_id FROM audience_snapshot_members m WHERE m.sandbox_id = $1 AND m.snapshot_id = $2::uuid',
        param: source.snapshotId,
      }
    : { sql: 'SELECT DISTINCT unnest($2::uuid[]) AS profile_id', param: source.profileIds };
}

export async function planExecution(
  client: pg.PoolClient,
  request: ExecutionRequest,
  configuration: Configuration,
  now: Date,
): Promise<PlannedExecution> {
  if (configuration.status !== 'active')
    throw new AppError(
      'CHANNEL_CONFIG_STATUS',
      `The configuration "${configuration.name}" is not active.`,
    );
  if (configuration.channel !== request.channel)
    throw new AppError(
      'CHANNEL_CONFIG_INVALID',
      `The configuration sends ${configuration.channel}.`,
    );
  const batchSize = request.batchSize ?? DEFAULT_BATCH_SIZE;
  const rate = request.ratePerSecond;
  // Beyond what the rate can send within the window, recipients are excluded (and counted).
  const cap = rate ? rate * THROTTLE_WINDOW_HOURS * 3600 : null;
  const created = await client.query<{ id: string }>(
    `INSERT INTO executions (sandbox_id, campaign_id, action_id, channel, category, configuration_id, content,
                             snapshot_id, rate_per_second, batch_size, status, created_by, created_at, starts_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'planned', $11, $12, $13) RETURNING id`,
    [
      request.sandboxId,
      request.campaignId ?? null,
      request.actionId,
      request.channel,
      request.category,
      request.configurationId,
      JSON.stringify(request.content),
      'snapshotId' in request.source ? request.source.snapshotId : null,
      rate ?? null,
      batchSize,
      request.createdBy,
      now,
      request.startsAt,
    ],
  );
  const executionId = created.rows[0]!.id;
  const codes = CHANNEL_EXCLUSIONS[request.channel];
  const address = addressing(configuration);
  const recipients = recipientsSql(request);
  const spamAllowed =
    configuration.channel === 'email' &&
    request.category === 'transactional' &&
    configuration.settings.sendToSpamComplainers;
  await client.query(
    `WITH recipients AS (${recipients.sql}),
     addressed AS (
       SELECT r.profile_id, ${address.sql} AS address,
              (SELECT c.status FROM profile_consent c
                WHERE c.sandbox_id = $1 AND c.profile_id = r.profile_id AND c.channel = $4) AS consent
         FROM recipients r
     ),
     judged AS (
       SELECT a.profile_id, a.address,
              CASE WHEN a.address IS NULL OR a.address = '' THEN $5
                   WHEN a.address !~ $6 THEN $7
                   WHEN $8 AND a.consent IS DISTINCT FROM 'y' THEN $9
                   WHEN EXISTS (SELECT 1 FROM suppressions s
                                 WHERE s.sandbox_id = $1 AND s.channel = $4 AND s.address = a.address COLLATE "C"
                                   AND NOT ($10 AND s.category = 'spamComplaint')) THEN 'Suppressed'
              END AS reason
         FROM addressed a
     ),
     numbered AS (
       SELECT j.*, row_number() OVER (PARTITION BY j.reason IS NULL ORDER BY j.profile_id) AS rn FROM judged j
     )
     INSERT INTO messages (sandbox_id, execution_id, recipient_key, action_id, profile_id, address,
                           status, reason, batch_no, created_at, updated_at)
     SELECT $1, $3, n.profile_id::text, $11, n.profile_id, n.address,
            CASE WHEN n.reason IS NULL AND ($12::bigint IS NULL OR n.rn <= $12) THEN 'queued' ELSE 'excluded' END,
            coalesce(n.reason, CASE WHEN n.rn > $12 THEN 'ThrottlingWindowExceeded' END),
            CASE WHEN n.reason IS NULL AND ($12::bigint IS NULL OR n.rn <= $12) THEN ((n.rn - 1) / $13)::int END,
            $14, $14
       FROM numbered n`,
    [
      request.sandboxId,
      recipients.param,
      executionId,
      request.channel,
      codes.noAddress,
      address.pattern,
      codes.malformed,
      request.category === 'marketing',
      codes.noConsent,
      spamAllowed,
      request.actionId,
      cap,
      batchSize,
      now,
    ],
  );
  // Batch k may start k × (batch size ÷ rate) seconds after the start: the rate, for every worker.
  const batches = await client.query(
    `INSERT INTO execution_batches (sandbox_id, execution_id, batch_no, status, not_before)
     SELECT $1, $2, b.batch_no, 'pending',
            $3::timestamptz + make_interval(secs => CASE WHEN $4::int IS NULL THEN 0 ELSE b.batch_no * $5::double precision / $4 END)
       FROM (SELECT DISTINCT batch_no FROM messages
              WHERE sandbox_id = $1 AND execution_id = $2 AND batch_no IS NOT NULL) b`,
    [request.sandboxId, executionId, request.startsAt, rate ?? null, batchSize],
  );
  const counts = await client.query<{ recipients: string; excluded: string }>(
    `UPDATE executions e SET recipients = c.recipients, excluded = c.excluded, batches = $3
       FROM (SELECT count(*) AS recipients, count(*) FILTER (WHERE status = 'excluded') AS excluded
               FROM messages WHERE sandbox_id = $1 AND execution_id = $2) c
      WHERE e.sandbox_id = $1 AND e.id = $2
      RETURNING c.recipients, c.excluded`,
    [request.sandboxId, executionId, batches.rowCount ?? 0],
  );
  const recipientCount = Number(counts.rows[0]?.recipients ?? 0);
  const excluded = Number(counts.rows[0]?.excluded ?? 0);
  return {
    id: executionId,
    recipients: recipientCount,
    queued: recipientCount - excluded,
    excluded,
    batches: batches.rowCount ?? 0,
  };
}
