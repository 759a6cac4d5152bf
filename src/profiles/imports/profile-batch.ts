// Merges one batch of profile records, set-based: COPY into staging tables, then a handful of
// statements resolve identities, insert or update profiles, add identities and apply consent.
// The caller runs it inside the batch's transaction.
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { copyInto, copyRow } from './copy.ts';
import type { FieldProblem, ProfileRecord } from './profile-records.ts';

const STAGING = `
  CREATE TEMP TABLE IF NOT EXISTS import_ids (line bigint, namespace text, value text COLLATE "C") ON COMMIT DELETE ROWS;
  CREATE TEMP TABLE IF NOT EXISTS import_profiles (
    line bigint, profile_id uuid, is_new boolean, attributes jsonb, timezone text, language text,
    test_profile boolean, consent_email text, consent_sms text, consent_push text) ON COMMIT DELETE ROWS;`;

/** Raised when another writer created one of the batch's identities meanwhile; the batch is retried. */
export class IdentityRaceError extends Error {}

export interface ProfileBatchResult {
  accepted: number;
  rejected: FieldProblem[];
  /** Records whose profile already appears in this batch; they go into the next one. */
  deferred: ProfileRecord[];
}

export async function prepareProfileStaging(client: pg.PoolClient): Promise<void> {
  await client.query(STAGING);
}

export async function mergeProfileBatch(
  client: pg.PoolClient,
  batch: { sandboxId: string; records: ProfileRecord[]; consentSource: string; now: Date },
): Promise<ProfileBatchResult> {
  const { sandboxId, records, now } = batch;
  await copyInto(
    client,
    'import_ids',
    ['line', 'namespace', 'value'],
    records.flatMap((r) =>
      r.identities.map((i) => copyRow([String(r.line), i.namespace, i.value])),
    ),
  );
  const owners = await client.query<{ line: string; owners: string[]; matched: number }>(
    `SELECT s.line, array_agg(DISTINCT pi.profile_id) AS owners, count(*)::int AS matched
       FROM import_ids s
       -- One index probe per staged identity: a join would read the whole table every batch.
       CROSS JOIN LATERAL (SELECT x.profile_id FROM profile_identities x
                            WHERE x.sandbox_id = $1 AND x.namespace = s.namespace AND x.value = s.value OFFSET 0) pi
      GROUP BY s.line`,
    [sandboxId],
  );
  const ownersByLine = new Map(owners.rows.map((row) => [Number(row.line), row.owners]));
  const matchedByLine = new Map(owners.rows.map((row) => [Number(row.line), row.matched]));
  let newIdentities = 0;
  let existingProfiles = 0;

  const rejected: FieldProblem[] = [];
  const deferred: ProfileRecord[] = [];
  const inBatch = new Set<string>();
  const staged: string[] = [];
  for (const record of records) {
    const found = ownersByLine.get(record.line) ?? [];
    if (found.length > 1) {
      rejected.push({
        line: record.line,
        field: '',
        reason: `identities belong to ${found.length} different profiles; they are not merged`,
      });
      continue;
    }
    const existing = found[0];
    if (existing && inBatch.has(existing)) {
      deferred.push(record);
      continue;
    }
    const profileId = existing ?? randomUUID();
    if (existing) existingProfiles++;
    inBatch.add(profileId);
    newIdentities += record.identities.length - (matchedByLine.get(record.line) ?? 0);
    staged.push(
      copyRow([
        String(record.line),
        profileId,
        existing ? 'f' : 't',
        JSON.stringify(record.attributes),
        record.timezone,
        record.language,
        record.testProfile === null ? null : String(record.testProfile),
        record.consent.email ?? null,
        record.consent.sms ?? null,
        record.consent.push ?? null,
      ]),
    );
  }
  const accepted = staged.length;
  await copyInto(
    client,
    'import_profiles',
    [
      'line',
      'profile_id',
      'is_new',
      'attributes',
      'timezone',
      'language',
      'test_profile',
      'consent_email',
      'consent_sms',
      'consent_push',
    ],
    staged,
  );

  await client.query(
    `INSERT INTO profiles (sandbox_id, id, attributes, timezone, language, test_profile, created_at, updated_at)
     SELECT $1, profile_id, attributes, timezone, language, coalesce(test_profile, false), $2, $2 FROM import_profiles WHERE is_new`,
    [sandboxId, now],
  );
  // Existing profiles change only when something differs, so re-running a file changes nothing.
  if (existingProfiles > 0)
    await client.query(
      `UPDATE profiles p
        SET attributes = clarion_jsonb_merge(p.attributes, s.attributes),
            timezone = coalesce(s.timezone, p.timezone),
            language = coalesce(s.language, p.language),
            test_profile = coalesce(s.test_profile, p.test_profile),
            updated_at = $2
       FROM import_profiles s
      WHERE NOT s.is_new AND p.sandbox_id = $1 AND p.id = s.profile_id
        AND (clarion_jsonb_merge(p.attributes, s.attributes), coalesce(s.timezone, p.timezone), coalesce(s.language, p.language), coalesce(s.test_profile, p.test_profile))
            IS DISTINCT FROM (p.attributes, p.timezone, p.language, p.test_profile)`,
      [sandboxId, now],
    );
  await client.query('ANALYZE import_profiles');
  // Identities that did not exist at resolution time; if fewer go in, another writer created
  // some meanwhile and the batch is retried against the new state.
  await insertNewIdentities(client, sandboxId, now, newIdentities, existingProfiles > 0);
  await applyConsentChanges(client, sandboxId, batch.consentSource, now);
  return { accepted, rejected, deferred };
}

