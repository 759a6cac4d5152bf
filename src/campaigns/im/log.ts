// The execution log of an API-triggered campaign: each accepted call with its requestId and what
// became of its messages, newest first, searchable by requestId.
import { Type, type Static } from '@sinclair/typebox';
import type pg from 'pg';
import { AppError } from '../../platform/errors.ts';

export const TriggerLogEntry = Type.Object({
  requestId: Type.String(),
  kind: Type.Union([
    Type.Literal('unitary'),
    Type.Literal('highthroughput'),
    Type.Literal('audience'),
  ]),
  executionId: Type.Union([Type.String(), Type.Null()]),
  scheduleId: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String({ format: 'date-time' }),
  createdBy: Type.String(),
  recipients: Type.Integer(),
  excluded: Type.Integer(),
  sent: Type.Integer(),
  failed: Type.Integer(),
  pending: Type.Integer(),
});
export type TriggerLogEntry = Static<typeof TriggerLogEntry>;

export async function triggerLog(
  pool: pg.Pool,
  sandboxId: string,
  campaignId: string,
  query: { requestId?: string | undefined; limit: number; cursor?: string | undefined },
): Promise<{ items: TriggerLogEntry[]; nextCursor: string | null }> {
  if (query.cursor && Number.isNaN(Date.parse(query.cursor)))
    throw new AppError('VALIDATION_FAILED', 'The cursor is not one this list returned.', [
      { path: '/cursor', message: 'is not valid' },
    ]);
  const rows = await pool.query<{
    request_id: string;
    kind: TriggerLogEntry['kind'];
    execution_id: string | null;
    schedule_id: string | null;
    created_at: Date;
    created_by: string;
    recipients: string;
    excluded: string;
    sent: string;
    failed: string;
    pending: string;
  }>(
    `SELECT t.request_id, t.kind, t.execution_id, t.schedule_id, t.created_at, t.created_by,
            count(m.*) AS recipients,
            count(*) FILTER (WHERE m.status = 'excluded') AS excluded,
            count(*) FILTER (WHERE m.status IN ('sent', 'delivered')) AS sent,
            count(*) FILTER (WHERE m.status = 'failed') AS failed,
            count(*) FILTER (WHERE m.status IN ('queued', 'sending', 'retrying')) AS pending
       FROM trigger_requests t
       LEFT JOIN messages m ON m.sandbox_id = t.sandbox_id AND m.execution_id = t.execution_id
      WHERE t.sandbox_id = $1 AND t.campaign_id = $2
        AND ($3::text IS NULL OR t.request_id ILIKE $3 || '%')
        AND ($4::timestamptz IS NULL OR t.created_at < $4)
      GROUP BY t.sandbox_id, t.campaign_id, t.request_id
      ORDER BY t.created_at DESC, t.request_id DESC LIMIT $5`,
    [sandboxId, campaignId, query.requestId ?? null, query.cursor ?? null, query.limit + 1],
  );
  const page = rows.rows.slice(0, query.limit);
  return {
    items: page.map((r) => ({
      requestId: r.request_id,
      kind: r.kind,
      executionId: r.execution_id,
      scheduleId: r.schedule_id,
      createdAt: r.created_at.toISOString(),
      createdBy: r.created_by,
      recipients: Number(r.recipients),
      excluded: Number(r.excluded),
      sent: Number(r.sent),
      failed: Number(r.failed),
      pending: Number(r.pending),
    })),
    nextCursor:
      rows.rows.length > query.limit ? (page.at(-1)?.created_at.toISOString() ?? null) : null,
  };
}
