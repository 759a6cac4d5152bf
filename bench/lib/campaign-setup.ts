// The campaign benchmark's sandbox: the demo people of `clarion demo` (through the same import
// engine, or the whole seeder), a share of their addresses on the suppression list, an audience of everyone and a once-only marketing email
// campaign drafted through the campaigns area's own functions; and the independent count of what
// planning must decide for each member, to check the run against.
import { Readable } from 'node:stream';
import type pg from 'pg';
import { audiencesDb, saveAudience } from '../../src/audiences/store.ts';
import { campaignsDb } from '../../src/campaigns/db.ts';
import type { Campaign } from '../../src/campaigns/model.ts';
import type { ActingCall } from '../../src/campaigns/service.ts';
import { createCampaign } from '../../src/campaigns/store.ts';
import type { EmailContent } from '../../src/content/model.ts';
import type { Database } from '../../src/db/connection.ts';
import { demoProfilesCsv } from '../../src/demo/people.ts';
import { DEMO_SANDBOX } from '../../src/demo/seed.ts';
import { type Actor, platformDb, SYSTEM_ACTOR, systemClock } from '../../src/platform/context.ts';
import { permissionsOf } from '../../src/platform/permissions.ts';
import { createSandbox } from '../../src/platform/sandboxes.ts';
import { profilesDb } from '../../src/profiles/db.ts';
import { runImport } from '../../src/profiles/imports/runner.ts';
import { createImport } from '../../src/profiles/imports/store.ts';
import { SEND_CONTENT } from './send-content.ts';

/** The send benchmark's newsletter, personalised with the demo people's own attributes. */
export const CAMPAIGN_CONTENT: EmailContent = (() => {
  const first = /\{\{profile\.firstName\}\}/g;
  const member = /<p>Your member number is \{\{profile\.n\}\}[^<]*<\/p>/;
  if (!member.test(SEND_CONTENT.body)) throw new Error('the newsletter text changed');
  return {
    ...SEND_CONTENT,
    subject: SEND_CONTENT.subject.replace(first, '{{profile.person.name.firstName}}'),
    body: SEND_CONTENT.body
      .replace(first, '{{profile.person.name.firstName}}')
      .replace(
        member,
        '<p>You have {{profile.loyalty.points}} loyalty points. Use them in any of our shops for the\nspring discount, or at checkout online.</p>',
      ),
  };
})();

/**
 * The first step of `seedDemo`: the demo sandbox and N demo people (names, places, time zones,
 * tiers, email and SMS consent) imported from `demoProfilesCsv` with the seeder's mapping, through
 * the profile import engine. The seeder's later steps (purchases, events) are left out.
 */
export async function importDemoPeople(
  database: Database,
  profiles: number,
  seed: number,
): Promise<{ sandboxId: string; profiles: number }> {
  const sandbox = await createSandbox(
    { db: platformDb(database.db), actor: SYSTEM_ACTOR, clock: systemClock },
    { name: DEMO_SANDBOX, title: 'Demo', description: 'Sample people and consent.' },
  );
  const call = {
    db: profilesDb(database.db),
    sandboxId: sandbox.id,
    actor: SYSTEM_ACTOR,
    clock: systemClock,
  };
  const people = await createImport(call, {
    kind: 'profiles',
    format: 'csv',
    fileName: 'demo-profiles.csv',
    consentSource: 'demo',
    mapping: { 'loyalty.points': { to: 'attribute', path: 'loyalty.points', type: 'number' } },
  });
  const imported = await runImport(
    { database, clock: systemClock },
    sandbox.id,
    people.id,
    Readable.from(demoProfilesCsv(profiles, seed)),
  );
  if (imported.status !== 'completed')
    throw new Error(`demo profile import ${imported.status}: ${imported.error ?? ''}`);
  return { sandboxId: sandbox.id, profiles: imported.rowsAccepted };
}

/** Everyone in the demo sandbox: every demo person has a loyalty tier. */
const EVERYONE = {
  version: 1 as const,
  root: {
    kind: 'attribute' as const,
    path: 'loyalty.tier',
    type: 'string' as const,
    operator: 'isNotEmpty' as const,
  },
};

