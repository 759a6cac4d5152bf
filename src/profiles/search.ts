// Finding profiles: by one identity, or by identity prefix, attribute value and recency.
import { sql } from 'kysely';
import { escapeLike } from '../platform/audit.ts';
import { AppError } from '../platform/errors.ts';
import type { ProfilesDb } from './db.ts';
import type { Profile } from './model.ts';
import { normalizeIdentity } from './namespaces.ts';
import { loadProfile, loadProfiles } from './profiles.ts';

export async function lookupProfile(
  db: ProfilesDb,
  sandboxId: string,
  namespace: string,
  value: string,
): Promise<Profile> {
  const normalized = normalizeIdentity(namespace, value);
  if ('error' in normalized) throw new AppError('PROFILE_NOT_FOUND');
  const row = await db
    .selectFrom('profile_identities')
    .select('profile_id')
    .where('sandbox_id', '=', sandboxId)
    .where('namespace', '=', namespace)
    .where('value', '=', normalized.value)
    .executeTakeFirst();
  if (!row) throw new AppError('PROFILE_NOT_FOUND');
  return loadProfile(db, sandboxId, row.profile_id);
}

/** Profile ids of identities (already normalised), in one query; absent ones are left out. */
export async function profileIdsByIdentity(
  db: ProfilesDb,
  sandboxId: string,
  identities: { namespace: string; value: string }[],
): Promise<Map<string, string>> {
  if (identities.length === 0) return new Map();
  const rows = await sql<{ namespace: string; value: string; profile_id: string }>`
    SELECT i.namespace, i.value, i.profile_id
      FROM profile_identities i
      JOIN unnest(${identities.map((i) => i.namespace)}::text[], ${identities.map((i) => i.value)}::text[])
           AS wanted(namespace, value) ON i.namespace = wanted.namespace AND i.value = wanted.value
     WHERE i.sandbox_id = ${sandboxId}`.execute(db);
  return new Map(rows.rows.map((r) => [identityKey(r), r.profile_id]));
}

export const identityKey = (identity: { namespace: string; value: string }): string =>
  `${identity.namespace}\u0000${identity.value}`;

/** `loyalty.tier` + `gold` → {"loyalty":{"tier":"gold"}}; numbers and booleans keep their type. */
export function containmentFilter(path: string, raw: string): Record<string, unknown> {
  let value: unknown = raw;
  if (/^-?\d+(\.\d+)?$/.test(raw) || raw === 'true' || raw === 'false') value = JSON.parse(raw);
  return path
    .split('.')
    .reverse()
    .reduce<unknown>((inner, key) => ({ [key]: inner }), value) as Record<string, unknown>;
}

export async function searchProfiles(
  db: ProfilesDb,
  query: {
    sandboxId: string;
    identity?: string | undefined;
    namespace?: string | undefined;
    attribute?: string | undefined;
    value?: string | undefined;
    testProfile?: boolean | undefined;
    updatedSince?: string | undefined;
    limit: number;
    cursor?: string | undefined;
  },
): Promise<{ items: Profile[]; nextCursor: string | null }> {
  let q = db.selectFrom('profiles as p').select('p.id').where('p.sandbox_id', '=', query.sandboxId);
  if (query.identity) {
    const prefix = `${escapeLike(query.namespace === 'email' ? query.identity.toLowerCase() : query.identity)}%`;
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('profile_identities as i')
          .select('i.value')
          .whereRef('i.sandbox_id', '=', 'p.sandbox_id')
          .whereRef('i.profile_id', '=', 'p.id')
          .where('i.value', 'like', prefix)
          .$if(query.namespace !== undefined, (sub) =>
            sub.where('i.namespace', '=', query.namespace ?? ''),
          ),
      ),
    );
  }
  if (query.attribute && query.value !== undefined) {
    q = q.where(
      sql<boolean>`p.attributes @> ${JSON.stringify(containmentFilter(query.attribute, query.value))}::jsonb`,
    );
  } else if (query.attribute) {
    q = q.where(sql<boolean>`p.attributes #> ${query.attribute.split('.')} IS NOT NULL`);
  }
  if (query.testProfile !== undefined) q = q.where('p.test_profile', '=', query.testProfile);
  if (query.updatedSince) q = q.where('p.updated_at', '>=', new Date(query.updatedSince));
  if (query.cursor) q = q.where('p.id', '>', query.cursor);
  const rows = await q
    .orderBy('p.id')
    .limit(query.limit + 1)
    .execute();
  const page = rows.slice(0, query.limit);
  const items = await loadProfiles(
    db,
    query.sandboxId,
    page.map((row) => row.id),
  );
  return { items, nextCursor: rows.length > query.limit ? (page.at(-1)?.id ?? null) : null };
}
