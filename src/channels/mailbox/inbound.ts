// Mail received by the mailbox SMTP sink: parsed once on arrival for the fields the list shows and
// searches (subject, text preview, Message-ID), then kept as one row per envelope recipient, the
// way each recipient of a real message gets a copy of their own.
import { sql } from 'kysely';
import { simpleParser } from 'mailparser';
import type { MailboxDb } from './store.ts';

export interface InboundEmail {
  sandboxId: string;
  /** SMTP MAIL FROM; empty for a null reverse-path (bounces). */
  envelopeFrom: string;
  /** SMTP RCPT TO addresses, at least one. */
  recipients: string[];
  raw: Buffer;
  at: Date;
}

interface ListedFields {
  messageId: string;
  subject: string;
  preview: string;
  parseError: string | null;
}

/** The fields of the list; malformed MIME gives empty ones and the parser's reason. */
export async function listedFields(raw: Buffer): Promise<ListedFields> {
  try {
    const parsed = await simpleParser(raw, { skipImageLinks: true });
    return {
      messageId: parsed.messageId ?? '',
      subject: parsed.subject ?? '',
      preview: (parsed.text ?? '').replace(/\s+/g, ' ').trim().slice(0, 200),
      parseError: null,
    };
  } catch (error) {
    return {
      messageId: '',
      subject: '',
      preview: '',
      parseError: error instanceof Error ? error.message : String(error),
    };
  }
}

/**
 * Keeps a received message for each of its recipients in one statement; the raw source travels
 * to the database once however many recipients there are. Returns the new rows' ids.
 */
export async function storeInboundEmail(db: MailboxDb, email: InboundEmail): Promise<string[]> {
  const fields = await listedFields(email.raw);
  const result = await sql<{ id: string }>`
    INSERT INTO mailbox_messages (sandbox_id, channel, source, message_id, recipient, subject,
                                  preview, raw, envelope_from, parse_error, created_at)
    SELECT ${email.sandboxId}::uuid, 'email', 'smtp', ${fields.messageId}::text, recipient,
           ${fields.subject}::text, ${fields.preview}::text, ${email.raw}::bytea,
           ${email.envelopeFrom}::text, ${fields.parseError}::text, ${email.at}::timestamptz
    FROM unnest(${email.recipients}::text[]) WITH ORDINALITY AS r (recipient, position)
    ORDER BY position
    RETURNING id`.execute(db);
  return result.rows.map((row) => row.id);
}
