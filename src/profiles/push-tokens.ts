// Push registrations: device tokens (APNs, FCM) and Web Push subscriptions per profile.
import type { Selectable } from 'kysely';
import { AppError } from '../platform/errors.ts';
import type { ProfilesDb } from './db.ts';
import type { PushTokenCreate } from './model.ts';
import type { ProfilesCall } from './profiles.ts';
import type { ProfilesTables } from './tables.ts';

function toPushToken(row: Selectable<ProfilesTables['push_tokens']>) {
  return {
    id: row.id,
    platform: row.platform,
    appId: row.app_id,
    token: row.token,
    webKeys: row.web_keys,
    active: row.active,
    deactivatedAt: row.deactivated_at?.toISOString() ?? null,
    deactivatedReason: row.deactivated_reason,
    createdAt: row.created_at.toISOString(),
  };
}

/** Registers a token for a profile; a token seen on another profile moves to this one. */
export async function registerPushToken(
  call: ProfilesCall,
  profileId: string,
  input: PushTokenCreate,
) {
  if (input.platform === 'web' && !input.webKeys)
    throw new AppError('WEB_PUSH_KEYS_REQUIRED', undefined, [
      { path: '/webKeys', message: 'is required for web push' },
    ]);
  return call.db.transaction().execute(async (tx) => {
    const profile = await tx
      .selectFrom('profiles')
      .select('id')
      .where('sandbox_id', '=', call.sandboxId)
      .where('id', '=', profileId)
      .executeTakeFirst();
    if (!profile) throw new AppError('PROFILE_NOT_FOUND');
    const now = call.clock.now();
    await tx
      .deleteFrom('push_tokens')
      .where('sandbox_id', '=', call.sandboxId)
      .where('app_id', '=', input.appId)
      .where('token', '=', input.token)
      .where('profile_id', '!=', profileId)
      .execute();
    const row = await tx
      .insertInto('push_tokens')
      .values({
        sandbox_id: call.sandboxId,
        profile_id: profileId,
        platform: input.platform,
        app_id: input.appId,
        token: input.token,
        web_keys: input.webKeys ? JSON.stringify(input.webKeys) : null,
        created_at: now,
        updated_at: now,
      })
      .onConflict((oc) =>
        oc.columns(['sandbox_id', 'app_id', 'token']).doUpdateSet({
          platform: input.platform,
          web_keys: input.webKeys ? JSON.stringify(input.webKeys) : null,
          active: true,
          deactivated_at: null,
          deactivated_reason: null,
          updated_at: now,
        }),
      )
      .returningAll()
      .executeTakeFirstOrThrow();
    return toPushToken(row);
  });
}

export async function pushTokensOf(db: ProfilesDb, sandboxId: string, profileId: string) {
  const rows = await db
    .selectFrom('push_tokens')
    .selectAll()
    .where('sandbox_id', '=', sandboxId)
    .where('profile_id', '=', profileId)
    .orderBy('created_at', 'desc')
    .execute();
  return rows.map(toPushToken);
}

/** A provider reported the token invalid (unregistered, expired): stop sending to it. */
export async function deactivatePushToken(
  call: ProfilesCall,
  input: { appId: string; token: string; reason: string },
) {
  const row = await call.db
    .updateTable('push_tokens')
    .set({
      active: false,
      deactivated_at: call.clock.now(),
      deactivated_reason: input.reason,
      updated_at: call.clock.now(),
    })
    .where('sandbox_id', '=', call.sandboxId)
    .where('app_id', '=', input.appId)
    .where('token', '=', input.token)
    .returningAll()
    .executeTakeFirst();
  if (!row) throw new AppError('PUSH_TOKEN_NOT_FOUND');
  return toPushToken(row);
}
