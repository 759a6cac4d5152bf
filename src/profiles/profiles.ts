// Profiles: upsert by any known identity (merge, never duplicate), read, erase (search.ts finds them).
import { sql } from 'kysely';
import { recordAudit } from '../platform/audit.ts';
import type { Actor, Clock } from '../platform/context.ts';
import { AppError, type FieldError } from '../platform/errors.ts';
import { applyConsent } from './consent.ts';
import { anonymiseMessageHistory } from './erasure.ts';
import type { ProfilesDb, ProfilesTx } from './db.ts';
import { CHANNELS, type Profile, type ProfileUpsert } from './model.ts';
import { knownNamespaces, normalizeIdentity } from './namespaces.ts';

export interface ProfilesCall {
  db: ProfilesDb;
  sandboxId: string;
  actor: Actor;
  clock: Clock;
  requestId?: string | undefined;
}

const timeZoneValidity = new Map<string, boolean>();

/** Whether a name is an IANA time zone (answers are cached: building a formatter is slow). */
export function isTimeZone(zone: string): boolean {
  let valid = timeZoneValidity.get(zone);
  if (valid === undefined) {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: zone });
      valid = true;
    } catch {
      valid = false;
    }
    if (timeZoneValidity.size < 10_000) timeZoneValidity.set(zone, valid);
  }
  return valid;
}

/** Validates and normalises identities; every problem is reported with its path. */
export async function normalizeIdentities(
  db: ProfilesDb | ProfilesTx,
  sandboxId: string,
  identities: { namespace: string; value: string }[],
  pathPrefix = '/identities',
): Promise<{ namespace: string; value: string }[]> {
  const known = await knownNamespaces(db, sandboxId);
  const errors: FieldError[] = [];
  const out = new Map<string, { namespace: string; value: string }>();
  identities.forEach((identity, index) => {
    if (!known.has(identity.namespace)) {
      errors.push({
        path: `${pathPrefix}/${index}/namespace`,
        message: `"${identity.namespace}" is not a namespace of this sandbox`,
      });
      return;
    }
    const normalized = normalizeIdentity(identity.namespace, identity.value);
    if ('error' in normalized)
      errors.push({ path: `${pathPrefix}/${index}/value`, message: normalized.error });
    else
      out.set(`${identity.namespace}\u0000${normalized.value}`, {
        namespace: identity.namespace,
        value: normalized.value,
      });
  });
  if (errors.some((e) => e.path.endsWith('/namespace')))
    throw new AppError('NAMESPACE_UNKNOWN', errors[0]?.message, errors);
  if (errors.length)
    throw new AppError('IDENTITY_INVALID', `${errors[0]?.path} ${errors[0]?.message}`, errors);
  return [...out.values()];
}

const UNKNOWN_CONSENT = { status: 'unknown' as const, source: null, changedAt: null };

/** Profiles by id, in the order asked, with identities and consent (three queries for any count). */
export async function loadProfiles(
  db: ProfilesDb | ProfilesTx,
  sandboxId: string,
  ids: string[],
): Promise<Profile[]> {
  if (ids.length === 0) return [];
  const [rows, identities, consent] = await Promise.all([
    db
      .selectFrom('profiles')
      .selectAll()
      .where('sandbox_id', '=', sandboxId)
      .where('id', 'in', ids)
      .execute(),
    db
      .selectFrom('profile_identities')
      .select(['profile_id', 'namespace', 'value'])
      .where('sandbox_id', '=', sandboxId)
      .where('profile_id', 'in', ids)
      .orderBy('namespace')
      .orderBy('created_at')
      .execute(),
    db
      .selectFrom('profile_consent')
      .selectAll()
      .where('sandbox_id', '=', sandboxId)
      .where('profile_id', 'in', ids)
      .execute(),
  ]);
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.flatMap((id) => {
    const row = byId.get(id);
    if (!row) return [];
    const consentOf = (channel: string) => {
      const found = consent.find((c) => c.profile_id === id && c.channel === channel);
      return found
        ? {
            status: found.status === 'y' ? ('y' as const) : ('n' as const),
            source: found.source,
            changedAt: found.changed_at.toISOString(),
          }
        : UNKNOWN_CONSENT;
    };
    return [
      {
        id: row.id,
        identities: identities
          .filter((i) => i.profile_id === id)
          .map((i) => ({ namespace: i.namespace, value: i.value })),
        attributes: row.attributes,
        timezone: row.timezone,
        language: row.language,
        testProfile: row.test_profile,
        consent: { email: consentOf('email'), sms: consentOf('sms'), push: consentOf('push') },
        createdAt: row.created_at.toISOString(),
        updatedAt: row.updated_at.toISOString(),
      },
    ];
  });
}

export async function loadProfile(
  db: ProfilesDb | ProfilesTx,
  sandboxId: string,
  id: string,
): Promise<Profile> {
  const [profile] = await loadProfiles(db, sandboxId, [id]);
  if (!profile) throw new AppError('PROFILE_NOT_FOUND');
  return profile;
}

/**
 * Creates or updates the one profile the identities point at. Identities of two different
 * profiles in one request are refused (409): merging people is never implicit.
 */