/**
 * Puts about `percent` % of the sandbox's email addresses on the suppression list as hard bounces
 * of an earlier send (chosen by a hash of the address, so the same ones at every size).
 */
export async function suppressShare(
  pool: pg.Pool,
  sandboxId: string,
  percent: number,
): Promise<number> {
  const done = await pool.query(
    `INSERT INTO suppressions (sandbox_id, channel, address, reason, category, created_by, created_at)
     SELECT $1, 'email', value, 'bench: earlier hard bounce', 'hardBounce', 'bench', now()
       FROM profile_identities
      WHERE sandbox_id = $1 AND namespace = 'email' AND abs(hashtext(value)) % 10000 < $2`,
    [sandboxId, Math.round(percent * 100)],
  );
  return done.rowCount ?? 0;
}

/** The calls of a campaign administrator in the sandbox (actor: the bootstrap administrator). */
export async function administratorCall(
  database: Database,
  sandboxId: string,
): Promise<ActingCall> {
  const admin = await database.pool.query<{ id: string; email: string }>(
    'SELECT id, email FROM users ORDER BY created_at LIMIT 1',
  );
  const user = admin.rows[0];
  if (!user) throw new Error('no administrator after bootstrap');
  const actor: Actor = { type: 'user', id: user.id, label: user.email };
  return {
    db: campaignsDb(database.db),
    base: database.db,
    sandboxId,
    actor,
    clock: systemClock,
    permissions: permissionsOf(['campaignAdministrator']),
    roles: new Set(['campaignAdministrator']),
    pool: database.pool,
    // No job queue: the benchmark runs the scheduler step itself, to time it.
    runs: { database, clock: systemClock },
  };
}

/** The audience "Everyone" (saved once per sandbox). */
export async function everyoneAudience(call: ActingCall): Promise<string> {
  const saved = await saveAudience(
    {
      db: audiencesDb(call.base),
      sandboxId: call.sandboxId,
      actor: call.actor,
      clock: call.clock,
    },
    { name: 'Everyone', rule: EVERYONE },
  );
  return saved.id;
}

/** A draft once-only marketing email campaign to `audienceId`, started by hand at activation. */
export async function draftCampaign(
  call: ActingCall,
  name: string,
  audienceId: string,
  configurationId: string,
): Promise<Campaign> {
  return createCampaign(call, {
    type: 'scheduled',
    category: 'marketing',
    name,
    action: { channel: 'email', configurationId },
    content: { mode: 'single', content: CAMPAIGN_CONTENT },
    audience: { audienceId, namespace: 'email' },
    schedule: {
      start: 'manual',
      recurrence: { frequency: 'once' },
      timeZone: 'UTC',
      localTime: false,
    },
  });
}

/**
 * What planning must decide for every member of the audience, counted by a query of its own (the
 * checks in the send pipeline's order: address, consent, suppression): `sent` or the exclusion code.
 */
export async function expectedOutcomes(
  pool: pg.Pool,
  sandboxId: string,
): Promise<Map<string, number>> {
  const rows = await pool.query<{ outcome: string; n: number }>(
    `WITH members AS (
       SELECT p.id,
              (SELECT min(i.value) FROM profile_identities i
                WHERE i.sandbox_id = $1 AND i.profile_id = p.id AND i.namespace = 'email') AS address,
              (SELECT c.status FROM profile_consent c
                WHERE c.sandbox_id = $1 AND c.profile_id = p.id AND c.channel = 'email') AS consent
         FROM profiles p
        WHERE p.sandbox_id = $1 AND coalesce(p.attributes #>> '{loyalty,tier}', '') <> ''
     )
     SELECT CASE WHEN address IS NULL THEN 'EmailNoAddressFoundInProfile'
                 WHEN consent IS DISTINCT FROM 'y' THEN 'EmailNoConsent'
                 WHEN EXISTS (SELECT 1 FROM suppressions s WHERE s.sandbox_id = $1
                                 AND s.channel = 'email' AND s.address = members.address) THEN 'Suppressed'
                 ELSE 'sent' END AS outcome,
            count(*)::int AS n
       FROM members GROUP BY 1`,
    [sandboxId],
  );
  return new Map(rows.rows.map((r) => [r.outcome, r.n]));
}
