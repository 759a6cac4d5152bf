// Mirror pages: the HTML of an email as its recipient received it (tracked links, personal data
// and all), written before the provider is called so the link works as soon as the email
// arrives, and served at /t/m/{token}. Only messages whose content links to the page keep one.
import { promisify } from 'node:util';
import { gunzip, gzip } from 'node:zlib';
import type pg from 'pg';
import type { MessageRef } from './tokens.ts';

const zip = promisify(gzip);
const unzip = promisify(gunzip);

export async function keepMirror(
  pool: pg.Pool,
  ref: MessageRef,
  profileId: string | null,
  html: string,
  now: Date,
): Promise<void> {
  // A retry renders the message again: the page shows the last version sent.
  await pool.query(
    `INSERT INTO message_mirrors (sandbox_id, execution_id, recipient_key, action_id, profile_id, html_gzip, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (sandbox_id, execution_id, recipient_key, action_id)
     DO UPDATE SET html_gzip = excluded.html_gzip, created_at = excluded.created_at`,
    [
      ref.sandboxId,
      ref.executionId,
      ref.recipientKey,
      ref.actionId,
      profileId,
      await zip(html),
      now,
    ],
  );
}

/** The message's mirror page; undefined when none was kept. */
export async function loadMirror(pool: pg.Pool, ref: MessageRef): Promise<string | undefined> {
  const found = await pool.query<{ html_gzip: Buffer }>(
    `SELECT html_gzip FROM message_mirrors
      WHERE sandbox_id = $1 AND execution_id = $2 AND recipient_key = $3 AND action_id = $4`,
    [ref.sandboxId, ref.executionId, ref.recipientKey, ref.actionId],
  );
  const row = found.rows[0];
  return row ? (await unzip(row.html_gzip)).toString('utf8') : undefined;
}
