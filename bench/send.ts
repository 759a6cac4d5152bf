// Send benchmark: Clarion's send pipeline end to end against two baselines, all into one Postfix
// `smtp-sink` (a receiving SMTP server that counts and discards), in the same run:
//
//   smtp-source   Postfix's load generator, 20 sessions, messages of the same size: the machine's
//                 limit. Measured twice: -d (each session keeps its connection, as pooled clients
//                 do; the figure the target uses) and without -d (a connection per message).
//   nodemailer    a plain loop of pooled `transport.sendMail` calls (pool, maxMessages Infinity,
//                 as many connections as Clarion's configuration, 100 calls in flight) sending
//                 the same messages: same HTML, text, subject and headers, checked byte for
//                 byte in size against Clarion's. Three times: DKIM-signed with the PEM key as
//                 nodemailer documents it, DKIM-signed with the key parsed once (the target's
//                 baseline: the same signed messages at their cheapest), and unsigned.
//   clarion       N recipients (plus 2 % that are excluded: no address, malformed address, no
//                 consent, suppressed) generated in SQL; an active marketing email configuration
//                 with the SMTP provider and a DKIM key (RSA 2048); planExecution (set-based
//                 exclusions, message rows, batches; explicit recipients) timed together with the
//                 sending by 1 and by 2 `clarion worker` processes (CLARION_DELIVERY_LANES lanes
//                 each), throttle off. Done when the execution is completed; every recipient must
//                 be sent, every excluded one carry its code, and the sink's own counter must
//                 show N more messages.
//
// Each Clarion measurement uses a fresh database on one throwaway embedded PostgreSQL. CPU time is
// sampled from /proc for every process involved (sink, generator, bench, workers, PostgreSQL).
//
// Run:  npx tsx bench/send.ts [--recipients N] [--baseline-messages M] [--lanes L]
//                             [--connections C] [--batch-size B] [--unsigned] [--profile]
//                             [--only smtp-source,nodemailer,clarion-1,clarion-2]
//       (N defaults to 200,000, also settable as SEND_RECIPIENTS; M, the messages of each
//       baseline, to 50,000: their rates do not depend on it; `npm run bench -- send`)
// --unsigned removes the configuration's DKIM key after activation: what the pipeline costs
// without the RSA signature (a diagnostic; activation requires a key).
// --profile runs the workers under `node --cpu-prof` and prints where their time went, and
// pg_stat_statements for the Clarion databases.
// Needs Postfix's smtp-sink and smtp-source (bench/lib/postfix.ts says how to install them); it is
// not part of CI. Timings depend on the machine; record them in docs/BENCHMARKS.md, never assert
// them in tests.
import { createPrivateKey } from 'node:crypto';
import { mkdtempSync, readdirSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTransport, type SendMailOptions } from 'nodemailer';
import type { Configuration } from '../src/channels/model.ts';
import { rsaKeyPair } from '../src/channels/providers/testing/fixtures.ts';
import { compileContent } from '../src/content/compile.ts';
import { openDatabase } from '../src/db/connection.ts';
import { migrate } from '../src/db/migrate.ts';
import { DEFAULT_BATCH_SIZE } from '../src/delivery/model.ts';
import { planExecution } from '../src/delivery/plan.ts';
import { bootstrapPlatform } from '../src/platform/bootstrap.ts';
import { platformDb, systemClock } from '../src/platform/context.ts';
import { findSandboxByName } from '../src/platform/sandboxes.ts';
import { summariseCpuProfile } from './lib/cpu-profile.ts';
import { serverStatements, type ServerStatement } from './lib/ingest-profile.ts';
import { machineDescription, now, runConcurrently } from './lib/measure.ts';
import {
  findPostfixTool,
  POSTFIX_INSTALL_HINT,
  runSmtpSource,
  startPostfixSink,
  type PostfixSink,
} from './lib/postfix.ts';
import { startBenchPostgres, type BenchPostgres } from './lib/postgres.ts';
import { FIRST_NAMES, SEND_CONTENT } from './lib/send-content.ts';
import { cpuLine, fmt, sampleCpu } from './lib/send-cpu.ts';
import {
  activeSmtpConfiguration,
  clarionMailOptions,
  SENDER,
  UNSUBSCRIBE,
  wireSize,
} from './lib/smtp-setup.ts';
import {
  killWorkers,
  messageOutcomes,
  startWorkers,
  stopWorkers,
  waitForExecution,
} from './lib/workers.ts';

