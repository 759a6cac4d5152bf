// Audience executions (SPEC T2): the campaign's content to a whole audience with one request-level
// context, now or at `schedule.executeAt` (a schedule that can be read and deleted until it fires).
import { takeSnapshot } from '../../audiences/snapshots.ts';
import { audiencesDb, getAudience } from '../../audiences/store.ts';
import type { Database } from '../../db/connection.ts';
import { planExecution } from '../../delivery/plan.ts';
import { SYSTEM_ACTOR, type Clock } from '../../platform/context.ts';
import { ACTION_ID } from '../execution.ts';
import type { Campaign } from '../model.ts';
import { uncached } from './call-cache.ts';
import {
  callableCampaign,
  checkRates,
  CONTEXT_LIMIT,
  earlierResponse,
  jsonBytes,
  recordRequest,
  reportsFeedback,
  type TriggerCall,
} from './calls.ts';
import { ImError } from './errors.ts';
import type {
  AudienceRequest,
  ExecutionResponse,
  ExecutionStatusResponse,
  ScheduledExecutionResponse,
} from './model.ts';
import { RateLimiter } from './rate-limit.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

async function audienceOf(call: TriggerCall, campaign: Campaign, given: string | undefined) {
  const id = given ?? campaign.audience?.audienceId;
  if (!id)
    throw new ImError('IM_VALIDATION', {
      field: '/audience/id',
      reason: 'is required (the campaign has no audience)',
    });
  if (!UUID.test(id)) throw new ImError('IM_AUDIENCE_NOT_FOUND', { audienceId: id });
  try {
    return await getAudience(audiencesDb(call.db), call.sandboxId, id);
  } catch {
    throw new ImError('IM_AUDIENCE_NOT_FOUND', { audienceId: id });
  }
}

