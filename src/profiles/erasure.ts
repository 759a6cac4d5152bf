// What erasing a profile does to the history of the messages sent to it: the messages, their
// tracking events and delivery reports stay (reports and counts still add up) but lose every
// link to the person — address, personalisation data, user agent, diagnostic text, and a
// recipient key that held an identity value (an API call's userId) becomes an opaque digest. The
// mirror pages (the email as the person received it) are deleted. Suppressions stay: an address
// that bounced or unsubscribed must never be mailed again.
import { sql } from 'kysely';
import type { ProfilesTx } from './db.ts';

/**
 * `addresses` are the profile's identity values read before they were deleted: delivery reports
 * matched by address alone (a DSN for an address, not a message) are found through them.
 */
export async function anonymiseMessageHistory(
  tx: ProfilesTx,
  sandboxId: string,
  profileId: string,
  addresses: string[],
): Promise<void> {
  // A recipient key that is not the profile id carries an identity value: it is replaced, the
  // same way in every table that refers to the message by it.
  const erasedKey = (column: string) =>
    sql.raw(
      `CASE WHEN ${column} = '${profileId.replace(/[^0-9a-f-]/g, '')}' THEN ${column} ELSE 'erased:' || md5(${column}) END`,
    );
  await sql`
    UPDATE messages SET address = NULL, render_data = NULL, profile_id = NULL,
           recipient_key = ${erasedKey('recipient_key')}
     WHERE sandbox_id = ${sandboxId} AND profile_id = ${profileId}`.execute(tx);
  await sql`DELETE FROM message_mirrors WHERE sandbox_id = ${sandboxId} AND profile_id = ${profileId}`.execute(
    tx,
  );
  await sql`
    UPDATE tracking_events SET profile_id = NULL, user_agent = NULL,
           recipient_key = ${erasedKey('recipient_key')}
     WHERE sandbox_id = ${sandboxId} AND profile_id = ${profileId}`.execute(tx);
  await sql`
    UPDATE delivery_feedback SET profile_id = NULL, address = 'erased', diagnostic = '',
           recipient_key = CASE WHEN recipient_key IS NULL THEN NULL ELSE ${erasedKey('recipient_key')} END
     WHERE sandbox_id = ${sandboxId}
       AND (profile_id = ${profileId} OR address = ANY(${addresses}::text[]))`.execute(tx);
}
