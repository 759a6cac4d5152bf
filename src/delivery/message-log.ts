// The message log (SPEC X8): every message of an execution or of a profile, with its status,
// reason, provider id and times; and an execution's totals by status and reason.
import { Type } from '@sinclair/typebox';
import { sql } from 'kysely';
import type { Db } from '../db/connection.ts';
import { csvField } from '../platform/csv.ts';
import { AppError } from '../platform/errors.ts';
import type { LoggedMessage, MessageStatus } from './model.ts';

export { LoggedMessage, MessageStatusName } from './model.ts';

interface MessageRow {
  execution_id: string;
  recipient_key: string;
  action_id: string;
  profile_id: string | null;
  address: string | null;
  status: MessageStatus;
  reason: string | null;
  attempts: number;
  provider_id: string | null;
  error: string | null;
  created_at: Date;
  updated_at: Date;
  sent_at: Date | null;
}

function toMessage(row: MessageRow): LoggedMessage {
  return {
    executionId: row.execution_id,
    recipientKey: row.recipient_key,
    actionId: row.action_id,
    profileId: row.profile_id,
    address: row.address,
    status: row.status,
    reason: row.reason,
    attempts: row.attempts,
    providerId: row.provider_id,
    error: row.error,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    sentAt: row.sent_at?.toISOString() ?? null,
  };
}

export interface MessageQuery {
  executionId?: string | undefined;
  profileId?: string | undefined;
  status?: MessageStatus | undefined;
  limit: number;
  cursor?: string | undefined;
}

/** Messages of one execution (in recipient order) or of one profile (newest first). */
export async function listMessages(db: Db, sandboxId: string, query: MessageQuery) {
  if (!query.executionId && !query.profileId)
    throw new AppError('VALIDATION_FAILED', 'Give executionId or profileId.', [
      { path: '/executionId', message: 'or profileId is required' },
    ]);
  const status = query.status ? sql`AND status = ${query.status}` : sql``;
  const limit = query.limit + 1;
  let rows: MessageRow[];
  if (query.executionId) {
    const after = query.cursor ? sql`AND recipient_key > ${query.cursor}` : sql``;
    const profile = query.profileId ? sql`AND profile_id = ${query.profileId}` : sql``;
    rows = (
      await sql<MessageRow>`SELECT * FROM messages
        WHERE sandbox_id = ${sandboxId} AND execution_id = ${query.executionId} ${profile} ${status} ${after}
        ORDER BY recipient_key LIMIT ${limit}`.execute(db)
    ).rows;
  } else {
    const after = query.cursor
      ? sql`AND (created_at, execution_id) < (${new Date(query.cursor.slice(0, 24))}, ${query.cursor.slice(25)}::uuid)`
      : sql``;
    rows = (
      await sql<MessageRow>`SELECT * FROM messages
        WHERE sandbox_id = ${sandboxId} AND profile_id = ${query.profileId} ${status} ${after}
        ORDER BY created_at DESC, execution_id DESC LIMIT ${limit}`.execute(db)
    ).rows;
  }
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  const nextCursor =
    rows.length > query.limit && last
      ? query.executionId
        ? last.recipient_key
        : `${last.created_at.toISOString()}/${last.execution_id}`
      : null;
  return { items: page.map(toMessage), nextCursor };
}

const CSV_COLUMNS = [
  'execution_id',
  'recipient_key',
  'action_id',
  'profile_id',
  'address',
  'status',
  'reason',
  'attempts',
  'provider_id',
  'error',
  'created_at',
  'updated_at',
  'sent_at',
] as const;

/** The message log as CSV (SPEC R3), read in pages so a large execution never sits in memory. */
export async function* messagesCsv(
  db: Db,
  sandboxId: string,
  query: Omit<MessageQuery, 'limit' | 'cursor'>,
): AsyncGenerator<string> {
  yield CSV_COLUMNS.join(',') + '\n';
  let cursor: string | undefined;
  do {
    const page = await listMessages(db, sandboxId, { ...query, limit: 5000, cursor });
    yield page.items
      .map(
        (m) =>
          [
            m.executionId,
            m.recipientKey,
            m.actionId,
            m.profileId ?? '',
            m.address ?? '',
            m.status,
            m.reason ?? '',
            String(m.attempts),
            m.providerId ?? '',
            m.error ?? '',
            m.createdAt,
            m.updatedAt,
            m.sentAt ?? '',
          ]
            .map(csvField)
            .join(',') + '\n',
      )
      .join('');
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
}

export const ExecutionSummary = Type.Object({
  id: Type.String({ format: 'uuid' }),
  campaignId: Type.Union([Type.String({ format: 'uuid' }), Type.Null()]),
  actionId: Type.String(),
  channel: Type.String(),
  category: Type.String(),
  status: Type.String(),
  recipients: Type.Integer(),
  byStatus: Type.Record(Type.String(), Type.Integer()),
  excludedByReason: Type.Record(Type.String(), Type.Integer()),
  createdAt: Type.String({ format: 'date-time' }),
  startsAt: Type.String({ format: 'date-time' }),
  finishedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});

/** An execution with its messages counted by status and its exclusions by reason. */
export async function executionSummary(db: Db, sandboxId: string, id: string) {
  const found = await sql<{
    id: string;
    campaign_id: string | null;
    action_id: string;
    channel: string;
    category: string;
    status: string;
    recipients: string;
    created_at: Date;
    starts_at: Date;
    finished_at: Date | null;
  }>`SELECT * FROM executions WHERE sandbox_id = ${sandboxId} AND id = ${id}`.execute(db);
  const execution = found.rows[0];
  if (!execution) throw new AppError('EXECUTION_NOT_FOUND');
  const counts = await sql<{ status: string; reason: string | null; n: number }>`
    SELECT status, reason, count(*)::int AS n FROM messages
     WHERE sandbox_id = ${sandboxId} AND execution_id = ${id} GROUP BY status, reason`.execute(db);
  const byStatus: Record<string, number> = {};
  const excludedByReason: Record<string, number> = {};
  for (const row of counts.rows) {
    byStatus[row.status] = (byStatus[row.status] ?? 0) + row.n;
    if (row.status === 'excluded' && row.reason)
      excludedByReason[row.reason] = (excludedByReason[row.reason] ?? 0) + row.n;
  }
  return {
    id: execution.id,
    campaignId: execution.campaign_id,
    actionId: execution.action_id,
    channel: execution.channel,
    category: execution.category,
    status: execution.status,
    recipients: Number(execution.recipients),
    byStatus,
    excludedByReason,
    createdAt: execution.created_at.toISOString(),
    startsAt: execution.starts_at.toISOString(),
    finishedAt: execution.finished_at?.toISOString() ?? null,
  };
}
