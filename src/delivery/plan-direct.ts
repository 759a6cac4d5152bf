// Planning a handful of recipients named by an API call (SPEC T2): one execution with one batch,
// written in three statements in the caller's transaction, so the call's 202 means the messages
// exist. A recipient may carry its own address (external recipients, channel data) and the data
// it renders with (`{context, profile}`); the exclusions are those of every send: address,
// consent for marketing, suppression.
import type pg from 'pg';
import type { Configuration } from '../channels/model.ts';
import { AppError } from '../platform/errors.ts';
import { CHANNEL_EXCLUSIONS } from './model.ts';
import type { Channel } from '../profiles/model.ts';
import type { MessageCategory } from '../channels/model.ts';
import { prepared } from '../db/prepared.ts';
import { addressing } from './plan-sql.ts';
import type { PlannedExecution } from './plan.ts';

export interface DirectRecipient {
  /** Unique in the execution (the API's userId). */
  key: string;
  profileId: string | null;
  /** Overrides the profile's address for the channel. */
  address: string | null;
  /** What the recipient's content renders with besides its profile. */
  renderData: { context?: unknown; profile?: unknown } | null;
}

export interface DirectExecutionRequest {
  sandboxId: string;
  campaignId: string;
  actionId: string;
  channel: Channel;
  category: MessageCategory;
  configurationId: string;
  content: unknown;
  recipients: DirectRecipient[];
  /** The API call's requestId. */
  requestId: string;
  /** Delivery events go to the sandbox's feedback webhook. */
  feedback: boolean;
  startsAt: Date;
  createdBy: string;
}

export async function planDirectExecution(
  client: pg.PoolClient,
  request: DirectExecutionRequest,
  configuration: Configuration,
  now: Date,
): Promise<PlannedExecution> {
  if (configuration.status !== 'active')
    throw new AppError(
      'CHANNEL_CONFIG_STATUS',
      `The configuration "${configuration.name}" is not active.`,
    );
  // The messages first (under an id chosen here), then the execution with its counts and its
  // batch in one statement: two round trips for a whole API call.
  const executionId = crypto.randomUUID();
  const codes = CHANNEL_EXCLUSIONS[request.channel];
  const address = addressing(configuration);
  const spamAllowed =
    configuration.channel === 'email' &&
    request.category === 'transactional' &&
    configuration.settings.sendToSpamComplainers;
  const written = await client.query<{ status: string }>(
    prepared(
      `WITH r AS (
       SELECT * FROM unnest($2::text[], $3::uuid[], $4::text[], $5::jsonb[]) AS r(key, profile_id, given, render_data)
     ),
     addressed AS MATERIALIZED (
       SELECT r.key, r.profile_id, r.render_data,
              coalesce(r.given, CASE WHEN r.profile_id IS NOT NULL THEN ${address.sql} END) AS address,
              (SELECT c.status FROM profile_consent c
                WHERE c.sandbox_id = $1 AND c.profile_id = r.profile_id AND c.channel = $6) AS consent
         FROM r
     ),
     judged AS (
       SELECT a.*,
              CASE WHEN a.address IS NULL OR a.address = '' THEN $7
                   WHEN a.address !~ $8 THEN $9
                   WHEN $10 AND a.consent IS DISTINCT FROM 'y' THEN $11
                   WHEN EXISTS (SELECT 1 FROM suppressions s
                                 WHERE s.sandbox_id = $1 AND s.channel = $6 AND s.address = a.address COLLATE "C"
                                   AND NOT ($12::boolean AND s.category = 'spamComplaint')) THEN 'Suppressed'
              END AS reason
         FROM addressed a
     )
     INSERT INTO messages (sandbox_id, execution_id, recipient_key, action_id, profile_id, address,
                           status, reason, batch_no, render_data, created_at, updated_at)
     SELECT $1, $13, j.key, $14, j.profile_id, j.address,
            CASE WHEN j.reason IS NULL THEN 'queued' ELSE 'excluded' END, j.reason,
            CASE WHEN j.reason IS NULL THEN 0 END, j.render_data, $15, $15
       FROM judged j
     RETURNING status`,
      [
        request.sandboxId,
        request.recipients.map((r) => r.key),
        request.recipients.map((r) => r.profileId),
        request.recipients.map((r) => r.address),
        request.recipients.map((r) => (r.renderData ? JSON.stringify(r.renderData) : null)),
        request.channel,
        codes.noAddress,
        address.pattern,
        codes.malformed,
        request.category === 'marketing',
        codes.noConsent,
        spamAllowed,
        executionId,
        request.actionId,
        now,
      ],
    ),
  );
  const queued = written.rows.filter((r) => r.status === 'queued').length;
  const excluded = written.rows.length - queued;
  const batches = queued > 0 ? 1 : 0;
  await client.query(
    prepared(
      `WITH execution AS (
       INSERT INTO executions (sandbox_id, id, campaign_id, action_id, channel, category, configuration_id,
                               content, batch_size, status, created_by, created_at, starts_at, request_id,
                               feedback, recipients, excluded, batches, finished_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9,
               CASE WHEN $18::int = 0 THEN 'completed' ELSE 'planned' END, $10, $11, $12, $13, $14,
               $15, $16, $18, CASE WHEN $18::int = 0 THEN $11::timestamptz END)
       RETURNING sandbox_id, id
     )
     INSERT INTO execution_batches (sandbox_id, execution_id, batch_no, status, not_before)
     SELECT e.sandbox_id, e.id, 0, 'pending', $17 FROM execution e WHERE $18::int > 0`,
      [
        request.sandboxId,
        executionId,
        request.campaignId,
        request.actionId,
        request.channel,
        request.category,
        request.configurationId,
        JSON.stringify(request.content),
        Math.max(1, request.recipients.length),
        request.createdBy,
        now,
        request.startsAt,
        request.requestId,
        request.feedback,
        written.rows.length,
        excluded,
        request.startsAt,
        batches,
      ],
    ),
  );
  return { id: executionId, recipients: written.rows.length, queued, excluded, batches };
}
