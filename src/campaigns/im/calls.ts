// What every execution API call checks first: the campaign (exists, API-triggered, live, inside
// its window, of the right mode), the rate limits, and a repeated requestId.
import type pg from 'pg';
import type { Db } from '../../db/connection.ts';
import { prepared } from '../../db/prepared.ts';
import type { Actor, Clock } from '../../platform/context.ts';
import type { Campaign } from '../model.ts';
import type { CallReads } from './call-cache.ts';
import type { ProfileLookup } from './profile-lookup.ts';
import { ImError } from './errors.ts';
import type { RateLimiter } from './rate-limit.ts';

export const IDEMPOTENCY_MS = 24 * 3_600_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface TriggerCall {
  pool: pg.Pool;
  db: Db;
  sandboxId: string;
  sandboxName: string;
  actor: Actor;
  clock: Clock;
  limiter: RateLimiter;
  /** Calls per second per API key (or user). */
  keyRate: number;
  /** Campaign, configuration and namespaces: through the process's short cache in the API. */
  reads: CallReads;
  /** Profile lookups shared by the calls arriving together (in the API). */
  profiles?: ProfileLookup;
}

export type CallKind = 'unitary' | 'highthroughput' | 'audience';

/** The live API-triggered campaign a call names, or the error that refuses the call. */
export async function callableCampaign(
  call: TriggerCall,
  campaignId: string,
  kind: CallKind,
): Promise<Campaign> {
  if (!UUID.test(campaignId)) throw new ImError('IM_CAMPAIGN_NOT_FOUND', { campaignId });
  let campaign: Campaign;
  try {
    // The campaign alone (no next-run lookup), at most CALL_CACHE_TTL_MS old in the API.
    campaign = await call.reads.campaign(call.db, call.sandboxId, campaignId);
  } catch {
    throw new ImError('IM_CAMPAIGN_NOT_FOUND', { campaignId });
  }
  if (campaign.type !== 'api') throw new ImError('IM_CAMPAIGN_TYPE', { campaignId });
  if (campaign.status !== 'live')
    throw new ImError('IM_CAMPAIGN_NOT_LIVE', { campaignId, campaignStatus: campaign.status });
  const trigger = campaign.trigger;
  const now = call.clock.now();
  if (
    (trigger?.startAt && now < new Date(trigger.startAt)) ||
    (trigger?.endAt && now >= new Date(trigger.endAt))
  )
    throw new ImError('IM_OUTSIDE_WINDOW', {
      campaignId,
      ...(trigger.startAt ? { startAt: trigger.startAt } : {}),
      ...(trigger.endAt ? { endAt: trigger.endAt } : {}),
    });
  const highThroughput = trigger?.highThroughput ?? false;
  if ((kind === 'highthroughput') !== highThroughput)
    throw new ImError(
      'IM_CAMPAIGN_MODE',
      { campaignId },
      highThroughput
        ? 'The campaign is in high-throughput mode: call /im/executions/highthroughput.'
        : kind === 'highthroughput'
          ? 'The campaign is not in high-throughput mode: call /im/executions/unitary.'
          : 'Audience executions are not available in high-throughput mode.',
    );
  return campaign;
}

/** 429 with Retry-After past the campaign's or the caller's rate. */
export function checkRates(call: TriggerCall, campaign: Campaign): void {
  const now = call.clock.now().getTime();
  const campaignRate = campaign.trigger?.ratePerSecond;
  const checks: [string, number][] = [[`key:${call.actor.id ?? 'system'}`, call.keyRate]];
  if (campaignRate) checks.unshift([`campaign:${campaign.id}`, campaignRate]);
  for (const [key, rate] of checks) {
    const taken = call.limiter.take(key, rate, now);
    if (!taken.ok)
      throw new ImError(
        'IM_RATE_LIMITED',
        { campaignId: campaign.id, limit: `${rate}/s` },
        undefined,
        taken.retryAfter,
      );
  }
}

/** The first answer to this requestId within 24 hours, if there was one. */
export async function earlierResponse(
  call: TriggerCall,
  campaignId: string,
  requestId: string,
): Promise<unknown> {
  const found = await call.pool.query<{ response: unknown }>(
    prepared(
      `SELECT response FROM trigger_requests
        WHERE sandbox_id = $1 AND campaign_id = $2 AND request_id = $3 AND created_at > $4`,
      [
        call.sandboxId,
        campaignId,
        requestId,
        new Date(call.clock.now().getTime() - IDEMPOTENCY_MS),
      ],
    ),
  );
  return found.rows[0]?.response;
}

/**
 * Records the request with its answer in the caller's transaction; when the same requestId won a
 * race meanwhile, answers with that one's response instead (the caller rolls back).
 */
export async function recordRequest(
  client: pg.PoolClient,
  call: TriggerCall,
  row: {
    campaignId: string;
    requestId: string;
    kind: CallKind;
    executionId: string | null;
    scheduleId: string | null;
    response: unknown;
  },
): Promise<{ recorded: true } | { recorded: false; response: unknown }> {
  const now = call.clock.now();
  // A row for this requestId older than the idempotency window is replaced; a newer one wins.
  const inserted = await client.query(
    prepared(
      `INSERT INTO trigger_requests (sandbox_id, campaign_id, request_id, kind, execution_id, schedule_id,
                                   response, created_by, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
     ON CONFLICT (sandbox_id, campaign_id, request_id) DO UPDATE
        SET kind = EXCLUDED.kind, execution_id = EXCLUDED.execution_id,
            schedule_id = EXCLUDED.schedule_id, response = EXCLUDED.response,
            created_by = EXCLUDED.created_by, created_at = EXCLUDED.created_at
      WHERE trigger_requests.created_at <= $10`,
      [
        call.sandboxId,
        row.campaignId,
        row.requestId,
        row.kind,
        row.executionId,
        row.scheduleId,
        JSON.stringify(row.response),
        call.actor.label,
        now,
        new Date(now.getTime() - IDEMPOTENCY_MS),
      ],
    ),
  );
  if (inserted.rowCount === 1) return { recorded: true };
  const other = await call.pool.query<{ response: unknown }>(
    'SELECT response FROM trigger_requests WHERE sandbox_id = $1 AND campaign_id = $2 AND request_id = $3',
    [call.sandboxId, row.campaignId, row.requestId],
  );
  return { recorded: false, response: other.rows[0]?.response };
}

/** Delivery events go to the feedback webhook for the transactional sends of campaigns that ask. */
export function reportsFeedback(campaign: Campaign): boolean {
  return campaign.category === 'transactional' && (campaign.trigger?.feedback ?? false);
}

/** Bytes of a JSON value; contexts are limited to 200 KB. */
export const CONTEXT_LIMIT = 200 * 1024;
export function jsonBytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value ?? null));
}
