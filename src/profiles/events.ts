// Profile events: appended in batches, read by profile and time.
import { sql } from 'kysely';
import { AppError } from '../platform/errors.ts';
import type { ProfilesDb } from './db.ts';
import type { EventInput } from './model.ts';
import { normalizeIdentity } from './namespaces.ts';

export interface EventRejection {
  index: number;
  code: 'PROFILE_NOT_FOUND' | 'IDENTITY_INVALID';
  message: string;
}

/** Stores the events whose identity resolves to a profile; reports the others by index. */
export async function ingestEvents(
  db: ProfilesDb,
  sandboxId: string,
  events: EventInput[],
  now: Date,
): Promise<{ accepted: number; rejected: EventRejection[] }> {
  const rejected: EventRejection[] = [];
  const normalized = events.map((event, index) => {
    const identity = normalizeIdentity(event.identity.namespace, event.identity.value);
    if ('error' in identity) {
      rejected.push({
        index,
        code: 'IDENTITY_INVALID',
        message: `/events/${index}/identity/value ${identity.error}`,
      });
      return undefined;
    }
    return { ...event, identity: { namespace: event.identity.namespace, value: identity.value } };
  });
  const wanted = normalized.flatMap((e) => (e ? [e.identity] : []));
  const owners = wanted.length
    ? await db
        .selectFrom('profile_identities')
        .select(['namespace', 'value', 'profile_id'])
        .where('sandbox_id', '=', sandboxId)
        .where((eb) =>
          eb.or(
            wanted.map((i) =>
              eb.and([eb('namespace', '=', i.namespace), eb('value', '=', i.value)]),
            ),
          ),
        )
        .execute()
    : [];
  const ownerOf = new Map(owners.map((o) => [`${o.namespace}\u0000${o.value}`, o.profile_id]));
  const rows = normalized.flatMap((event, index) => {
    if (!event) return [];
    const profileId = ownerOf.get(`${event.identity.namespace}\u0000${event.identity.value}`);
    if (!profileId) {
      rejected.push({
        index,
        code: 'PROFILE_NOT_FOUND',
        message: `no profile has ${event.identity.namespace} ${event.identity.value}`,
      });
      return [];
    }
    return [
      {
        sandbox_id: sandboxId,
        profile_id: profileId,
        type: event.type,
        at: event.at ? new Date(event.at) : now,
        properties: JSON.stringify(event.properties ?? {}),
        received_at: now,
      },
    ];
  });
  if (rows.length) await db.insertInto('profile_events').values(rows).execute();
  rejected.sort((a, b) => a.index - b.index);
  return { accepted: rows.length, rejected };
}

export async function eventsOfProfile(
  db: ProfilesDb,
  query: {
    sandboxId: string;
    profileId: string;
    type?: string | undefined;
    from?: string | undefined;
    to?: string | undefined;
    limit: number;
    cursor?: string | undefined;
  },
) {
  let q = db
    .selectFrom('profile_events')
    .select(['id', 'type', 'at', 'properties'])
    .where('sandbox_id', '=', query.sandboxId)
    .where('profile_id', '=', query.profileId);
  if (query.type) q = q.where('type', '=', query.type);
  if (query.from) q = q.where('at', '>=', new Date(query.from));
  if (query.to) q = q.where('at', '<', new Date(query.to));
  if (query.cursor) {
    const [at, id] = query.cursor.split('_');
    if (!at || !id || Number.isNaN(Date.parse(at)) || !/^\d+$/.test(id)) {
      throw new AppError('VALIDATION_FAILED', 'querystring:/cursor is not a cursor of this list', [
        { path: 'querystring:/cursor', message: 'is not a cursor of this list' },
      ]);
    }
    q = q.where(sql<boolean>`(at, id) < (${new Date(at)}, ${id}::bigint)`);
  }
  const rows = await q
    .orderBy('at', 'desc')
    .orderBy('id', 'desc')
    .limit(query.limit + 1)
    .execute();
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    items: page.map((row) => ({
      id: String(row.id),
      type: row.type,
      at: row.at.toISOString(),
      properties: row.properties,
    })),
    nextCursor: rows.length > query.limit && last ? `${last.at.toISOString()}_${last.id}` : null,
  };
}
