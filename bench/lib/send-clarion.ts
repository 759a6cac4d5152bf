// The send benchmark's Clarion contender: a fresh database with N sendable recipients, the excluded
// cases and an active SMTP configuration; then planExecution and the sending by `clarion worker`
// processes, timed together and checked recipient by recipient against the sink's count.
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Configuration } from '../../src/channels/model.ts';
import { openDatabase } from '../../src/db/connection.ts';
import { migrate } from '../../src/db/migrate.ts';
import { planExecution } from '../../src/delivery/plan.ts';
import { bootstrapPlatform } from '../../src/platform/bootstrap.ts';
import { platformDb, systemClock } from '../../src/platform/context.ts';
import { findSandboxByName } from '../../src/platform/sandboxes.ts';
import { serverStatements, type ServerStatement } from './ingest-profile.ts';
import { now } from './measure.ts';
import type { PostfixSink } from './postfix.ts';
import type { BenchPostgres } from './postgres.ts';
import type { Result } from './send-baselines.ts';
import { FIRST_NAMES, SEND_CONTENT } from './send-content.ts';
import { sampleCpu } from './send-cpu.ts';
import type { SendOptions } from './send-options.ts';
import { activeSmtpConfiguration } from './smtp-setup.ts';
import {
  killWorkers,
  messageOutcomes,
  startWorkers,
  stopWorkers,
  waitForExecution,
} from './workers.ts';

interface Prepared {
  url: string;
  sandboxId: string;
  configuration: Configuration;
  profileIds: string[];
  excludedExpected: Record<string, number>;
}

/** A migrated database with N sendable profiles, the excluded cases and an active configuration. */
async function prepareClarion(
  postgres: BenchPostgres,
  name: string,
  recipients: number,
  options: { port: number; connections: number; privateKey: string; unsigned: boolean },
): Promise<Prepared> {
  const url = await postgres.createDatabase(name);
  const database = openDatabase(url, { max: 2 });
  try {
    await migrate(database.pool);
    await bootstrapPlatform(platformDb(database.db), systemClock, {
      email: 'bench@clarion.local',
      password: 'bench-password-not-secret',
    });
    const sandbox = await findSandboxByName(platformDb(database.db), 'prod');
    if (!sandbox) throw new Error('prod sandbox missing after bootstrap');
    // Profiles 1..N are sendable; N+1..N+E cycle through the four exclusion cases.
    const extra = Math.max(4, Math.round(recipients * 0.02));
    const made = await database.pool.query<{ id: string }>(
      `WITH p AS (
         INSERT INTO profiles (sandbox_id, attributes)
         SELECT $1, jsonb_build_object('n', i, 'firstName', ($4::text[])[1 + i % cardinality($4::text[])])
           FROM generate_series(1, $2::int + $3::int) AS i
         RETURNING id, (attributes->>'n')::int AS n
       ), k AS (
         SELECT id, n, CASE WHEN n <= $2::int THEN 'ok'
                            ELSE (ARRAY['noAddress', 'malformed', 'noConsent', 'suppressed'])[1 + (n - $2::int) % 4] END AS kind
           FROM p
       ), i AS (
         INSERT INTO profile_identities (sandbox_id, namespace, value, profile_id)
         SELECT $1, 'email', CASE WHEN kind = 'malformed' THEN 'r' || n || '.example.com' ELSE 'r' || n || '@example.com' END, id
           FROM k WHERE kind <> 'noAddress'
       ), c AS (
         INSERT INTO profile_consent (sandbox_id, profile_id, channel, status, source, changed_at)
         SELECT $1, id, 'email', CASE WHEN kind = 'noConsent' THEN 'n' ELSE 'y' END, 'bench', now()
           FROM k WHERE kind <> 'noAddress'
       ), s AS (
         INSERT INTO suppressions (sandbox_id, channel, address, reason, category, created_by, created_at)
         SELECT $1, 'email', 'r' || n || '@example.com', 'bench', 'hardBounce', 'bench', now()
           FROM k WHERE kind = 'suppressed'
       )
       SELECT id FROM k ORDER BY n`,
      [sandbox.id, recipients, extra, FIRST_NAMES],
    );
    const count = (offset: number) => Math.floor((extra - offset + 4) / 4);
    // n - N = 1, 2, 3, 4, 5 … → kinds malformed, noConsent, suppressed, noAddress, malformed …
    const excludedExpected = {
      EmailMalformedAddress: count(1),
      EmailNoConsent: count(2),
      Suppressed: count(3),
      EmailNoAddressFoundInProfile: count(4),
    };
    const configuration = await activeSmtpConfiguration(database, sandbox.id, {
      name: 'Newsletter',
      port: options.port,
      connections: options.connections,
      privateKey: options.privateKey,
    });
    if (options.unsigned)
      await database.pool.query(
        "UPDATE channel_configurations SET settings = settings - 'dkim' WHERE id = $1",
        [configuration.id],
      );
    await database.pool.query('VACUUM ANALYZE');
    await database.pool.query('CHECKPOINT');
    return {
      url,
      sandboxId: sandbox.id,
      configuration,
      profileIds: made.rows.map((r) => r.id),
      excludedExpected,
    };
  } finally {
    await database.close();
  }
}