/**
 * Identities that did not exist at resolution time. New profiles' identities go in with a plain
 * INSERT (no conflict check per row); existing profiles' skip the ones they already have. A unique
 * violation, or fewer rows than expected, means another writer created one meanwhile: the batch
 * is retried against the new state.
 */
async function insertNewIdentities(
  client: pg.PoolClient,
  sandboxId: string,
  now: Date,
  expected: number,
  withExisting: boolean,
): Promise<void> {
  if (expected === 0) return;
  const insert = `INSERT INTO profile_identities (sandbox_id, namespace, value, profile_id, created_at)
     SELECT $1, i.namespace, i.value, s.profile_id, $2 FROM import_ids i JOIN import_profiles s USING (line)`;
  let inserted = 0;
  try {
    inserted += (await client.query(`${insert} WHERE s.is_new`, [sandboxId, now])).rowCount ?? 0;
  } catch (error) {
    if ((error as { code?: string }).code === '23505')
      throw new IdentityRaceError('an identity of this batch was created concurrently');
    throw error;
  }
  if (withExisting)
    inserted +=
      (await client.query(`${insert} WHERE NOT s.is_new ON CONFLICT DO NOTHING`, [sandboxId, now]))
        .rowCount ?? 0;
  if (inserted < expected)
    throw new IdentityRaceError('an identity of this batch was created concurrently');
}

async function applyConsentChanges(
  client: pg.PoolClient,
  sandboxId: string,
  source: string,
  now: Date,
): Promise<void> {
  await client.query(
    `WITH incoming AS (
       SELECT s.profile_id, s.is_new, c.channel, c.status
         FROM import_profiles s
        CROSS JOIN LATERAL (VALUES ('email', s.consent_email), ('sms', s.consent_sms), ('push', s.consent_push)) AS c (channel, status)
        WHERE c.status IS NOT NULL
     ), changed AS (
       SELECT i.profile_id, i.channel, i.status
         FROM incoming i
         LEFT JOIN LATERAL (SELECT x.status FROM profile_consent x
                            -- a new profile has no consent yet: no index probe for it
                            WHERE NOT i.is_new AND x.sandbox_id = $1 AND x.profile_id = i.profile_id AND x.channel = i.channel OFFSET 0) pc ON true
        WHERE coalesce(pc.status, 'unknown') <> i.status
     ), history AS (
       INSERT INTO consent_history (sandbox_id, profile_id, channel, status, source, at)
       SELECT $1, profile_id, channel, status, $2, $3 FROM changed
     ), cleared AS (
       DELETE FROM profile_consent pc USING changed c
        WHERE c.status = 'unknown' AND pc.sandbox_id = $1 AND pc.profile_id = c.profile_id AND pc.channel = c.channel
     )
     INSERT INTO profile_consent (sandbox_id, profile_id, channel, status, source, changed_at)
     SELECT $1, profile_id, channel, status, $2, $3 FROM changed WHERE status IN ('y', 'n')
     ON CONFLICT (sandbox_id, profile_id, channel) DO UPDATE SET status = EXCLUDED.status, source = EXCLUDED.source, changed_at = EXCLUDED.changed_at`,
    [sandboxId, source, now],
  );
}