export async function upsertProfile(
  call: ProfilesCall,
  input: ProfileUpsert,
): Promise<{ profile: Profile; created: boolean }> {
  if (input.timezone && !isTimeZone(input.timezone)) {
    throw new AppError('TIMEZONE_INVALID', `"${input.timezone}" is not an IANA time zone.`, [
      { path: '/timezone', message: 'is not an IANA time zone' },
    ]);
  }
  return call.db.transaction().execute(async (tx) => {
    const identities = await normalizeIdentities(tx, call.sandboxId, input.identities);
    // Serialise upserts touching the same identity, so two requests cannot both create it.
    const keys = identities.map((i) => `${call.sandboxId}:${i.namespace}:${i.value}`).sort();
    for (const key of keys)
      await sql`SELECT pg_advisory_xact_lock(hashtextextended(${key}, 0))`.execute(tx);

    const owners = await tx
      .selectFrom('profile_identities')
      .select(['namespace', 'value', 'profile_id'])
      .where('sandbox_id', '=', call.sandboxId)
      .where((eb) =>
        eb.or(
          identities.map((i) =>
            eb.and([eb('namespace', '=', i.namespace), eb('value', '=', i.value)]),
          ),
        ),
      )
      .execute();
    const profileIds = [...new Set(owners.map((o) => o.profile_id))];
    if (profileIds.length > 1) {
      throw new AppError('IDENTITY_CONFLICT', undefined, {
        owners: owners.map((o) => ({
          namespace: o.namespace,
          value: o.value,
          profileId: o.profile_id,
        })),
      });
    }
    const now = call.clock.now();
    const attributes = JSON.stringify(input.attributes ?? {});
    let profileId = profileIds[0];
    const created = profileId === undefined;
    if (profileId === undefined) {
      const row = await tx
        .insertInto('profiles')
        .values({
          sandbox_id: call.sandboxId,
          attributes: sql<string>`clarion_jsonb_merge('{}'::jsonb, ${attributes}::jsonb)`,
          timezone: input.timezone ?? null,
          language: input.language ?? null,
          test_profile: input.testProfile ?? false,
          created_at: now,
          updated_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      profileId = row.id;
    } else {
      await tx
        .updateTable('profiles')
        .set({
          attributes: sql<string>`clarion_jsonb_merge(attributes, ${attributes}::jsonb)`,
          ...(input.timezone !== undefined ? { timezone: input.timezone } : {}),
          ...(input.language !== undefined ? { language: input.language } : {}),
          ...(input.testProfile !== undefined ? { test_profile: input.testProfile } : {}),
          updated_at: now,
        })
        .where('sandbox_id', '=', call.sandboxId)
        .where('id', '=', profileId)
        .execute();
    }
    const known = new Set(owners.map((o) => `${o.namespace}\u0000${o.value}`));
    const fresh = identities.filter((i) => !known.has(`${i.namespace}\u0000${i.value}`));
    if (fresh.length) {
      await tx
        .insertInto('profile_identities')
        .values(
          fresh.map((i) => ({
            sandbox_id: call.sandboxId,
            namespace: i.namespace,
            value: i.value,
            profile_id: profileId,
            created_at: now,
          })),
        )
        .execute();
    }
    if (input.consent) {
      for (const channel of CHANNELS) {
        const status = input.consent[channel];
        if (status)
          await applyConsent(tx, {
            sandboxId: call.sandboxId,
            profileId,
            channel,
            status,
            source: input.consentSource ?? 'api',
            at: now,
          });
      }
    }
    return { profile: await loadProfile(tx, call.sandboxId, profileId), created };
  });
}

/**
 * Erasure: the profile with its identities, consent, lists, push tokens and events; the history
 * of its messages is kept anonymised (`erasure.ts`).
 */
export async function eraseProfile(call: ProfilesCall, id: string): Promise<void> {
  await call.db.transaction().execute(async (tx) => {
    const addresses = await tx
      .selectFrom('profile_identities')
      .select('value')
      .where('sandbox_id', '=', call.sandboxId)
      .where('profile_id', '=', id)
      .execute();
    const row = await tx
      .deleteFrom('profiles')
      .where('sandbox_id', '=', call.sandboxId)
      .where('id', '=', id)
      .returning('id')
      .executeTakeFirst();
    if (!row) throw new AppError('PROFILE_NOT_FOUND');
    // These tables carry no foreign key (see the migration); the others cascade.
    for (const table of ['profile_identities', 'profile_consent', 'consent_history'] as const) {
      await tx
        .deleteFrom(table)
        .where('sandbox_id', '=', call.sandboxId)
        .where('profile_id', '=', id)
        .execute();
    }
    await anonymiseMessageHistory(
      tx,
      call.sandboxId,
      id,
      addresses.map((a) => a.value),
    );
    // The audit entry names the profile id only: erasure keeps no personal data.
    await recordAudit(tx, {
      sandboxId: call.sandboxId,
      actor: call.actor,
      action: 'profile.erase',
      entityType: 'profile',
      entityId: id,
      requestId: call.requestId,
      at: call.clock.now(),
    });
  });
}