/** Snapshots the audience and plans the execution with the request's context. */
async function executeAudience(
  call: TriggerCall,
  campaign: Campaign,
  audienceId: string,
  requestId: string,
  context: Record<string, unknown> | undefined,
  scheduleId: string | null,
): Promise<ExecutionResponse> {
  const action = campaign.action;
  const content = campaign.content;
  if (!action || content?.mode !== 'single')
    throw new Error(`campaign ${campaign.id} is incomplete`);
  const snapshot = await takeSnapshot(
    {
      db: audiencesDb(call.db),
      sandboxId: call.sandboxId,
      actor: call.actor,
      clock: call.clock,
      pool: call.pool,
    },
    audienceId,
  );
  const configuration = await call.reads.configuration(
    call.db,
    call.sandboxId,
    action.configurationId,
  );
  const now = call.clock.now();
  const client = await call.pool.connect();
  try {
    await client.query('BEGIN');
    const planned = await planExecution(
      client,
      {
        sandboxId: call.sandboxId,
        campaignId: campaign.id,
        actionId: ACTION_ID,
        channel: action.channel,
        category: campaign.category,
        configurationId: action.configurationId,
        content: content.content,
        source: { snapshotId: snapshot.id },
        ratePerSecond: undefined,
        startsAt: now,
        createdBy: call.actor.label,
      },
      configuration,
      now,
    );
    await client.query(
      `UPDATE executions SET request_id = $3, context = $4, feedback = $5,
              status = CASE WHEN batches = 0 THEN 'completed' ELSE status END,
              finished_at = CASE WHEN batches = 0 THEN $6::timestamptz ELSE finished_at END
        WHERE sandbox_id = $1 AND id = $2`,
      [
        call.sandboxId,
        planned.id,
        requestId,
        context ? JSON.stringify(context) : null,
        reportsFeedback(campaign),
        now,
      ],
    );
    const response: ExecutionResponse = {
      executionId: planned.id,
      requestId,
      createdAt: now.toISOString(),
      createdBy: call.actor.label,
      modifiedAt: now.toISOString(),
      modifiedBy: call.actor.label,
    };
    const recorded = await recordRequest(client, call, {
      campaignId: campaign.id,
      requestId,
      kind: 'audience',
      executionId: planned.id,
      scheduleId,
      response,
    });
    if (!recorded.recorded) {
      await client.query('ROLLBACK');
      return recorded.response as ExecutionResponse;
    }
    await client.query('COMMIT');
    return response;
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
}

export async function acceptAudience(
  call: TriggerCall,
  body: AudienceRequest,
  wake: (at: Date) => Promise<void>,
): Promise<ExecutionResponse | ScheduledExecutionResponse> {
  const campaign = await callableCampaign(call, body.campaignId, 'audience');
  const requestId = body.requestId ?? crypto.randomUUID();
  const earlier = await earlierResponse(call, campaign.id, requestId);
  if (earlier) return earlier as ExecutionResponse | ScheduledExecutionResponse;
  checkRates(call, campaign);
  if (body.context && jsonBytes(body.context) > CONTEXT_LIMIT)
    throw new ImError('IM_CONTEXT_TOO_LARGE', { field: '/context' });
  const audience = await audienceOf(call, campaign, body.audience?.id);
  const executeAt = body.schedule?.executeAt ? new Date(body.schedule.executeAt) : undefined;
  if (!executeAt || executeAt <= call.clock.now())
    return executeAudience(call, campaign, audience.id, requestId, body.context, null);
  const client = await call.pool.connect();
  try {
    await client.query('BEGIN');
    const scheduled = await client.query<{ id: string }>(
      `INSERT INTO trigger_schedules (sandbox_id, campaign_id, request_id, audience_id, context, execute_at,
                                      status, created_by, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, 'scheduled', $7, $8) RETURNING id`,
      [
        call.sandboxId,
        campaign.id,
        requestId,
        audience.id,
        body.context ? JSON.stringify(body.context) : null,
        executeAt,
        call.actor.label,
        call.clock.now(),
      ],
    );
    const scheduleId = scheduled.rows[0]!.id;
    const response: ScheduledExecutionResponse = {
      scheduleId,
      audience: { id: audience.id },
      campaignId: campaign.id,
      executeAt: executeAt.toISOString(),
      scheduleStatus: 'Scheduled',
    };
    const recorded = await recordRequest(client, call, {
      campaignId: campaign.id,
      requestId,
      kind: 'audience',
      executionId: null,
      scheduleId,
      response,
    });
    if (!recorded.recorded) {
      await client.query('ROLLBACK');
      return recorded.response as ScheduledExecutionResponse;
    }
    await client.query('COMMIT');
    await wake(executeAt);
    return response;
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
}

export async function audienceExecutionStatus(
  call: TriggerCall,
  executionId: string,
): Promise<ExecutionStatusResponse> {
  if (!UUID.test(executionId)) throw new ImError('IM_EXECUTION_NOT_FOUND', { executionId });
  const found = await call.pool.query<{
    campaign_id: string;
    status: string;
    recipients: string;
    created_at: Date;
    audience_id: string | null;
  }>(
    `SELECT e.campaign_id, e.status, e.recipients, e.created_at, s.audience_id
       FROM executions e
       JOIN trigger_requests t ON t.sandbox_id = e.sandbox_id AND t.execution_id = e.id AND t.kind = 'audience'
       LEFT JOIN audience_snapshots s ON s.sandbox_id = e.sandbox_id AND s.id = e.snapshot_id
      WHERE e.sandbox_id = $1 AND e.id = $2`,
    [call.sandboxId, executionId],
  );
  const row = found.rows[0];
  if (!row) throw new ImError('IM_EXECUTION_NOT_FOUND', { executionId });
  return {
    executionId,
    campaignId: row.campaign_id,
    ...(row.audience_id ? { audienceId: row.audience_id } : {}),
    status:
      row.status === 'completed'
        ? 'Succeeded'
        : row.status === 'cancelled'
          ? 'Failed'
          : 'InProgress',
    targetedProfileCount: Number(row.recipients),
    createdAt: row.created_at.toISOString(),
  };
}

interface ScheduleRow {
  id: string;
  campaign_id: string;
  request_id: string;
  audience_id: string;
  execute_at: Date;
  status: string;
  execution_id: string | null;
}

function toScheduleResponse(row: ScheduleRow): ScheduledExecutionResponse {
  return {
    scheduleId: row.id,
    audience: { id: row.audience_id },
    campaignId: row.campaign_id,
    executeAt: row.execute_at.toISOString(),
    scheduleStatus: row.status === 'scheduled' ? 'Scheduled' : 'Triggered',
    ...(row.execution_id
      ? { executionDetails: { executionId: row.execution_id, requestId: row.request_id } }
      : {}),
  };
}

async function scheduleRow(call: TriggerCall, scheduleId: string): Promise<ScheduleRow> {
  if (!UUID.test(scheduleId)) throw new ImError('IM_SCHEDULE_NOT_FOUND', { scheduleId });
  const found = await call.pool.query<ScheduleRow>(
    `SELECT id, campaign_id, request_id, audience_id, execute_at, status, execution_id
       FROM trigger_schedules WHERE sandbox_id = $1 AND id = $2 AND status <> 'deleted'`,
    [call.sandboxId, scheduleId],
  );
  const row = found.rows[0];
  if (!row) throw new ImError('IM_SCHEDULE_NOT_FOUND', { scheduleId });
  return row;
}

export async function getSchedule(call: TriggerCall, scheduleId: string) {
  return toScheduleResponse(await scheduleRow(call, scheduleId));
}

export async function deleteSchedule(call: TriggerCall, scheduleId: string): Promise<void> {
  await scheduleRow(call, scheduleId);
  const deleted = await call.pool.query(
    `UPDATE trigger_schedules SET status = 'deleted'
      WHERE sandbox_id = $1 AND id = $2 AND status = 'scheduled'`,
    [call.sandboxId, scheduleId],
  );
  if (deleted.rowCount === 0) throw new ImError('IM_SCHEDULE_TRIGGERED', { scheduleId });
}

/** Fires the schedules that are due (taken with SKIP LOCKED, so any process may look). */
export async function fireDueSchedules(deps: {
  database: Database;
  clock: Clock;
}): Promise<number> {
  let fired = 0;
  for (let i = 0; i < 100; i++) {
    const now = deps.clock.now();
    const client = await deps.database.pool.connect();
    try {
      await client.query('BEGIN');
      const due = await client.query<{
        sandbox_id: string;
        id: string;
        campaign_id: string;
        request_id: string;
        audience_id: string;
        context: Record<string, unknown> | null;
        name: string;
      }>(
        `SELECT t.sandbox_id, t.id, t.campaign_id, t.request_id, t.audience_id, t.context, s.name
           FROM trigger_schedules t JOIN sandboxes s ON s.id = t.sandbox_id
          WHERE t.status = 'scheduled' AND t.execute_at <= $1
          ORDER BY t.execute_at LIMIT 1 FOR UPDATE OF t SKIP LOCKED`,
        [now],
      );
      const row = due.rows[0];
      if (!row) {
        await client.query('COMMIT');
        break;
      }
      const call: TriggerCall = {
        pool: deps.database.pool,
        db: deps.database.db,
        sandboxId: row.sandbox_id,
        sandboxName: row.name,
        actor: SYSTEM_ACTOR,
        clock: deps.clock,
        limiter: new RateLimiter(),
        keyRate: Number.MAX_SAFE_INTEGER,
        reads: uncached,
      };
      let status = 'triggered';
      let executionId: string | null = null;
      let error: string | null = null;
      try {
        const campaign = await callableCampaign(call, row.campaign_id, 'audience');
        const executed = await executeAudience(
          call,
          campaign,
          row.audience_id,
          `${row.request_id}:${row.id}`,
          row.context ?? undefined,
          row.id,
        );
        executionId = executed.executionId;
      } catch (failure) {
        status = 'failed';
        error = failure instanceof Error ? failure.message : String(failure);
      }
      await client.query(
        `UPDATE trigger_schedules SET status = $3, execution_id = $4, error = $5
          WHERE sandbox_id = $1 AND id = $2`,
        [row.sandbox_id, row.id, status, executionId, error],
      );
      await client.query('COMMIT');
      fired++;
    } catch (failure) {
      await client.query('ROLLBACK');
      throw failure;
    } finally {
      client.release();
    }
  }
  return fired;
}
