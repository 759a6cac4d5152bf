// Collection: the delivery events of executions that report feedback become outbox rows, in one
// set-based statement. Each run reads what changed since the execution's last run (looking back a
// little for transactions that committed late); the outbox's unique key makes a repeat harmless,
// so collection is incremental and idempotent and any number of workers may run it.
import type pg from 'pg';
import type { Clock } from '../platform/context.ts';

/** Executions report feedback for this long after they were created. */
export const COLLECTION_WINDOW_DAYS = 7;
/** Changes written up to this long before the previous run are read again. */
export const LOOKBACK_SECONDS = 300;
/**
 * An execution is read every run during its first hour and until it has finished; after that,
 * when this many minutes have passed since it was last read (late delivery confirmations and
 * bounces are rarer, and the wait keeps the per-minute work small).
 */
export const SETTLED_AFTER_MINUTES = 60;
export const SETTLED_EVERY_MINUTES = 15;
/** Delivered and failed events are kept this long in the delivery log. */
export const EVENT_RETENTION_DAYS = 30;

// Where a message without a profile is known only by its address.
const ADDRESS_NAMESPACE = `CASE ex.channel WHEN 'email' THEN 'email' WHEN 'sms' THEN 'phone' ELSE 'pushToken' END`;

const IDENTITY_MAP = (profile: string, address: string) => `
  coalesce(
    (SELECT jsonb_object_agg(g.namespace, g.ids)
       FROM (SELECT i.namespace, jsonb_agg(jsonb_build_object('id', i.value) ORDER BY i.value) AS ids
               FROM profile_identities i
              WHERE i.sandbox_id = ex.sandbox_id AND i.profile_id = ${profile}
              GROUP BY i.namespace) g),
    CASE WHEN ${address} IS NULL THEN '{}'::jsonb
         ELSE jsonb_build_object(${ADDRESS_NAMESPACE}, jsonb_build_array(jsonb_build_object('id', ${address}))) END)`;

const PAYLOAD = (fields: {
  eventType: string;
  at: string;
  recipientKey: string;
  actionId: string;
  feedback: string;
  identityMap: string;
}) => `
  jsonb_build_object(
    'eventId', ex.event_id,
    'requestId', ex.request_id,
    'sandbox', jsonb_build_object('id', ex.sandbox_id, 'name', ex.sandbox_name),
    'channel', ex.channel,
    'eventType', 'message.feedback',
    'timestamp', to_char(${fields.at} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
    'messageExecution', jsonb_build_object(
      'messageExecutionID', ex.id,
      'messageType', ex.category,
      'campaignID', ex.campaign_id,
      'campaignVersionID', ex.campaign_version,
      'requestId', ex.request_id,
      'actionID', ${fields.actionId},
      'recipientKey', ${fields.recipientKey}),
    'messageDeliveryFeedback', jsonb_build_object(
      'feedbackStatus', jsonb_build_object('value', ${fields.eventType}),
      'offers', NULL) || ${fields.feedback},
    'identityMap', ${fields.identityMap})`;