// Targets from the product issue, as ratios of Clarion end to end (1 and 2 workers).
const TARGET_RATIO_NODEMAILER = 1.0;
const TARGET_RATIO_SMTP_SOURCE = 0.5;

const SOURCE_SESSIONS = 20;
/** sendMail calls the nodemailer loop keeps in flight (the pool queues what its connections cannot take yet). */
const NODEMAILER_IN_FLIGHT = 100;

const CONTENDERS = ['smtp-source', 'nodemailer', 'clarion-1', 'clarion-2'] as const;
type Contender = (typeof CONTENDERS)[number];

interface Options {
  recipients: number;
  lanes: number;
  connections: number;
  batchSize: number;
  /** Messages per baseline (smtp-source, nodemailer loops); their rates do not depend on it. */
  baselineMessages: number;
  only: Contender[];
  /** Diagnostic: the configuration's DKIM key removed after activation, so nothing is signed. */
  unsigned: boolean;
  /** Workers under node --cpu-prof, and pg_stat_statements for the Clarion runs. */
  profile: boolean;
}

function parseOptions(argv: readonly string[]): Options {
  const options: Options = {
    recipients: Number(process.env.SEND_RECIPIENTS ?? 200_000),
    lanes: 2,
    connections: 5,
    batchSize: DEFAULT_BATCH_SIZE,
    baselineMessages: 50_000,
    only: [...CONTENDERS],
    unsigned: false,
    profile: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = (): number => {
      const n = Number(argv[++i]);
      if (!Number.isInteger(n) || n <= 0) throw new Error(`${arg} needs a positive integer`);
      return n;
    };
    if (arg === '--recipients') options.recipients = value();
    else if (arg === '--lanes') options.lanes = value();
    else if (arg === '--connections') options.connections = value();
    else if (arg === '--batch-size') options.batchSize = value();
    else if (arg === '--baseline-messages') options.baselineMessages = value();
    else if (arg === '--profile') options.profile = true;
    else if (arg === '--unsigned') options.unsigned = true;
    else if (arg === '--only') {
      const names = (argv[++i] ?? '').split(',');
      const unknown = names.filter((n) => !(CONTENDERS as readonly string[]).includes(n));
      if (unknown.length) throw new Error(`--only takes ${CONTENDERS.join(',')}`);
      options.only = names as Contender[];
    } else
      throw new Error(
        `unknown argument ${arg}; use --recipients N, --lanes L, --connections C, --batch-size B, --baseline-messages M, --only …, --unsigned, --profile`,
      );
  }
  if (!Number.isInteger(options.recipients) || options.recipients <= 0)
    throw new Error('SEND_RECIPIENTS must be a positive integer');
  return options;
}

interface Result {
  label: string;
  messages: number;
  seconds: number;
  cpu: Map<string, number>;
  note?: string;
}

const rate = (r: Result) => r.messages / r.seconds;

// ---------------------------------------------------------------------------------------------
// The messages: Clarion renders them; the nodemailer loop fills the same rendered text by plain
// string concatenation.

const FIRST = 'QQFIRSTQQ';
const NUMBER = 'QQNUMBERQQ';

/** The rendered output with markers for the two variables, split into literal parts and slots. */
function slots(rendered: string): (first: string, n: string) => string {
  const parts = rendered.split(new RegExp(`(${FIRST}|${NUMBER})`));
  return (first, n) => {
    let out = '';
    for (const part of parts) out += part === FIRST ? first : part === NUMBER ? n : part;
    return out;
  };
}

interface PlainMessages {
  /** The message for recipient i (0-based): what the plain loop hands to sendMail. */
  options(i: number, executionId: string): SendMailOptions;
}

