// The local mailbox's table: messages captured by the mailbox providers or received by the SMTP
// sink (inbound.ts), read by the API.
import type { ColumnType, Kysely, Selectable } from 'kysely';
import { simpleParser } from 'mailparser';
import type { Db } from '../../db/connection.ts';
import { AppError } from '../../platform/errors.ts';
import type { MailboxMessage, MailboxMessageSummary, MailboxQuery } from './model.ts';

export type MailboxTables = {
  mailbox_messages: {
    sandbox_id: string;
    id: ColumnType<string, string | undefined, never>;
    channel: 'email' | 'sms' | 'push';
    source: ColumnType<'provider' | 'smtp', 'provider' | 'smtp' | undefined, never>;
    configuration_id: string | null;
    message_id: string;
    recipient: string;
    subject: string;
    preview: string;
    raw: Buffer | null;
    payload: ColumnType<unknown, string | null, never>;
    envelope_from: ColumnType<string | null, string | null | undefined, never>;
    parse_error: ColumnType<string | null, string | null | undefined, never>;
    created_at: Date;
  };
};
export type MailboxDb = Kysely<MailboxTables>;
type Row = Selectable<MailboxTables['mailbox_messages']>;

export const mailboxDb = (db: Db): MailboxDb => db.withTables<MailboxTables>();

export interface CapturedMessage {
  sandboxId: string;
  channel: 'email' | 'sms' | 'push';
  configurationId: string;
  messageId: string;
  recipient: string;
  subject: string;
  preview: string;
  raw?: Buffer | undefined;
  payload?: unknown;
  at: Date;
}

/** Keeps one message; its id is what the mailbox provider reports as the provider id. */
export async function captureMessage(db: MailboxDb, message: CapturedMessage): Promise<string> {
  const row = await db
    .insertInto('mailbox_messages')
    .values({
      sandbox_id: message.sandboxId,
      channel: message.channel,
      configuration_id: message.configurationId,
      message_id: message.messageId,
      recipient: message.recipient,
      subject: message.subject,
      preview: message.preview.slice(0, 200),
      raw: message.raw ?? null,
      payload: message.payload === undefined ? null : JSON.stringify(message.payload),
      created_at: message.at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

const summary = (row: Row): MailboxMessageSummary => ({
  id: row.id,
  channel: row.channel,
  source: row.source,
  configurationId: row.configuration_id,
  messageId: row.message_id,
  recipient: row.recipient,
  subject: row.subject,
  preview: row.preview,
  createdAt: row.created_at.toISOString(),
});

const likeText = (text: string) => `%${text.replace(/[\\%_]/g, (c) => '\\' + c)}%`;

/** Newest first; the cursor is the last item's time and id. */
export async function listMailbox(db: MailboxDb, sandboxId: string, query: MailboxQuery) {
  const limit = query.limit ?? 50;
  let q = db.selectFrom('mailbox_messages').selectAll().where('sandbox_id', '=', sandboxId);
  if (query.channel) q = q.where('channel', '=', query.channel);
  if (query.recipient)
    q = q.where('recipient', 'ilike', query.recipient.replace(/[\\%_]/g, '\\$&'));
  if (query.q) {
    const text = likeText(query.q);
    q = q.where((eb) =>
      eb.or([
        eb('subject', 'ilike', text),
        eb('preview', 'ilike', text),
        eb('recipient', 'ilike', text),
      ]),
    );
  }
  const cursor = query.cursor ? parseCursor(query.cursor) : undefined;
  if (cursor)
    q = q.where((eb) => eb(eb.refTuple('created_at', 'id'), '<', eb.tuple(cursor.at, cursor.id)));
  const rows = await q
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit + 1)
    .execute();
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    items: page.map(summary),
    nextCursor: rows.length > limit && last ? `${last.created_at.toISOString()}_${last.id}` : null,
  };
}

function parseCursor(cursor: string): { at: Date; id: string } {
  const [at, id] = cursor.split('_');
  const date = new Date(at ?? '');
  if (!id || !/^[0-9a-f-]{36}$/.test(id) || Number.isNaN(date.getTime()))
    throw new AppError('VALIDATION_FAILED', 'The cursor is not one this list returned.', [
      { path: '/cursor', message: 'is not valid' },
    ]);
  return { at: date, id };
}

async function getRow(db: MailboxDb, sandboxId: string, id: string): Promise<Row> {
  const row = await db
    .selectFrom('mailbox_messages')
    .selectAll()
    .where('sandbox_id', '=', sandboxId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw new AppError('NOT_FOUND', 'No such message in the mailbox.');
  return row;
}

/** Every header line in order, unfolded. */
function headerList(lines: readonly { line: string }[]) {
  return lines.map(({ line }) => ({
    name: line.slice(0, line.indexOf(':')),
    value: line
      .slice(line.indexOf(':') + 1)
      .replace(/\r?\n[ \t]+/g, ' ')
      .trim(),
  }));
}

/** One message with its parts: an email parsed from its MIME source, else its payload. */
export async function getMailboxMessage(
  db: MailboxDb,
  sandboxId: string,
  id: string,
): Promise<MailboxMessage> {
  const row = await getRow(db, sandboxId, id);
  if (!row.raw) return { ...summary(row), payload: row.payload };
  const email = {
    headers: [] as { name: string; value: string }[],
    html: null as string | null,
    text: null as string | null,
    size: row.raw.length,
    envelopeFrom: row.envelope_from,
    parseError: row.parse_error,
  };
  // Mail received by SMTP may be anything; what failed to parse on arrival is not tried again,
  // and what fails now is shown as such rather than as a server error.
  if (email.parseError) return { ...summary(row), email };
  try {
    const parsed = await simpleParser(row.raw, { skipImageLinks: true });
    email.headers = headerList(parsed.headerLines);
    email.html = parsed.html || null;
    email.text = parsed.text ?? null;
  } catch (error) {
    email.parseError = error instanceof Error ? error.message : String(error);
  }
  return { ...summary(row), email };
}

/** The stored MIME source of an email, as it would have gone out. */
export async function getMailboxRaw(db: MailboxDb, sandboxId: string, id: string) {
  const row = await getRow(db, sandboxId, id);
  if (!row.raw) throw new AppError('NOT_FOUND', 'This mailbox message is not an email.');
  return row.raw;
}
