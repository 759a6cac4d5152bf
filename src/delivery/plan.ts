// Planning an execution, set-based in one transaction: every recipient gets a message row before
// anything is sent — queued with a batch number and its variant, or excluded with its reason
// code — and the batches get the earliest time they may start, which is how a throttled, timed
// send is paced across any number of workers without talking to each other.
import type pg from 'pg';
import type { Configuration } from '../channels/model.ts';
import { AppError } from '../platform/errors.ts';
import { DEFAULT_BATCH_SIZE, THROTTLE_WINDOW_HOURS, type ExecutionRequest } from './model.ts';
import { capsReachedSql, sourceValue, SqlParams } from './plan-sql.ts';
import { insertTimed, insertUntimed, loadSlots, type StatementInput } from './plan-statement.ts';
import { isTimed } from './plan-timing.ts';
import { prepareVariants, variantContents } from './plan-variants.ts';

export interface PlannedExecution {
  id: string;
  recipients: number;
  queued: number;
  excluded: number;
  batches: number;
}

/**
 * Writes the execution, its messages and its batches. Runs in the caller's transaction (targeting
 * rules need one: their matches go through a temporary table dropped at commit).
 */
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
  const variants = variantContents(request.variants);
  const batchSize = request.batchSize ?? DEFAULT_BATCH_SIZE;
  const rate = request.ratePerSecond;
  // Beyond what the rate can send within the window, recipients are excluded (and counted).
  const cap = rate ? rate * THROTTLE_WINDOW_HOURS * 3600 : null;
  const created = await client.query<{ id: string }>(
    `INSERT INTO executions (sandbox_id, campaign_id, action_id, channel, category, configuration_id, content,
                             snapshot_id, rate_per_second, batch_size, status, created_by, created_at, starts_at,
                             run_no, variants)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'planned', $11, $12, $13, $14, $15) RETURNING id`,
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
      request.runNo ?? null,
      variants ? JSON.stringify(variants) : null,
    ],
  );
  const executionId = created.rows[0]!.id;
  const params = new SqlParams();
  params.add(request.sandboxId);
  params.add(sourceValue(request.source));
  params.add(executionId);
  const input: StatementInput = {
    request,
    configuration,
    executionId,
    params,
    variants: await prepareVariants(client, request, executionId, params),
    // Transactional messages are never capped.
    caps:
      request.category === 'marketing'
        ? await capsReachedSql(
            client,
            request.sandboxId,
            executionId,
            request.frequencyCaps ?? [],
            params,
          )
        : undefined,
    now,
    batchSize,
    rate,
    cap,
  };
  const timing = request.timing;
  const batches =
    timing && isTimed(timing, request.category)
      ? await insertTimed(client, input, timing, await loadSlots(client, request, timing, now))
      : await insertUntimed(client, input);
  const counts = await client.query<{ recipients: string; excluded: string }>(
    `UPDATE executions e SET recipients = c.recipients, excluded = c.excluded, batches = $3
       FROM (SELECT count(*) AS recipients, count(*) FILTER (WHERE status = 'excluded') AS excluded
               FROM messages WHERE sandbox_id = $1 AND execution_id = $2) c
      WHERE e.sandbox_id = $1 AND e.id = $2
      RETURNING c.recipients, c.excluded`,
    [request.sandboxId, executionId, batches],
  );
  const recipients = Number(counts.rows[0]?.recipients ?? 0);
  const excluded = Number(counts.rows[0]?.excluded ?? 0);
  return { id: executionId, recipients, queued: recipients - excluded, excluded, batches };
}