async function plainMessages(): Promise<PlainMessages> {
  const compiled = await compileContent({ channel: 'email', content: SEND_CONTENT });
  if (compiled.channel !== 'email') throw new Error('email content expected');
  const out = compiled.email.render({
    profile: { firstName: FIRST, n: NUMBER },
    unsubscribeUrl: '',
    mirrorPageUrl: '',
  });
  const subject = slots(out.subject);
  const html = slots(out.html);
  const text = slots(out.text);
  return {
    options(i, executionId) {
      const first = FIRST_NAMES[(i + 1) % FIRST_NAMES.length]!;
      const n = String(i + 1);
      // Same shape as Clarion's ids: a UUID per recipient, VERP token without dashes.
      const key = `00000000-0000-4000-8000-${n.padStart(12, '0')}`;
      return {
        messageId: `<${executionId}.${key}@shop.example.com>`,
        from: { name: 'Clarion Shop', address: SENDER },
        to: `r${n}@example.com`,
        subject: subject(first, n),
        html: html(first, n),
        text: text(first, n),
        headers: { 'X-Clarion-Execution': executionId },
        list: { unsubscribe: [[UNSUBSCRIBE]] },
        envelope: {
          from: `bounces+${key.replace(/-/g, '')}@shop.example.com`,
          to: [`r${n}@example.com`],
        },
        xMailer: false,
        disableFileAccess: true,
        disableUrlAccess: true,
      };
    },
  };
}

/** The same message as Clarion builds it, for the size check. */
function clarionOptions(i: number, executionId: string): Promise<SendMailOptions> {
  const n = String(i + 1);
  const key = `00000000-0000-4000-8000-${n.padStart(12, '0')}`;
  return clarionMailOptions({
    content: SEND_CONTENT,
    profile: { firstName: FIRST_NAMES[(i + 1) % FIRST_NAMES.length], n: i + 1 },
    address: `r${n}@example.com`,
    recipientKey: key,
    executionId,
  });
}

// ---------------------------------------------------------------------------------------------
// Baselines

async function measureSmtpSource(
  binary: string,
  sink: PostfixSink,
  postgres: BenchPostgres,
  messages: number,
  bytes: number,
  keepConnections: boolean,
): Promise<Result> {
  const before = sink.delivered();
  const cpu = sampleCpu(postgres);
  const { seconds } = await runSmtpSource(binary, {
    port: sink.port,
    sessions: SOURCE_SESSIONS,
    messages,
    bytes,
    keepConnections,
    from: SENDER,
    to: 'r1@example.com',
  });
  await sink.waitFor(before + messages, 10_000);
  return {
    label: `smtp-source -s ${SOURCE_SESSIONS}${keepConnections ? ' -d' : ''}`,
    messages,
    seconds,
    cpu: cpu(),
    note: keepConnections ? 'connections kept' : 'a connection per message',
  };
}

/**
 * How the loop signs: `pem` as nodemailer documents it (the PEM text, parsed again for every
 * message), `key` with the key parsed once (a KeyObject), `none` unsigned.
 */
type LoopSigning = 'pem' | 'key' | 'none';

async function measureNodemailer(
  sink: PostfixSink,
  postgres: BenchPostgres,
  messages: number,
  connections: number,
  privateKey: string,
  signing: LoopSigning,
  plain: PlainMessages,
): Promise<Result> {
  const key = signing === 'key' ? createPrivateKey(privateKey) : privateKey;
  const transport = createTransport({
    pool: true,
    host: '127.0.0.1',
    port: sink.port,
    maxConnections: connections,
    maxMessages: Infinity,
    ignoreTLS: true,
    ...(signing === 'none'
      ? {}
      : {
          dkim: {
            domainName: 'shop.example.com',
            keySelector: 's1',
            // nodemailer hands the key to crypto.Sign, which takes a KeyObject as well.
            privateKey: key as string,
          },
        }),
  });
  const executionId = crypto.randomUUID();
  const before = sink.delivered();
  const cpu = sampleCpu(postgres);
  const started = now();
  let rejected = 0;
  await runConcurrently(messages, NODEMAILER_IN_FLIGHT, async (i) => {
    const info = await transport.sendMail(plain.options(i, executionId));
    if (info.rejected.length) rejected++;
  });
  const seconds = (now() - started) / 1000;
  transport.close();
  await sink.waitFor(before + messages, 10_000);
  if (rejected) throw new Error(`nodemailer: ${rejected} messages rejected`);
  const how = { pem: 'DKIM, PEM key', key: 'DKIM, parsed key', none: 'no DKIM' }[signing];
  return {
    label: `nodemailer loop, ${how}`,
    messages,
    seconds,
    cpu: cpu(),
  };
}

// ---------------------------------------------------------------------------------------------
// Clarion

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

async function measureClarion(
  postgres: BenchPostgres,
  sink: PostfixSink,
  workers: number,
  options: Options,
  privateKey: string,
): Promise<
  Result & {
    planSeconds: number;
    sendSeconds: number;
    profiles: string[];
    statements: ServerStatement[];
  }
