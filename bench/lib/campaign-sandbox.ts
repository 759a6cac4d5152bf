// The campaign benchmark's database, built once for all its campaigns: the demo sandbox seeded and
// timed, a share of addresses suppressed, the SMTP configuration towards the sink, the audience
// "Everyone", and the size of one member's message on the wire (smtp-source's `-l`).
import { openDatabase, type Database } from '../../src/db/connection.ts';
import { migrate } from '../../src/db/migrate.ts';
import { DEMO_SANDBOX, seedDemo } from '../../src/demo/seed.ts';
import { bootstrapPlatform } from '../../src/platform/bootstrap.ts';
import { platformDb, systemClock } from '../../src/platform/context.ts';
import { findSandboxByName } from '../../src/platform/sandboxes.ts';
import type { CampaignOptions } from './campaign-options.ts';
import { seconds } from './campaign-report.ts';
import {
  administratorCall,
  CAMPAIGN_CONTENT,
  everyoneAudience,
  importDemoPeople,
  suppressShare,
} from './campaign-setup.ts';
import { now } from './measure.ts';
import type { PostfixSink } from './postfix.ts';
import type { BenchPostgres } from './postgres.ts';
import { cpuLine, fmt, sampleCpu } from './send-cpu.ts';
import {
  activeSmtpConfiguration,
  BENCH_SECRET,
  clarionMailOptions,
  wireSize,
} from './smtp-setup.ts';

const SUPPRESSED_PERCENT = 1;
const DEMO_SEED = 42;

export interface Sandbox {
  database: Database;
  url: string;
  sandboxId: string;
  configurationId: string;
  audienceId: string;
  /** One member's message as Clarion builds it, in bytes on the wire. */
  messageBytes: number;
}

export async function prepareSandbox(
  postgres: BenchPostgres,
  sink: PostfixSink,
  options: CampaignOptions,
  privateKey: string,
): Promise<Sandbox> {
  const url = await postgres.createDatabase(`campaign_${Date.now()}`);
  const database = openDatabase(url, { max: 4 });
  await migrate(database.pool);
  await bootstrapPlatform(platformDb(database.db), systemClock, {
    email: 'bench@clarion.local',
    password: 'bench-password-not-secret',
  });
  const started = now();
  const cpu = sampleCpu(postgres);
  let seededProfiles: number;
  let what: string;
  if (options.fullDemo) {
    const seeded = await seedDemo(
      { database, clock: systemClock, secret: BENCH_SECRET },
      { profiles: options.profiles, seed: DEMO_SEED },
    );
    seededProfiles = seeded.profiles;
    what = `seedDemo: ${fmt(seeded.purchases)} purchases, ${fmt(seeded.events)} events`;
  } else {
    seededProfiles = (await importDemoPeople(database, options.profiles, DEMO_SEED)).profiles;
    what = 'demo people through the profile import';
  }
  const seedMs = now() - started;
  console.log(
    `Demo sandbox (${what}, seed ${DEMO_SEED}): ${fmt(seededProfiles)} profiles in ${seconds(seedMs)} ` +
      `(${fmt(seededProfiles / (seedMs / 1000))} profiles/s)`,
  );
  console.log(`  CPU: ${cpuLine(cpu(), seedMs / 1000)}`);
  const sandbox = await findSandboxByName(platformDb(database.db), DEMO_SANDBOX);
  if (!sandbox) throw new Error('demo sandbox missing after seeding');
  const suppressed = await suppressShare(database.pool, sandbox.id, SUPPRESSED_PERCENT);
  const configuration = await activeSmtpConfiguration(database, sandbox.id, {
    name: 'Newsletter (SMTP)',
    port: sink.port,
    connections: options.connections,
    privateKey,
  });
  const call = await administratorCall(database, sandbox.id);
  const audienceId = await everyoneAudience(call);
  await database.pool.query('VACUUM ANALYZE');
  await database.pool.query('CHECKPOINT');
  // One member's message, for smtp-source's message size.
  const member = await database.pool.query<{ attributes: Record<string, unknown>; value: string }>(
    `SELECT p.attributes, i.value FROM profiles p
       JOIN profile_identities i ON i.sandbox_id = p.sandbox_id AND i.profile_id = p.id AND i.namespace = 'email'
      WHERE p.sandbox_id = $1 ORDER BY i.value LIMIT 1`,
    [sandbox.id],
  );
  const row = member.rows[0];
  if (!row) throw new Error('no demo profile with an email address');
  const messageBytes = await wireSize(
    await clarionMailOptions({
      content: CAMPAIGN_CONTENT,
      profile: row.attributes,
      address: row.value,
      recipientKey: crypto.randomUUID(),
      executionId: crypto.randomUUID(),
    }),
    privateKey,
  );
  console.log(
    `Suppressed ${fmt(suppressed)} addresses (${SUPPRESSED_PERCENT} %); configuration ${configuration.id}; ` +
      `message ${fmt(messageBytes)} bytes DKIM-signed (RSA 2048)`,
  );
  return {
    database,
    url,
    sandboxId: sandbox.id,
    configurationId: configuration.id,
    audienceId,
    messageBytes,
  };
}
