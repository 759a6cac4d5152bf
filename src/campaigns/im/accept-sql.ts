// The statements that store a group of accepted calls in one transaction: their requestIds (the
// idempotency rows, which decide who wins), then per channel configuration all their messages in
// one statement and all their executions with their batches in another.
import type pg from 'pg';
import type { Configuration, MessageCategory } from '../../channels/model.ts';
import { prepared } from '../../db/prepared.ts';
import { CHANNEL_EXCLUSIONS } from '../../delivery/model.ts';
import type { DirectRecipient } from '../../delivery/plan-direct.ts';
import { addressing } from '../../delivery/plan-sql.ts';
import type { Channel } from '../../profiles/model.ts';
import { IDEMPOTENCY_MS } from './calls.ts';
import type { ExecutionResponse } from './model.ts';

/** A call that passed its checks, with everything its rows need. */
export interface AcceptedCall {
  sandboxId: string;
  campaignId: string;
  requestId: string;
  kind: 'unitary' | 'highthroughput';
  response: ExecutionResponse;
  createdBy: string;
  at: Date;
  actionId: string;
  channel: Channel;
  category: MessageCategory;
  configuration: Configuration;
  content: unknown;
  feedback: boolean;
  recipients: DirectRecipient[];
}

/** The idempotency key: a requestId is unique per campaign. */
export const requestKey = (c: Pick<AcceptedCall, 'sandboxId' | 'campaignId' | 'requestId'>) =>
  `${c.sandboxId}\n${c.campaignId}\n${c.requestId}`;

/**
 * Records the calls' requestIds with their answers; returns the keys recorded. A key held by a
 * row younger than the idempotency window (committed, or committed meanwhile by a concurrent
 * transaction this statement waits for) is not: that call repeats an earlier one.
 */
export async function recordRequests(
  client: pg.PoolClient,
  calls: AcceptedCall[],
): Promise<Set<string>> {
  const recorded = await client.query<{
    sandbox_id: string;
    campaign_id: string;
    request_id: string;
  }>(
    prepared(
      `INSERT INTO trigger_requests (sandbox_id, campaign_id, request_id, kind, execution_id,
                                     response, created_by, created_at)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::uuid[],
                            $6::jsonb[], $7::text[], $8::timestamptz[])
       ON CONFLICT (sandbox_id, campaign_id, request_id) DO UPDATE
          SET kind = EXCLUDED.kind, execution_id = EXCLUDED.execution_id, schedule_id = NULL,
              response = EXCLUDED.response, created_by = EXCLUDED.created_by,
              created_at = EXCLUDED.created_at
        WHERE trigger_requests.created_at <= EXCLUDED.created_at - $9 * interval '1 millisecond'
       RETURNING sandbox_id, campaign_id, request_id`,
      [
        calls.map((c) => c.sandboxId),
        calls.map((c) => c.campaignId),
        calls.map((c) => c.requestId),
        calls.map((c) => c.kind),
        calls.map((c) => c.response.executionId),
        calls.map((c) => JSON.stringify(c.response)),
        calls.map((c) => c.createdBy),
        calls.map((c) => c.at),
        IDEMPOTENCY_MS,
      ],
    ),
  );
  return new Set(
    recorded.rows.map((r) =>
      requestKey({ sandboxId: r.sandbox_id, campaignId: r.campaign_id, requestId: r.request_id }),
    ),
  );
}

/** The first answers to the calls that repeat an earlier one, by key. */
export async function earlierResponses(
  client: pg.PoolClient,
  calls: AcceptedCall[],
): Promise<Map<string, ExecutionResponse>> {
  const found = await client.query<{
    sandbox_id: string;
    campaign_id: string;
    request_id: string;
    response: ExecutionResponse;
  }>(
    `SELECT t.sandbox_id, t.campaign_id, t.request_id, t.response
       FROM trigger_requests t
       JOIN unnest($1::uuid[], $2::uuid[], $3::text[]) AS k(sandbox_id, campaign_id, request_id)
         ON t.sandbox_id = k.sandbox_id AND t.campaign_id = k.campaign_id AND t.request_id = k.request_id`,
    [calls.map((c) => c.sandboxId), calls.map((c) => c.campaignId), calls.map((c) => c.requestId)],
  );
  return new Map(
    found.rows.map((r) => [
      requestKey({ sandboxId: r.sandbox_id, campaignId: r.campaign_id, requestId: r.request_id }),
      r.response,
    ]),
  );
}

