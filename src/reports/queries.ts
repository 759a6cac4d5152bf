// The report's aggregates, set-based: each query starts from the executions in scope (found by
// campaign through executions_campaign_idx, or by id) and reads their messages, tracking events
// and feedback through the indexes that lead with the execution. Rows come back already grouped
// by execution, treatment and status or kind, so what remains for the caller is a few sums.
import type pg from 'pg';
import type { MessageStatus } from '../delivery/model.ts';
import type { BounceClass, ReportBucket } from './model.ts';

export interface ReportScope {
  sandboxId: string;
  /** Null only for an execution that belongs to no campaign. */
  campaignId: string | null;
  executionId: string | null;
  from: Date | null;
  to: Date | null;
}

function scopeWhere(scope: ReportScope): string {
  if (scope.campaignId === null) return '$2::uuid IS NULL AND e.id = $3::uuid';
  return scope.executionId === null
    ? 'e.campaign_id = $2::uuid AND $3::uuid IS NULL'
    : 'e.campaign_id = $2::uuid AND e.id = $3::uuid';
}

/** `ex`: the ids of the executions in scope. Parameters $1–$3. */
const executionsCte = (scope: ReportScope) =>
  `ex AS (SELECT e.id FROM executions e WHERE e.sandbox_id = $1 AND ${scopeWhere(scope)})`;

/** The column's time is within the period ($4, $5; open when null). */
const inPeriod = (column: string) =>
  `${column} >= coalesce($4::timestamptz, '-infinity') AND ${column} < coalesce($5::timestamptz, 'infinity')`;

const params = (scope: ReportScope) => [
  scope.sandboxId,
  scope.campaignId,
  scope.executionId,
  scope.from,
  scope.to,
];

/**
 * `tm`: the treatment of each message in scope that has one, read through the messages' primary
 * key (execution first), so only the scope's messages are read however large the sandbox.
 */
const treatmentsCte = `tm AS (SELECT m.execution_id, m.recipient_key, m.action_id, m.treatment
                        FROM ex JOIN messages m ON m.sandbox_id = $1 AND m.execution_id = ex.id
                       WHERE m.treatment IS NOT NULL)`;

/** The treatment of the message of row `x` (`tm` joined), or NULL without treatments. */
const treatmentOf = (x: string, withTreatments: boolean) =>
  withTreatments
    ? {
        column: 'tm.treatment',
        join: `LEFT JOIN tm ON tm.execution_id = ${x}.execution_id
                           AND tm.recipient_key = ${x}.recipient_key AND tm.action_id = ${x}.action_id`,
      }
    : { column: 'NULL::text AS treatment', join: '' };

export interface ExecutionListRow {
  id: string;
  run_no: number | null;
  channel: 'email' | 'sms' | 'push';
  status: 'planned' | 'sending' | 'completed' | 'cancelled';
  created_at: Date;
  starts_at: Date;
  finished_at: Date | null;
  /** Its messages name their content variant (messages.treatment). */
  has_variants: boolean;
}

export async function listExecutions(
  pool: pg.Pool,
  scope: ReportScope,
): Promise<ExecutionListRow[]> {
  const result = await pool.query<ExecutionListRow>(
    `SELECT e.id, e.run_no, e.channel, e.status, e.created_at, e.starts_at, e.finished_at,
            e.variants IS NOT NULL AS has_variants
       FROM executions e
      WHERE e.sandbox_id = $1 AND ${scopeWhere(scope)}
      ORDER BY e.created_at, e.id`,
    [scope.sandboxId, scope.campaignId, scope.executionId],
  );
  return result.rows;
}

export interface MessageCountRow {
  execution_id: string;
  treatment: string | null;
  status: MessageStatus;
  reason: string | null;
  n: string;
}

/** Messages by execution, treatment, status and (for excluded ones) reason. */
export async function messageCounts(pool: pg.Pool, scope: ReportScope): Promise<MessageCountRow[]> {
  const result = await pool.query<MessageCountRow>(
    `WITH ${executionsCte(scope)}
     SELECT m.execution_id, m.treatment, m.status,
            CASE WHEN m.status = 'excluded' THEN m.reason END AS reason, count(*) AS n
       FROM ex JOIN messages m ON m.sandbox_id = $1 AND m.execution_id = ex.id
      WHERE ${inPeriod('coalesce(m.sent_at, m.created_at)')}
      GROUP BY 1, 2, 3, 4`,
    params(scope),
  );
  return result.rows;
}