const COLLECT = `
WITH ex AS MATERIALIZED (
  SELECT e.sandbox_id, e.id, e.campaign_id, e.channel, e.category, e.request_id, s.name AS sandbox_name,
         c.version::text AS campaign_version,
         coalesce(p.seen_until - make_interval(secs => $2), '-infinity') AS since
    FROM executions e
    JOIN feedback_webhooks w ON w.sandbox_id = e.sandbox_id AND w.enabled
    JOIN sandboxes s ON s.id = e.sandbox_id
    LEFT JOIN campaigns c ON c.sandbox_id = e.sandbox_id AND c.id = e.campaign_id
    LEFT JOIN webhook_progress p ON p.sandbox_id = e.sandbox_id AND p.execution_id = e.id
   WHERE e.feedback AND e.created_at > $1::timestamptz - make_interval(days => $3)
     -- Read every minute while new or sending; once settled, every few minutes.
     AND (p.seen_until IS NULL OR e.finished_at IS NULL
          OR e.finished_at > p.seen_until - make_interval(secs => $2)
          OR e.created_at > $1::timestamptz - make_interval(mins => $4)
          OR p.seen_until <= $1::timestamptz - make_interval(mins => $5))
),
message_events AS (
  SELECT ex.*, m.recipient_key, m.action_id, m.profile_id, m.address, m.reason, m.error,
         greatest(m.attempts - 1, 0) AS retries, kind.event_type, kind.at
    FROM ex
    JOIN messages m ON m.sandbox_id = ex.sandbox_id AND m.execution_id = ex.id AND m.updated_at > ex.since
    CROSS JOIN LATERAL (VALUES ('sent', m.sent_at), ('delivered', m.updated_at),
                               ('exclude', m.updated_at), ('error', m.updated_at)) AS kind (event_type, at)
   WHERE CASE kind.event_type
           WHEN 'sent' THEN m.sent_at IS NOT NULL AND m.status IN ('sent', 'delivered', 'failed')
           WHEN 'delivered' THEN m.status = 'delivered'
           WHEN 'exclude' THEN m.status = 'excluded'
           -- A failure reported as a bounce is sent as the bounce.
           ELSE m.status = 'failed' AND NOT EXISTS (
             SELECT 1 FROM delivery_feedback f
              WHERE f.sandbox_id = m.sandbox_id AND f.execution_id = m.execution_id
                AND f.recipient_key = m.recipient_key AND f.action_id = m.action_id)
         END
),
feedback_events AS (
  SELECT ex.*, f.id AS feedback_id, f.recipient_key, f.action_id, f.profile_id, f.address, f.kind,
         f.source, f.status_code, f.diagnostic, f.received_at,
         CASE WHEN f.kind = 'complaint' THEN 'complaint' ELSE 'bounce' END AS event_type
    FROM ex
    JOIN delivery_feedback f ON f.sandbox_id = ex.sandbox_id AND f.execution_id = ex.id
                            AND f.received_at > ex.since
),
inserted AS (
  INSERT INTO webhook_events (sandbox_id, id, execution_id, recipient_key, action_id, request_id,
                              event_type, feedback_id, payload, status, next_attempt_at, created_at)
  SELECT ex.sandbox_id, ex.event_id, ex.id, ex.recipient_key, ex.action_id, ex.request_id, ex.event_type, 0,
         ${PAYLOAD({
           eventType: 'ex.event_type',
           at: 'ex.at',
           recipientKey: 'ex.recipient_key',
           actionId: 'ex.action_id',
           identityMap: IDENTITY_MAP('ex.profile_id', 'ex.address'),
           feedback: `jsonb_build_object(
             'messageExclusion', CASE WHEN ex.event_type = 'exclude'
               THEN jsonb_build_object('code', ex.reason, 'reason', ex.error) END,
             'messageFailure', CASE WHEN ex.event_type = 'error'
               THEN jsonb_build_object('category', 'sync', 'type', 'Error', 'code', ex.reason,
                                       'reason', ex.error) END,
             'retryCount', ex.retries)`,
         })},
         'pending', $1, $1
    FROM (SELECT *, gen_random_uuid() AS event_id FROM message_events) ex
  UNION ALL
  SELECT ex.sandbox_id, ex.event_id, ex.id, ex.recipient_key, ex.action_id, ex.request_id, ex.event_type,
         ex.feedback_id,
         ${PAYLOAD({
           eventType: 'ex.event_type',
           at: 'ex.received_at',
           recipientKey: 'ex.recipient_key',
           actionId: 'ex.action_id',
           identityMap: IDENTITY_MAP('ex.profile_id', 'ex.address'),
           feedback: `jsonb_build_object(
             'messageExclusion', NULL,
             'messageFailure', jsonb_build_object(
               'category', CASE WHEN ex.source = 'send' THEN 'sync' ELSE 'async' END,
               'type', initcap(ex.kind), 'code', ex.status_code, 'reason', ex.diagnostic),
             'retryCount', 0)`,
         })},
         'pending', $1, $1
    FROM (SELECT *, gen_random_uuid() AS event_id FROM feedback_events) ex
  ON CONFLICT DO NOTHING
  RETURNING 1
),
progressed AS (
  INSERT INTO webhook_progress (sandbox_id, execution_id, seen_until)
  SELECT sandbox_id, id, $1 FROM ex
  ON CONFLICT (sandbox_id, execution_id) DO UPDATE SET seen_until = excluded.seen_until
  RETURNING 1
)
SELECT (SELECT count(*) FROM inserted) AS events, (SELECT count(*) FROM progressed) AS executions`;

export interface CollectResult {
  /** Outbox rows written by this run. */
  events: number;
  /** Executions read. */
  executions: number;
}

/** Reads new delivery events of every sandbox with an enabled webhook into the outbox. */
export async function collectFeedbackEvents(
  deps: { pool: pg.Pool; clock: Clock },
  options: { lookbackSeconds?: number } = {},
): Promise<CollectResult> {
  const now = deps.clock.now();
  const result = await deps.pool.query<{ events: number; executions: number }>(COLLECT, [
    now,
    options.lookbackSeconds ?? LOOKBACK_SECONDS,
    COLLECTION_WINDOW_DAYS,
    SETTLED_AFTER_MINUTES,
    SETTLED_EVERY_MINUTES,
  ]);
  // Past the window nothing is read again; old log rows go.
  await deps.pool.query(
    `DELETE FROM webhook_progress
      WHERE seen_until < $1::timestamptz - make_interval(days => $2 + 1)`,
    [now, COLLECTION_WINDOW_DAYS],
  );
  await deps.pool.query(
    `DELETE FROM webhook_events
      WHERE created_at < $1::timestamptz - make_interval(days => $2) AND status <> 'pending'`,
    [now, EVENT_RETENTION_DAYS],
  );
  const row = result.rows[0];
  return { events: Number(row?.events ?? 0), executions: Number(row?.executions ?? 0) };
}
