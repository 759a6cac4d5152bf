// Campaign benchmark: one marketing email campaign end to end over a demo sandbox of N profiles
// (default 1,000,000), into a Postfix `smtp-sink`, with `smtp-source`'s rate into the same sink
// measured in the same run (before and after the campaign) as the yardstick.
//
//   sandbox    the demo people of `clarion demo` (`demoProfilesCsv`, the seeder's first step,
//              through the profile import engine; `--full-demo` runs the whole seeder, purchases
//              and events too, which is only practical for small N) at N profiles; 1 % of the
//              addresses put on the suppression list as earlier hard bounces;
//              an active marketing SMTP email configuration with a DKIM key (RSA 2048) towards the
//              sink; the audience "Everyone"; a once-only campaign with the send benchmark's
//              newsletter personalised with the people's first names and loyalty points.
//   campaign   `activateCampaign` as a campaign administrator, then the scheduler step
//              `processDueRuns` (takes the audience snapshot, plans the execution: set-based
//              exclusions, message rows, batches), sent by W `clarion worker` processes (started
//              before the clock) until the execution is completed.
//
// Phases come from the server's commit timestamps (`track_commit_timestamp = on`): the snapshot
// phase ends when the snapshot's transaction commits, planning (exclusions, message rows and
// batches) when the run's execution is committed; the workers start sending at that moment.
// Overall msgs/s = messages sent ÷ wall time from activation to the completed execution.
// At the end every consenting, unsuppressed member must be sent, every other member excluded with
// its code (counted by a query of the benchmark's own), and the sink's counter must have risen by
// the sent count. CPU time is sampled from /proc for every process involved.
//
// Run:  npx tsx bench/campaign.ts [--profiles N] [--workers 2 | --workers 1,2] [--lanes L]
//                                 [--connections C] [--source-messages M] [--full-demo]
//       (N also as CAMPAIGN_PROFILES; with several worker counts, one campaign each, one after
//       another on the same sandbox; M, smtp-source's messages per measurement, 50,000)
// Needs Postfix's smtp-sink and smtp-source (bench/lib/postfix.ts says how to install them); not
// part of CI. Timings depend on the machine; record them in docs/BENCHMARKS.md, never in tests.
import { loadavg } from 'node:os';
import { rsaKeyPair } from '../src/channels/providers/testing/fixtures.ts';
import { processDueRuns } from '../src/campaigns/runs.ts';
import { activateCampaign } from '../src/campaigns/service.ts';
import { getCampaign } from '../src/campaigns/store.ts';
import { openDatabase, type Database } from '../src/db/connection.ts';
import { migrate } from '../src/db/migrate.ts';
import { DEMO_SANDBOX, seedDemo } from '../src/demo/seed.ts';
import { bootstrapPlatform } from '../src/platform/bootstrap.ts';
import { platformDb, systemClock } from '../src/platform/context.ts';
import { findSandboxByName } from '../src/platform/sandboxes.ts';
import {
  administratorCall,
  CAMPAIGN_CONTENT,
  draftCampaign,
  everyoneAudience,
  expectedOutcomes,
  importDemoPeople,
  suppressShare,
} from './lib/campaign-setup.ts';
import { machineDescription, now, sleep } from './lib/measure.ts';
import {
  findPostfixTool,
  POSTFIX_INSTALL_HINT,
  runSmtpSource,
  startPostfixSink,
  type PostfixSink,
} from './lib/postfix.ts';
import { startBenchPostgres, type BenchPostgres } from './lib/postgres.ts';
import { cpuLine, fmt, sampleCpu } from './lib/send-cpu.ts';
import {
  activeSmtpConfiguration,
  BENCH_SECRET,
  clarionMailOptions,
  SENDER,
  wireSize,
} from './lib/smtp-setup.ts';
import {
  killWorkers,
  messageOutcomes,
  startWorkers,
  stopWorkers,
  waitForExecution,
} from './lib/workers.ts';

/** Target from the product issue: overall msgs/s ≥ 0.5 × smtp-source -d into the same sink. */
const TARGET_RATIO_SMTP_SOURCE = 0.5;
const SOURCE_SESSIONS = 20;
const SUPPRESSED_PERCENT = 1;
const DEMO_SEED = 42;