export interface TrackingCountRow {
  execution_id: string;
  treatment: string | null;
  kind: 'open' | 'click' | 'unsubscribe';
  total: string;
  uniq: string;
}

/**
 * Tracking events by execution, treatment and kind: all of them, and the messages they touch.
 * Events are first counted per message (a hash aggregate), which is what makes both numbers.
 */
export async function trackingCounts(
  pool: pg.Pool,
  scope: ReportScope,
  withTreatments: boolean,
): Promise<TrackingCountRow[]> {
  const treatment = treatmentOf('p', withTreatments);
  const result = await pool.query<TrackingCountRow>(
    `WITH ${executionsCte(scope)}${withTreatments ? `, ${treatmentsCte}` : ''},
     p AS (SELECT t.execution_id, t.recipient_key, t.action_id, t.kind, count(*) AS n
             FROM ex JOIN tracking_events t ON t.sandbox_id = $1 AND t.execution_id = ex.id
            WHERE ${inPeriod('t.at')}
            GROUP BY 1, 2, 3, 4)
     SELECT p.execution_id, ${treatment.column}, p.kind, sum(p.n) AS total, count(*) AS uniq
       FROM p ${treatment.join}
      GROUP BY 1, 2, 3`,
    params(scope),
  );
  return result.rows;
}

export interface FeedbackCountRow {
  execution_id: string;
  treatment: string | null;
  kind: BounceClass | 'complaint';
  n: string;
}

/** Messages with feedback, by execution, treatment and kind (each message once per kind). */
export async function feedbackCounts(
  pool: pg.Pool,
  scope: ReportScope,
  withTreatments: boolean,
): Promise<FeedbackCountRow[]> {
  const treatment = treatmentOf('b', withTreatments);
  const result = await pool.query<FeedbackCountRow>(
    `WITH ${executionsCte(scope)}${withTreatments ? `, ${treatmentsCte}` : ''},
     b AS (SELECT f.execution_id, f.recipient_key, f.action_id, f.kind
             FROM ex JOIN delivery_feedback f ON f.sandbox_id = $1 AND f.execution_id = ex.id
            WHERE ${inPeriod('f.received_at')}
            GROUP BY 1, 2, 3, 4)
     SELECT b.execution_id, ${treatment.column}, b.kind, count(*) AS n
       FROM b ${treatment.join}
      GROUP BY 1, 2, 3`,
    params(scope),
  );
  return result.rows;
}

export interface BounceReasonRow {
  kind: BounceClass;
  status_code: string | null;
  diagnostic: string;
  n: string;
}

/** The most frequent bounce reasons, counted in messages. */
export async function bounceReasons(
  pool: pg.Pool,
  scope: ReportScope,
  limit: number,
): Promise<BounceReasonRow[]> {
  const result = await pool.query<BounceReasonRow>(
    `WITH ${executionsCte(scope)},
     r AS (SELECT f.kind, f.status_code, f.diagnostic
             FROM ex JOIN delivery_feedback f ON f.sandbox_id = $1 AND f.execution_id = ex.id
            WHERE f.kind <> 'complaint' AND ${inPeriod('f.received_at')}
            GROUP BY f.kind, f.status_code, f.diagnostic, f.execution_id, f.recipient_key, f.action_id)
     SELECT kind, status_code, diagnostic, count(*) AS n
       FROM r
      GROUP BY 1, 2, 3
      ORDER BY n DESC, kind, status_code NULLS LAST, diagnostic
      LIMIT $6`,
    [...params(scope), limit],
  );
  return result.rows;
}

export interface LinkClickRow {
  link_index: number | null;
  url: string | null;
  total: string;
  uniq: string;
}

/**
 * Clicks per link: all of them, the messages whose recipient clicked it, and its most clicked URL
 * (links may be personalized per recipient).
 */
