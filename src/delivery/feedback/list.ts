// Reading the feedback log: what receivers and providers reported about messages, newest first.
import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../../db/connection.ts';
import { AppError } from '../../platform/errors.ts';
import type { Channel } from '../../profiles/model.ts';
import type { FeedbackEntry, FeedbackKindName, FeedbackSourceName } from './list-model.ts';

export { FeedbackEntry, FeedbackFilters } from './list-model.ts';

interface FeedbackRow {
  id: string;
  channel: Channel;
  source: FeedbackSourceName;
  kind: FeedbackKindName;
  address: string;
  status_code: string | null;
  diagnostic: string;
  execution_id: string | null;
  recipient_key: string | null;
  profile_id: string | null;
  configuration_id: string | null;
  received_at: Date;
}

function toEntry(row: FeedbackRow): FeedbackEntry {
  return {
    id: Number(row.id),
    channel: row.channel,
    source: row.source,
    kind: row.kind,
    address: row.address,
    statusCode: row.status_code,
    diagnostic: row.diagnostic,
    executionId: row.execution_id,
    recipientKey: row.recipient_key,
    profileId: row.profile_id,
    configurationId: row.configuration_id,
    receivedAt: row.received_at.toISOString(),
  };
}

export interface FeedbackQuery {
  channel?: Channel | undefined;
  kind?: FeedbackKindName | undefined;
  source?: FeedbackSourceName | undefined;
  address?: string | undefined;
  addressStartsWith?: string | undefined;
  executionId?: string | undefined;
  profileId?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  limit: number;
  cursor?: string | undefined;
}

/** The cursor is the last row's (received_at, id): ids break ties between reports of one instant. */
function encodeCursor(row: FeedbackRow): string {
  return Buffer.from(JSON.stringify([row.received_at.toISOString(), row.id])).toString('base64url');
}

function decodeCursor(cursor: string): [Date, string] {
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString()) as unknown[];
    const when = new Date(String(at));
    if (Number.isNaN(when.getTime()) || !/^\d{1,19}$/.test(String(id))) throw new Error();
    return [when, String(id)];
  } catch {
    throw new AppError('VALIDATION_FAILED', 'The cursor is not one this list gave.', [
      { path: '/cursor', message: 'is not a cursor of this list' },
    ]);
  }
}

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => '\\' + c);

export async function listFeedback(db: Db, sandboxId: string, query: FeedbackQuery) {
  const where: RawBuilder<unknown>[] = [sql`sandbox_id = ${sandboxId}`];
  if (query.channel) where.push(sql`channel = ${query.channel}`);
  if (query.kind) where.push(sql`kind = ${query.kind}`);
  if (query.source) where.push(sql`source = ${query.source}`);
  if (query.address) where.push(sql`address = ${query.address}`);
  if (query.addressStartsWith)
    where.push(sql`address LIKE ${escapeLike(query.addressStartsWith) + '%'}`);
  if (query.executionId) where.push(sql`execution_id = ${query.executionId}`);
  if (query.profileId) where.push(sql`profile_id = ${query.profileId}`);
  if (query.from) where.push(sql`received_at >= ${new Date(query.from)}`);
  if (query.to) where.push(sql`received_at < ${new Date(query.to)}`);
  if (query.cursor) {
    const [at, id] = decodeCursor(query.cursor);
    where.push(sql`(received_at, id) < (${at}, ${id}::bigint)`);
  }
  const rows = (
    await sql<FeedbackRow>`SELECT id, channel, source, kind, address, status_code, diagnostic,
             execution_id, recipient_key, profile_id, configuration_id, received_at
        FROM delivery_feedback WHERE ${sql.join(where, sql` AND `)}
       ORDER BY received_at DESC, id DESC LIMIT ${query.limit + 1}`.execute(db)
  ).rows;
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    items: page.map(toEntry),
    nextCursor: rows.length > query.limit && last ? encodeCursor(last) : null,
  };
}