> {
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

const CPU_CATEGORIES: readonly [RegExp, string][] = [
  [/node_modules\/nodemailer\/dist\/\w+\/dkim\//, 'nodemailer DKIM signing'],
  [
    /node_modules\/nodemailer\/dist\/\w+\/(mime-node|mail-composer|mime-funcs|qp|base64)\//,
    'nodemailer MIME',
  ],
  [/node_modules\/nodemailer\/dist\/\w+\/smtp-(connection|pool)\//, 'nodemailer SMTP session'],
  [/node_modules\/nodemailer\//, 'nodemailer other'],
  [/src\/channels\/providers\/smtp/, 'Clarion SMTP provider (compose, DKIM, pool)'],
  [/src\/content\//, 'Clarion render'],
  [/src\/delivery\//, 'Clarion delivery'],
  [/src\/channels\//, 'Clarion channels'],
  [/src\/profiles\//, 'Clarion profiles'],
  [/node_modules\/(pg|pg-protocol|pg-pool|pg-types|kysely)\//, 'pg client / kysely'],
  [/node_modules\/graphile-worker\//, 'graphile-worker'],
  [/node_modules\/tsx\/|node_modules\/esbuild\//, 'tsx loader (start-up)'],
  [/^node:internal\/crypto\//, 'node:crypto (RSA signature, hashes)'],
  [/^node:/, 'Node internals (net, streams, timers)'],
];

/** Prints the busiest profile of a worker (its main thread; the other is tsx's loader thread). */
function printProfile(files: readonly string[]): void {
  const busy = (s: ReturnType<typeof summariseCpuProfile>) =>
    s.totalMs - (s.categories.find((c) => c.name.startsWith('idle'))?.ms ?? 0);
  const summaries = files.map((file) => ({
    file,
    summary: summariseCpuProfile(file, 20, CPU_CATEGORIES),
  }));
  const busiest = summaries.sort((a, b) => busy(b.summary) - busy(a.summary))[0];
  if (!busiest) return;
  const { file, summary } = busiest;
  console.log(`\nCPU profile ${file} (${fmt(summary.totalMs / 1000, 1)} s sampled)`);
  for (const c of summary.categories.slice(0, 14))
    console.log(
      `  ${c.name.padEnd(42)} ${fmt(c.ms / 1000, 2).padStart(7)} s ${fmt((100 * c.ms) / summary.totalMs, 1).padStart(5)} %`,
    );
  console.log('  top functions (self time):');
  for (const f of summary.functions)
    console.log(`    ${fmt(f.ms, 0).padStart(6)} ms  ${f.name}  ${f.where}`);
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const sinkBinary = findPostfixTool('smtp-sink');
  const sourceBinary = findPostfixTool('smtp-source');
  if (!sinkBinary || !sourceBinary) {
    console.error(`bench/send needs Postfix's ${!sinkBinary ? 'smtp-sink' : 'smtp-source'}.\n`);
    console.error(POSTFIX_INSTALL_HINT);
    process.exitCode = 1;
    return;
  }
  const keys = rsaKeyPair(2048);
  const plain = await plainMessages();
  const executionId = crypto.randomUUID();
  const plainSize = await wireSize(plain.options(41, executionId), keys.privatePem);
  const clarionSize = await wireSize(await clarionOptions(41, executionId), keys.privatePem);
  if (Math.abs(plainSize - clarionSize) > 16)
    throw new Error(`plain message ${plainSize} B, Clarion's ${clarionSize} B: not the same`);

  const loadStart = loadavg().map((l) => l.toFixed(2));
  console.log(`Machine: ${machineDescription()}`);
  console.log(`Load average at start (1, 5, 15 min): ${loadStart.join(', ')}`);
  console.log(
    `Recipients: ${fmt(options.recipients)}; message ${fmt(clarionSize)} bytes DKIM-signed (RSA 2048); ` +
      `Clarion: batch size ${options.batchSize}, ${options.lanes} lanes per worker, ` +
      `${options.connections} SMTP connections per lane`,
  );
  const postgres = await startBenchPostgres(
    options.profile
      ? {
          settings: {
            shared_preload_libraries: 'pg_stat_statements',
            'pg_stat_statements.max': '1000',
          },
        }
      : {},
  );
  const sink = await startPostfixSink(sinkBinary);
  console.log(`PostgreSQL: ${postgres.version}`);
  console.log(`smtp-sink: ${sinkBinary} on 127.0.0.1:${sink.port}\n`);
  const results = new Map<string, Result & { planSeconds?: number; sendSeconds?: number }>();
  const report = (key: string, result: Result & { planSeconds?: number }) => {
    results.set(key, result);
    const plan =
      result.planSeconds !== undefined ? `, planning ${fmt(result.planSeconds, 1)} s of it` : '';
    console.log(
      `${result.label}: ${fmt(rate(result))} msgs/s (${fmt(result.messages)} in ${fmt(result.seconds, 1)} s${plan})`,
    );
    console.log(`  CPU: ${cpuLine(result.cpu, result.seconds)}`);
  };
  const baseline = Math.min(options.recipients, options.baselineMessages);
  process.once('SIGINT', () => process.exit(130)); // run the exit hooks: no processes left behind
  try {
    if (options.only.includes('smtp-source')) {
      for (const keep of [true, false])
        report(
          keep ? 'smtp-source' : 'smtp-source-reconnect',
          await measureSmtpSource(sourceBinary, sink, postgres, baseline, clarionSize, keep),
        );
    }
    if (options.only.includes('nodemailer'))
      for (const signing of ['pem', 'key', 'none'] as const)
        report(
          `nodemailer-${signing}`,
          await measureNodemailer(
            sink,
            postgres,
            baseline,
            options.connections,
            keys.privatePem,
            signing,
            plain,
          ),
        );
    for (const workers of [1, 2]) {
      if (!options.only.includes(`clarion-${workers}` as Contender)) continue;
      const result = await measureClarion(postgres, sink, workers, options, keys.privatePem);
      report(`clarion-${workers}`, result);
      console.log(
        `  send phase alone: ${fmt(result.messages / result.sendSeconds)} msgs/s (${fmt(result.sendSeconds, 1)} s)`,
      );
      if (options.profile) {
        printProfile(result.profiles);
        console.log('\nPostgreSQL, pg_stat_statements (server execution time, this database):');
        for (const st of result.statements)
          console.log(
            `  ${fmt(st.totalMs, 0).padStart(7)} ms ${fmt(st.calls).padStart(7)} calls ${fmt(st.rows).padStart(8)} rows  ${st.statement.slice(0, 110)}`,
          );
      }
    }
  } finally {
    await sink.stop();
    await postgres.stop();
  }

  console.log(
    `\nLoad average at end (1, 5, 15 min): ${loadavg()
      .map((l) => l.toFixed(2))
      .join(', ')}`,
  );
  const columns: [string, string][] = [
    ['smtp-source', 'smtp-source -d'],
    ['nodemailer-pem', 'loop PEM'],
    ['nodemailer-key', 'loop key'],
    ['nodemailer-none', 'loop unsigned'],
  ];
  const present = columns.filter(([key]) => results.has(key));
  console.log(
    `\n| contender | messages | msgs/s | ${present.map(([, name]) => `÷ ${name}`).join(' | ')} |`,
  );
  console.log(`| --- | ---: | ---: |${present.map(() => ' ---: |').join('')}`);
  for (const result of results.values())
    console.log(
      `| ${result.label} | ${fmt(result.messages)} | ${fmt(rate(result))} | ${present
        .map(([key]) => (rate(result) / rate(results.get(key)!)).toFixed(2))
        .join(' | ')} |`,
    );
  // The targets: the loop of the same (signed) messages at its best, and the machine's limit.
  const loop = results.get('nodemailer-key');
  const unsigned = results.get('nodemailer-none');
  const source = results.get('smtp-source');
  for (const workers of [1, 2]) {
    const clarion = results.get(`clarion-${workers}`);
    if (!clarion) continue;
    const check = (name: string, base: Result | undefined, target: number) =>
      base
        ? `${(rate(clarion) / rate(base)).toFixed(2)} ${rate(clarion) / rate(base) >= target ? '≥' : '<'} ${target} × ${name}`
        : undefined;
    const checks = [
      check('signed loop', loop, TARGET_RATIO_NODEMAILER),
      check('unsigned loop', unsigned, TARGET_RATIO_NODEMAILER),
      check('smtp-source -d', source, TARGET_RATIO_SMTP_SOURCE),
    ].filter(Boolean);
    console.log(`Targets, ${workers} worker${workers > 1 ? 's' : ''}: ${checks.join('; ') || '–'}`);
  }
}

await main();