export async function linkClicks(pool: pg.Pool, scope: ReportScope): Promise<LinkClickRow[]> {
  const result = await pool.query<LinkClickRow>(
    `WITH ${executionsCte(scope)},
     c AS MATERIALIZED (
       SELECT t.execution_id, t.recipient_key, t.action_id, t.link_index, t.url
         FROM ex JOIN tracking_events t ON t.sandbox_id = $1 AND t.execution_id = ex.id
        WHERE t.kind = 'click' AND ${inPeriod('t.at')}
     ),
     per_message AS (SELECT link_index, count(*) AS n FROM c GROUP BY execution_id, recipient_key, action_id, link_index),
     top_url AS (SELECT DISTINCT ON (link_index) link_index, url
                   FROM (SELECT link_index, url, count(*) AS n FROM c GROUP BY 1, 2) u
                  ORDER BY link_index, n DESC, url)
     SELECT p.link_index, u.url, sum(p.n) AS total, count(*) AS uniq
       FROM per_message p LEFT JOIN top_url u ON u.link_index IS NOT DISTINCT FROM p.link_index
      GROUP BY p.link_index, u.url
      ORDER BY 1 NULLS LAST`,
    params(scope),
  );
  return result.rows;
}

export interface SeriesRow {
  at: Date;
  bucket: ReportBucket;
  sent: string;
  opens: string;
  clicks: string;
  bounces: string;
}

/**
 * Sends, opens, clicks and bounces per bucket, every bucket of the period present. Activity is
 * first summed per hour (few rows), then the buckets come from generate_series and take their
 * hours. Without a period, it spans the activity; without a bucket, hours for up to three days.
 * Buckets are UTC and step by fixed hours, so no daylight-saving shift moves them.
 */
export async function activitySeries(
  pool: pg.Pool,
  scope: ReportScope,
  bucket: ReportBucket | null,
): Promise<SeriesRow[]> {
  const result = await pool.query<SeriesRow>(
    `WITH ${executionsCte(scope)},
     hourly AS (
       SELECT h, sum(sent) AS sent, sum(opens) AS opens, sum(clicks) AS clicks, sum(bounces) AS bounces
         FROM (SELECT date_trunc('hour', m.sent_at, 'UTC') AS h, count(*) AS sent, 0 AS opens, 0 AS clicks, 0 AS bounces
                 FROM ex JOIN messages m ON m.sandbox_id = $1 AND m.execution_id = ex.id
                WHERE m.status IN ('sent', 'delivered') AND ${inPeriod('m.sent_at')}
                GROUP BY 1
               UNION ALL
               SELECT date_trunc('hour', t.at, 'UTC'), 0, count(*) FILTER (WHERE t.kind = 'open'),
                      count(*) FILTER (WHERE t.kind = 'click'), 0
                 FROM ex JOIN tracking_events t ON t.sandbox_id = $1 AND t.execution_id = ex.id
                WHERE t.kind IN ('open', 'click') AND ${inPeriod('t.at')}
                GROUP BY 1
               UNION ALL
               SELECT date_trunc('hour', b.at, 'UTC'), 0, 0, 0, count(*)
                 FROM (SELECT min(f.received_at) AS at
                         FROM ex JOIN delivery_feedback f ON f.sandbox_id = $1 AND f.execution_id = ex.id
                        WHERE f.kind <> 'complaint' AND ${inPeriod('f.received_at')}
                        GROUP BY f.execution_id, f.recipient_key, f.action_id, f.kind) b
                GROUP BY 1) u
        GROUP BY h
     ),
     bounds AS (
       SELECT coalesce($4::timestamptz, min(h)) AS lo,
              coalesce($5::timestamptz, max(h) + interval '1 hour') AS hi
         FROM hourly
     ),
     unit AS (
       SELECT lo, hi,
              coalesce($6::text, CASE WHEN hi - lo <= interval '72 hours' THEN 'hour' ELSE 'day' END) AS b
         FROM bounds WHERE lo IS NOT NULL AND hi > lo
     )
     SELECT g AS at, u.b AS bucket,
            coalesce(sum(x.sent), 0) AS sent, coalesce(sum(x.opens), 0) AS opens,
            coalesce(sum(x.clicks), 0) AS clicks, coalesce(sum(x.bounces), 0) AS bounces
       FROM unit u
      CROSS JOIN generate_series(date_trunc(u.b, u.lo, 'UTC'), u.hi - interval '1 microsecond',
                                 make_interval(hours => CASE u.b WHEN 'hour' THEN 1 ELSE 24 END)) g
       LEFT JOIN hourly x ON date_trunc(u.b, x.h, 'UTC') = g
      GROUP BY g, u.b
      ORDER BY g`,
    [...params(scope), bucket],
  );
  return result.rows;
}