export interface ClarionResult extends Result {
  planSeconds: number;
  sendSeconds: number;
  profiles: string[];
  statements: ServerStatement[];
}

export async function measureClarion(
  postgres: BenchPostgres,
  sink: PostfixSink,
  workers: number,
  options: SendOptions,
  privateKey: string,
): Promise<ClarionResult> {
  const databaseName = `send_${workers}w_${Date.now()}`;
  const prepared = await prepareClarion(postgres, databaseName, options.recipients, {
    port: sink.port,
    connections: options.connections,
    privateKey,
    unsigned: options.unsigned,
  });
  const profileDir = options.profile ? mkdtempSync(join(tmpdir(), 'clarion-send-prof-')) : '';
  const running = await startWorkers(prepared.url, workers, options.lanes, profileDir || undefined);
  const database = openDatabase(prepared.url, { max: 2 });
  try {
    if (options.profile) {
      await database.pool.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
      await database.pool.query('SELECT pg_stat_statements_reset()');
    }
    const before = sink.delivered();
    const cpu = sampleCpu(postgres);
    const started = now();
    const client = await database.pool.connect();
    let executionId: string;
    try {
      await client.query('BEGIN');
      const planned = await planExecution(
        client,
        {
          sandboxId: prepared.sandboxId,
          actionId: 'newsletter',
          channel: 'email',
          category: 'marketing',
          configurationId: prepared.configuration.id,
          content: SEND_CONTENT,
          source: { profileIds: prepared.profileIds },
          batchSize: options.batchSize,
          startsAt: new Date(),
          createdBy: 'bench',
        },
        prepared.configuration,
        new Date(),
      );
      await client.query('COMMIT');
      executionId = planned.id;
      if (planned.queued !== options.recipients)
        throw new Error(`planned ${planned.queued} messages, expected ${options.recipients}`);
    } finally {
      client.release();
    }
    const planSeconds = (now() - started) / 1000;
    const finished = await waitForExecution({
      pool: database.pool,
      executionId,
      sink,
      workers: running,
      sinkBefore: before,
    });
    const seconds = (finished - started) / 1000;
    const usage = cpu();
    await sink.waitFor(before + options.recipients, 10_000);
    const delivered = sink.delivered() - before;
    // Every recipient sent once, every excluded one with its code.
    const statuses = await messageOutcomes(database.pool, executionId);
    const sent = statuses.find((r) => r.status === 'sent')?.n ?? 0;
    if (sent !== options.recipients || delivered !== options.recipients)
      throw new Error(
        `sent ${sent}, sink counted ${delivered}, expected ${options.recipients}: ${JSON.stringify(statuses)}`,
      );
    for (const [reason, expected] of Object.entries(prepared.excludedExpected)) {
      const found = statuses.find((r) => r.status === 'excluded' && r.reason === reason)?.n;
      if ((found ?? 0) !== expected)
        throw new Error(`${reason}: ${found ?? 0} excluded, expected ${expected}`);
    }
    const statements: ServerStatement[] = [];
    if (options.profile) {
      const client = await database.pool.connect();
      try {
        statements.push(...(await serverStatements(client, databaseName, 20)));
      } finally {
        client.release();
      }
    }
    await stopWorkers(running);
    const profiles = profileDir
      ? readdirSync(profileDir)
          .filter((f) => f.endsWith('.cpuprofile'))
          .map((f) => join(profileDir, f))
      : [];
    return {
      label: `clarion, ${workers} worker${workers > 1 ? 's' : ''} × ${options.lanes} lanes${options.unsigned ? ', unsigned (diagnostic)' : ''}`,
      messages: options.recipients,
      seconds,
      planSeconds,
      sendSeconds: seconds - planSeconds,
      cpu: usage,
      profiles,
      statements,
    };
  } finally {
    await killWorkers(running);
    await database.close();
  }
}
