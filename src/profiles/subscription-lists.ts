// Named subscription lists per sandbox and their members.
import { sql } from 'kysely';
import { recordAudit } from '../platform/audit.ts';
import { AppError } from '../platform/errors.ts';
import type { ProfilesDb } from './db.ts';
import type { ProfilesCall } from './profiles.ts';

export async function listSubscriptionLists(db: ProfilesDb, sandboxId: string) {
  const rows = await db
    .selectFrom('subscription_lists as l')
    .select(['l.id', 'l.name', 'l.description', 'l.created_at'])
    .select(
      sql<number>`(SELECT count(*)::int FROM subscription_members m WHERE m.sandbox_id = l.sandbox_id AND m.list_id = l.id)`.as(
        'members',
      ),
    )
    .where('l.sandbox_id', '=', sandboxId)
    .orderBy('l.name')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    description: row.description,
    members: row.members,
    createdAt: row.created_at.toISOString(),
  }));
}

export async function createSubscriptionList(
  call: ProfilesCall,
  input: { name: string; description?: string | undefined },
) {
  return call.db.transaction().execute(async (tx) => {
    const row = await tx
      .insertInto('subscription_lists')
      .values({
        sandbox_id: call.sandboxId,
        name: input.name.trim(),
        description: input.description ?? '',
      })
      .onConflict((oc) => oc.columns(['sandbox_id', 'name']).doNothing())
      .returningAll()
      .executeTakeFirst();
    if (!row)
      throw new AppError('SUBSCRIPTION_LIST_EXISTS', undefined, [
        { path: '/name', message: 'is taken' },
      ]);
    const list = {
      id: row.id,
      name: row.name,
      description: row.description,
      members: 0,
      createdAt: row.created_at.toISOString(),
    };
    await recordAudit(tx, {
      sandboxId: call.sandboxId,
      actor: call.actor,
      action: 'subscriptionList.create',
      entityType: 'subscriptionList',
      entityId: row.id,
      after: list,
      requestId: call.requestId,
      at: call.clock.now(),
    });
    return list;
  });
}

export async function deleteSubscriptionList(call: ProfilesCall, id: string): Promise<void> {
  await call.db.transaction().execute(async (tx) => {
    const row = await tx
      .deleteFrom('subscription_lists')
      .where('sandbox_id', '=', call.sandboxId)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
    if (!row) throw new AppError('SUBSCRIPTION_LIST_NOT_FOUND');
    await recordAudit(tx, {
      sandboxId: call.sandboxId,
      actor: call.actor,
      action: 'subscriptionList.delete',
      entityType: 'subscriptionList',
      entityId: id,
      before: { name: row.name },
      requestId: call.requestId,
      at: call.clock.now(),
    });
  });
}

export async function addMember(
  call: ProfilesCall,
  listId: string,
  profileId: string,
  source: string,
): Promise<void> {
  const list = await call.db
    .selectFrom('subscription_lists')
    .select('id')
    .where('sandbox_id', '=', call.sandboxId)
    .where('id', '=', listId)
    .executeTakeFirst();
  if (!list) throw new AppError('SUBSCRIPTION_LIST_NOT_FOUND');
  const profile = await call.db
    .selectFrom('profiles')
    .select('id')
    .where('sandbox_id', '=', call.sandboxId)
    .where('id', '=', profileId)
    .executeTakeFirst();
  if (!profile)
    throw new AppError('PROFILE_NOT_FOUND', undefined, [
      { path: '/profileId', message: 'no such profile' },
    ]);
  await call.db
    .insertInto('subscription_members')
    .values({
      sandbox_id: call.sandboxId,
      list_id: listId,
      profile_id: profileId,
      source,
      subscribed_at: call.clock.now(),
    })
    .onConflict((oc) => oc.columns(['sandbox_id', 'list_id', 'profile_id']).doNothing())
    .execute();
}

export async function removeMember(
  call: ProfilesCall,
  listId: string,
  profileId: string,
): Promise<void> {
  await call.db
    .deleteFrom('subscription_members')
    .where('sandbox_id', '=', call.sandboxId)
    .where('list_id', '=', listId)
    .where('profile_id', '=', profileId)
    .execute();
}

export async function listsOfProfile(db: ProfilesDb, sandboxId: string, profileId: string) {
  const rows = await db
    .selectFrom('subscription_members as m')
    .innerJoin('subscription_lists as l', (join) =>
      join.onRef('l.sandbox_id', '=', 'm.sandbox_id').onRef('l.id', '=', 'm.list_id'),
    )
    .select(['l.id', 'l.name', 'm.source', 'm.subscribed_at'])
    .where('m.sandbox_id', '=', sandboxId)
    .where('m.profile_id', '=', profileId)
    .orderBy('l.name')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    source: row.source,
    subscribedAt: row.subscribed_at.toISOString(),
  }));
}