interface Options {
  profiles: number;
  workers: number[];
  lanes: number;
  connections: number;
  sourceMessages: number;
  /** The whole `clarion demo` seeder (purchases and events too) instead of its people. */
  fullDemo: boolean;
}

function parseOptions(argv: readonly string[]): Options {
  const options: Options = {
    profiles: Number(process.env.CAMPAIGN_PROFILES ?? 1_000_000),
    workers: [2],
    lanes: 2,
    connections: 5,
    sourceMessages: 50_000,
    fullDemo: false,
  };
  const positive = (arg: string, text: string | undefined): number => {
    const n = Number(text);
    if (!Number.isInteger(n) || n <= 0) throw new Error(`${arg} needs a positive integer`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--profiles') options.profiles = positive(arg, argv[++i]);
    else if (arg === '--workers')
      options.workers = (argv[++i] ?? '').split(',').map((w) => positive(arg, w));
    else if (arg === '--lanes') options.lanes = positive(arg, argv[++i]);
    else if (arg === '--connections') options.connections = positive(arg, argv[++i]);
    else if (arg === '--source-messages') options.sourceMessages = positive(arg, argv[++i]);
    else if (arg === '--full-demo') options.fullDemo = true;
    else
      throw new Error(
        `unknown argument ${arg}; use --profiles N, --workers W[,W], --lanes L, --connections C, --source-messages M, --full-demo`,
      );
  }
  if (!Number.isInteger(options.profiles) || options.profiles <= 0)
    throw new Error('CAMPAIGN_PROFILES must be a positive integer');
  return options;
}

const seconds = (ms: number) => `${fmt(ms / 1000, 1)} s`;
const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

async function measureSource(
  binary: string,
  sink: PostfixSink,
  options: Options,
  bytes: number,
): Promise<number> {
  const before = sink.delivered();
  const { seconds: took } = await runSmtpSource(binary, {
    port: sink.port,
    sessions: SOURCE_SESSIONS,
    messages: options.sourceMessages,
    bytes,
    keepConnections: true,
    from: SENDER,
    to: 'r1@example.com',
  });
  await sink.waitFor(before + options.sourceMessages, 10_000);
  return options.sourceMessages / took;
}

interface Sandbox {
  database: Database;
  url: string;
  sandboxId: string;
  configurationId: string;
  audienceId: string;
  /** One member's message as Clarion builds it, in bytes on the wire. */
  messageBytes: number;
}

async function prepareSandbox(
  postgres: BenchPostgres,
  sink: PostfixSink,
  options: Options,
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

interface CampaignResult {
  workers: number;
  sent: number;
  members: number;
  snapshotTookMs: number;
  /** Wall-clock milliseconds of each phase. */
  activationMs: number;
  snapshotMs: number;
  planningMs: number;
  sendMs: number;
  totalMs: number;
  cpu: Map<string, number>;
  outcomes: { status: string; reason: string | null; n: number }[];
}

/** A commit timestamp of the server, as milliseconds on this process's `now()` scale. */
const onNowScale = (at: Date, anchor: { wall: number; mono: number }) =>
  anchor.mono + (at.getTime() - anchor.wall);

async function runCampaign(
  postgres: BenchPostgres,
  sink: PostfixSink,
  sandbox: Sandbox,
  workers: number,
  options: Options,
): Promise<CampaignResult> {
  const { database } = sandbox;
  const call = await administratorCall(database, sandbox.sandboxId);
  const campaign = await draftCampaign(
    call,
    `Spring newsletter (${workers} worker${workers > 1 ? 's' : ''})`,
    sandbox.audienceId,
    sandbox.configurationId,
  );
  const expected = await expectedOutcomes(database.pool, sandbox.sandboxId);
  const running = await startWorkers(sandbox.url, workers, options.lanes);
  try {
    // The workers also look for due runs at every full minute: start clear of one, so that the
    // run is planned here (a few ms after activation), where it is timed.
    while (new Date().getSeconds() >= 45) await sleep(250);
    const before = sink.delivered();
    const cpu = sampleCpu(postgres);
    const started = now();
    await activateCampaign(call, campaign.id);
    const anchor = { wall: Date.now(), mono: now() };
    const taken = await processDueRuns({ database, clock: systemClock });
    if (taken !== 1) throw new Error(`processDueRuns planned ${taken} runs, expected 1`);
    const run = await database.pool.query<{
      execution_id: string;
      snapshot_id: string;
      members: number;
      took_ms: number;
      snapshot_at: Date;
      planned_at: Date;
    }>(
      `SELECT r.execution_id, e.snapshot_id, s.members, s.took_ms,
              pg_xact_commit_timestamp(s.xmin) AS snapshot_at,
              pg_xact_commit_timestamp(r.xmin) AS planned_at
         FROM campaign_runs r
         JOIN executions e ON e.sandbox_id = r.sandbox_id AND e.id = r.execution_id
         JOIN audience_snapshots s ON s.sandbox_id = e.sandbox_id AND s.id = e.snapshot_id
        WHERE r.sandbox_id = $1 AND r.campaign_id = $2 AND r.run_no = 1`,
      [sandbox.sandboxId, campaign.id],
    );
    const planned = run.rows[0];
    if (!planned) throw new Error('the run has no execution');
    const snapshotEnd = onNowScale(planned.snapshot_at, anchor);
    const planEnd = onNowScale(planned.planned_at, anchor);
    const finished = await waitForExecution({
      pool: database.pool,
      executionId: planned.execution_id,
      sink,
      workers: running,
      sinkBefore: before,
      progressMs: 60_000,
      onProgress: (n) =>
        console.log(`  … ${fmt(n)} sent after ${seconds(now() - started)} (load ${load()})`),
    });
    const usage = cpu();
    const outcomes = await messageOutcomes(database.pool, planned.execution_id);
    const sent = outcomes.find((o) => o.status === 'sent')?.n ?? 0;
    await sink.waitFor(before + sent, 10_000);
    const delivered = sink.delivered() - before;
    // Every member decided as expected, and the sink received exactly what was sent.
    const problems: string[] = [];
    if (delivered !== sent) problems.push(`sink counted ${delivered}, ${sent} sent`);
    const found = new Map(
      outcomes.map((o) => [o.status === 'sent' ? 'sent' : (o.reason ?? o.status), o.n]),
    );
    for (const key of new Set([...expected.keys(), ...found.keys()]))
      if ((expected.get(key) ?? 0) !== (found.get(key) ?? 0))
        problems.push(`${key}: ${found.get(key) ?? 0}, expected ${expected.get(key) ?? 0}`);
    const total = outcomes.reduce((sum, o) => sum + o.n, 0);
    if (total !== planned.members)
      problems.push(`${total} messages for ${planned.members} members`);
    // The scheduler closes the run and completes the campaign.
    await processDueRuns({ database, clock: systemClock });
    const after = await getCampaign(call.db, sandbox.sandboxId, campaign.id);
    if (after.status !== 'completed') problems.push(`campaign ${after.status}, not completed`);
    if (problems.length)
      throw new Error(
        `campaign run incorrect: ${problems.join('; ')}\n${JSON.stringify(outcomes)}`,
      );
    await stopWorkers(running);
    return {
      workers,
      sent,
      members: planned.members,
      snapshotTookMs: planned.took_ms,
      activationMs: anchor.mono - started,
      snapshotMs: snapshotEnd - anchor.mono,
      planningMs: planEnd - snapshotEnd,
      sendMs: finished - planEnd,
      totalMs: finished - started,
      cpu: usage,
      outcomes,
    };
  } finally {
    await killWorkers(running);
  }
}

function report(result: CampaignResult, sourceRate: number, lanes: number): void {
  const rate = result.sent / (result.totalMs / 1000);
  const sendRate = result.sent / (result.sendMs / 1000);
  const share = (ms: number) => `${fmt((100 * ms) / result.totalMs, 1)} %`;
  console.log(`\nCampaign, ${result.workers} worker process(es) × ${lanes} lanes:`);
  console.log(`| phase | wall time | share |`);
  console.log(`| --- | ---: | ---: |`);
  console.log(
    `| activation (activateCampaign) | ${seconds(result.activationMs)} | ${share(result.activationMs)} |`,
  );
  console.log(
    `| audience snapshot (${fmt(result.members)} members; took_ms ${fmt(result.snapshotTookMs)}) | ${seconds(result.snapshotMs)} | ${share(result.snapshotMs)} |`,
  );
  console.log(
    `| exclusions + planning (message rows, batches) | ${seconds(result.planningMs)} | ${share(result.planningMs)} |`,
  );
  console.log(
    `| render + send (${fmt(result.sent)} messages) | ${seconds(result.sendMs)} | ${share(result.sendMs)} |`,
  );
  console.log(`| **total, activation → completed** | ${seconds(result.totalMs)} | 100 % |`);
  console.log(
    `Outcomes: ${result.outcomes.map((o) => `${o.status}${o.reason ? ` ${o.reason}` : ''} ${fmt(o.n)}`).join(', ')}`,
  );
  console.log(`Overall: ${fmt(rate)} msgs/s; send phase alone: ${fmt(sendRate)} msgs/s`);
  console.log(`  CPU: ${cpuLine(result.cpu, result.totalMs / 1000)}`);
  for (const [role, cpuSeconds] of result.cpu)
    if (cpuSeconds >= 0.05)
      console.log(`    ${role}: ${fmt((1000 * cpuSeconds) / result.sent, 3)} ms per sent message`);
  const ratio = rate / sourceRate;
  console.log(
    `Target: ${ratio.toFixed(3)} ${ratio >= TARGET_RATIO_SMTP_SOURCE ? '≥' : '<'} ${TARGET_RATIO_SMTP_SOURCE} × smtp-source -d ` +
      `(${fmt(rate)} ÷ ${fmt(sourceRate)} msgs/s); send phase alone ${(sendRate / sourceRate).toFixed(3)} ×`,
  );
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const sinkBinary = findPostfixTool('smtp-sink');
  const sourceBinary = findPostfixTool('smtp-source');
  if (!sinkBinary || !sourceBinary) {
    console.error(`bench/campaign needs Postfix's ${!sinkBinary ? 'smtp-sink' : 'smtp-source'}.\n`);
    console.error(POSTFIX_INSTALL_HINT);
    process.exitCode = 1;
    return;
  }
  const benchStarted = now();
  console.log(`Machine: ${machineDescription()}`);
  console.log(`Load average at start (1, 5, 15 min): ${load()}`);
  console.log(
    `Profiles: ${fmt(options.profiles)}; workers: ${options.workers.join(', ')} × ${options.lanes} lanes, ` +
      `${options.connections} SMTP connections per lane`,
  );
  const keys = rsaKeyPair(2048);
  // Commit timestamps mark where the snapshot and planning phases end.
  const postgres = await startBenchPostgres({ settings: { track_commit_timestamp: 'on' } });
  const sink = await startPostfixSink(sinkBinary);
  console.log(`PostgreSQL: ${postgres.version}`);
  console.log(`smtp-sink: ${sinkBinary} on 127.0.0.1:${sink.port}\n`);
  process.once('SIGINT', () => process.exit(130)); // run the exit hooks: no processes left behind
  let sandbox: Sandbox | undefined;
  try {
    sandbox = await prepareSandbox(postgres, sink, options, keys.privatePem);
    for (const workers of options.workers) {
      const sourceBefore = await measureSource(sourceBinary, sink, options, sandbox.messageBytes);
      console.log(
        `\nsmtp-source -s ${SOURCE_SESSIONS} -d -l ${sandbox.messageBytes} (before): ${fmt(sourceBefore)} msgs/s; load ${load()}`,
      );
      const result = await runCampaign(postgres, sink, sandbox, workers, options);
      const sourceAfter = await measureSource(sourceBinary, sink, options, sandbox.messageBytes);
      console.log(
        `smtp-source -s ${SOURCE_SESSIONS} -d (after): ${fmt(sourceAfter)} msgs/s; load ${load()}`,
      );
      report(result, (sourceBefore + sourceAfter) / 2, options.lanes);
    }
  } finally {
    await sandbox?.database.close();
    await sink.stop();
    await postgres.stop();
  }
  console.log(`\nLoad average at end (1, 5, 15 min): ${load()}`);
  console.log(`Whole benchmark: ${seconds(now() - benchStarted)}`);
}

await main();