/** Messages, executions and batches of calls that share a sandbox and a configuration. */
async function writeGroup(client: pg.PoolClient, calls: AcceptedCall[]): Promise<void> {
  const first = calls[0]!;
  const { configuration, channel, category } = first;
  const codes = CHANNEL_EXCLUSIONS[channel];
  const address = addressing(configuration);
  const spamAllowed =
    configuration.channel === 'email' &&
    category === 'transactional' &&
    configuration.settings.sendToSpamComplainers;
  const rows = calls.flatMap((c) => c.recipients.map((r) => ({ call: c, r })));
  const written = await client.query<{ execution_id: string; status: string }>(
    prepared(
      `WITH r AS (
         SELECT * FROM unnest($2::uuid[], $3::text[], $4::uuid[], $5::text[], $6::jsonb[], $15::timestamptz[])
           AS r(execution_id, key, profile_id, given, render_data, created_at)
       ),
       addressed AS MATERIALIZED (
         SELECT r.execution_id, r.key, r.profile_id, r.render_data, r.created_at,
                coalesce(r.given, CASE WHEN r.profile_id IS NOT NULL THEN ${address.sql} END) AS address,
                (SELECT c.status FROM profile_consent c
                  WHERE c.sandbox_id = $1 AND c.profile_id = r.profile_id AND c.channel = $7) AS consent
           FROM r
       ),
       judged AS (
         SELECT a.*,
                CASE WHEN a.address IS NULL OR a.address = '' THEN $8
                     WHEN a.address !~ $9 THEN $10
                     WHEN $11 AND a.consent IS DISTINCT FROM 'y' THEN $12
                     WHEN EXISTS (SELECT 1 FROM suppressions s
                                   WHERE s.sandbox_id = $1 AND s.channel = $7 AND s.address = a.address COLLATE "C"
                                     AND NOT ($13::boolean AND s.category = 'spamComplaint')) THEN 'Suppressed'
                END AS reason
           FROM addressed a
       )
       INSERT INTO messages (sandbox_id, execution_id, recipient_key, action_id, profile_id, address,
                             status, reason, batch_no, render_data, created_at, updated_at)
       SELECT $1, j.execution_id, j.key, $14, j.profile_id, j.address,
              CASE WHEN j.reason IS NULL THEN 'queued' ELSE 'excluded' END, j.reason,
              CASE WHEN j.reason IS NULL THEN 0 END, j.render_data, j.created_at, j.created_at
         FROM judged j
       RETURNING execution_id, status`,
      [
        first.sandboxId,
        rows.map((x) => x.call.response.executionId),
        rows.map((x) => x.r.key),
        rows.map((x) => x.r.profileId),
        rows.map((x) => x.r.address),
        rows.map((x) => (x.r.renderData ? JSON.stringify(x.r.renderData) : null)),
        channel,
        codes.noAddress,
        address.pattern,
        codes.malformed,
        category === 'marketing',
        codes.noConsent,
        spamAllowed,
        first.actionId,
        rows.map((x) => x.call.at),
      ],
    ),
  );
  const queued = new Map<string, number>();
  for (const row of written.rows)
    if (row.status === 'queued')
      queued.set(row.execution_id, (queued.get(row.execution_id) ?? 0) + 1);
  // One copy of each distinct content, referenced by number from its executions.
  const contents: string[] = [];
  const contentNo = new Map<unknown, number>();
  for (const c of calls)
    if (!contentNo.has(c.content)) {
      contents.push(JSON.stringify(c.content));
      contentNo.set(c.content, contents.length);
    }
  await client.query(
    prepared(
      `WITH x AS (
         SELECT * FROM unnest($7::uuid[], $8::uuid[], $9::int[], $10::int[], $11::text[],
                              $12::timestamptz[], $13::text[], $14::boolean[], $15::int[], $16::int[])
           AS x(id, campaign_id, content_no, batch_size, created_by, created_at, request_id, feedback,
                recipients, queued)
       ),
       execution AS (
         INSERT INTO executions (sandbox_id, id, campaign_id, action_id, channel, category, configuration_id,
                                 content, batch_size, status, created_by, created_at, starts_at, request_id,
                                 feedback, recipients, excluded, batches, finished_at)
         SELECT $1, x.id, x.campaign_id, $2, $3, $4, $5, ($6::jsonb[])[x.content_no], x.batch_size,
                CASE WHEN x.queued = 0 THEN 'completed' ELSE 'planned' END, x.created_by, x.created_at,
                x.created_at, x.request_id, x.feedback, x.recipients, x.recipients - x.queued,
                CASE WHEN x.queued = 0 THEN 0 ELSE 1 END, CASE WHEN x.queued = 0 THEN x.created_at END
           FROM x
         RETURNING sandbox_id, id, batches, starts_at
       )
       INSERT INTO execution_batches (sandbox_id, execution_id, batch_no, status, not_before)
       SELECT e.sandbox_id, e.id, 0, 'pending', e.starts_at FROM execution e WHERE e.batches > 0`,
      [
        first.sandboxId,
        first.actionId,
        channel,
        category,
        configuration.id,
        contents,
        calls.map((c) => c.response.executionId),
        calls.map((c) => c.campaignId),
        calls.map((c) => contentNo.get(c.content)!),
        calls.map((c) => Math.max(1, c.recipients.length)),
        calls.map((c) => c.createdBy),
        calls.map((c) => c.at),
        calls.map((c) => c.requestId),
        calls.map((c) => c.feedback),
        calls.map((c) => c.recipients.length),
        calls.map((c) => queued.get(c.response.executionId) ?? 0),
      ],
    ),
  );
}

/** Writes the executions of recorded calls, one pair of statements per configuration. */
export async function writeExecutions(client: pg.PoolClient, calls: AcceptedCall[]): Promise<void> {
  const groups = new Map<string, AcceptedCall[]>();
  for (const c of calls) {
    const key = [c.sandboxId, c.configuration.id, c.actionId, c.channel, c.category].join('\n');
    const group = groups.get(key);
    if (group) group.push(c);
    else groups.set(key, [c]);
  }
  for (const group of groups.values()) await writeGroup(client, group);
}
