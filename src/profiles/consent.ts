// Marketing consent per profile and channel, with the full history of changes.
import type { ProfilesDb, ProfilesTx } from './db.ts';
import type { Channel, ConsentStatus } from './model.ts';

/** Records a change only when the status differs from the current one; returns whether it did. */
export async function applyConsent(
  tx: ProfilesTx,
  change: {
    sandboxId: string;
    profileId: string;
    channel: Channel;
    status: ConsentStatus;
    source: string;
    at: Date;
  },
): Promise<boolean> {
  const current = await tx
    .selectFrom('profile_consent')
    .select('status')
    .where('sandbox_id', '=', change.sandboxId)
    .where('profile_id', '=', change.profileId)
    .where('channel', '=', change.channel)
    .forUpdate()
    .executeTakeFirst();
  const currentStatus: ConsentStatus =
    current?.status === 'y' ? 'y' : current?.status === 'n' ? 'n' : 'unknown';
  if (currentStatus === change.status) return false;
  if (change.status === 'unknown') {
    await tx
      .deleteFrom('profile_consent')
      .where('sandbox_id', '=', change.sandboxId)
      .where('profile_id', '=', change.profileId)
      .where('channel', '=', change.channel)
      .execute();
  } else {
    await tx
      .insertInto('profile_consent')
      .values({
        sandbox_id: change.sandboxId,
        profile_id: change.profileId,
        channel: change.channel,
        status: change.status,
        source: change.source,
        changed_at: change.at,
      })
      .onConflict((oc) =>
        oc
          .columns(['sandbox_id', 'profile_id', 'channel'])
          .doUpdateSet({ status: change.status, source: change.source, changed_at: change.at }),
      )
      .execute();
  }
  await tx
    .insertInto('consent_history')
    .values({
      sandbox_id: change.sandboxId,
      profile_id: change.profileId,
      channel: change.channel,
      status: change.status,
      source: change.source,
      at: change.at,
    })
    .execute();
  return true;
}

export async function consentHistory(db: ProfilesDb, sandboxId: string, profileId: string) {
  const rows = await db
    .selectFrom('consent_history')
    .selectAll()
    .where('sandbox_id', '=', sandboxId)
    .where('profile_id', '=', profileId)
    .orderBy('id', 'desc')
    .limit(500)
    .execute();
  return rows.map((row) => ({
    channel: row.channel as Channel,
    status: row.status as ConsentStatus,
    source: row.source,
    at: row.at.toISOString(),
  }));
}
