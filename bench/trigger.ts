// Trigger benchmark: the execution API (`/im/executions/unitary` and `/highthroughput`) of a
// running `clarion start` under autocannon, side by side in the same run with a bare Fastify
// server that validates the same body and does one INSERT (bench/lib/trigger-baseline.ts).
//
//   sandbox    the demo people of `clarion demo` (N profiles, default 10,000) whose email
//              addresses are the `aep` recipients; a transactional SMTP email configuration with a
//              DKIM key (RSA 2048) towards Postfix's smtp-sink; two live API-triggered campaigns
//              (standard, high-throughput) with an order confirmation personalised from the
//              profile and the call's context; an API key of a campaign manager.
//   servers    `clarion start` (API key rate raised to 1,000,000/s, no delivery lanes, so that the
//              API is measured alone) and the baseline, each a process of its own; autocannon
//              runs in the benchmark's process; PostgreSQL is one embedded cluster for all.
//   load       per server: a warm-up of W requests, then a fixed number of requests (the warm-up's
//              rate × S seconds) over C connections, each request one recipient with a context
//              and a requestId of its own; the baseline is measured before and after Clarion.
//              The standard mode is measured again at a fixed offered rate (R, default 500
//              calls/s, the target's; 0 skips it): its p99 there is the target's latency.
//   after      W' `clarion worker` processes send everything accepted; every 202 must have its
//              request, execution and message stored, every message must be sent, and the sink's
//              counter must have risen by exactly the accepted count.
//
// CPU time per process comes from /proc, statements per request from pg_stat_statements.
//
// Run:  npx tsx bench/trigger.ts [--profiles N] [--connections C] [--seconds S] [--warmup W]
//                                [--workers W'] [--lanes L] [--rate R] [--deliver-seconds D]
// Needs Postfix's smtp-sink (bench/lib/postfix.ts says how to install it); not part of CI.
// Timings depend on the machine; record them in docs/BENCHMARKS.md, never in tests.
import { rsaKeyPair } from '../src/channels/providers/testing/fixtures.ts';
import { openDatabase } from '../src/db/connection.ts';
import { migrate } from '../src/db/migrate.ts';
import { bootstrapPlatform } from '../src/platform/bootstrap.ts';
import { platformDb, systemClock } from '../src/platform/context.ts';
import { machineDescription } from './lib/measure.ts';
import { findPostfixTool, POSTFIX_INSTALL_HINT, startPostfixSink } from './lib/postfix.ts';
import { startBenchPostgres } from './lib/postgres.ts';
import { fmt } from './lib/send-cpu.ts';
import { deliverAndCheck, reportDelivery } from './lib/trigger-delivery.ts';
import {
  load,
  measureTarget,
  reportMeasurements,
  startBaseline,
  startClarion,
  type Measurement,
  type Target,
  type TriggerOptions,
} from './lib/trigger-run.ts';
import { orderContext, prepareTriggerSandbox } from './lib/trigger-setup.ts';

function parseOptions(argv: readonly string[]): TriggerOptions {
  const options: TriggerOptions = {
    profiles: 10_000,
    connections: 50,
    seconds: 20,
    warmup: 1_000,
    workers: 2,
    lanes: 2,
    rate: 500,
    deliverSeconds: 240,
  };
  const positive = (arg: string, text: string | undefined): number => {
    const n = Number(text);
    if (!Number.isInteger(n) || n <= 0) throw new Error(`${arg} needs a positive integer`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--profiles') options.profiles = positive(arg, argv[++i]);
    else if (arg === '--connections') options.connections = positive(arg, argv[++i]);
    else if (arg === '--seconds') options.seconds = positive(arg, argv[++i]);
    else if (arg === '--warmup') options.warmup = positive(arg, argv[++i]);
    else if (arg === '--workers') options.workers = positive(arg, argv[++i]);
    else if (arg === '--lanes') options.lanes = positive(arg, argv[++i]);
    else if (arg === '--deliver-seconds') options.deliverSeconds = positive(arg, argv[++i]);
    else if (arg === '--rate') {
      const text = argv[++i];
      options.rate = text === '0' ? 0 : positive(arg, text);
    } else
      throw new Error(
        `unknown argument ${arg}; use --profiles N, --connections C, --seconds S, --warmup W, --workers W, --lanes L, --rate R, --deliver-seconds D`,
      );
  }
  return options;
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const sinkBinary = findPostfixTool('smtp-sink');
  if (!sinkBinary) {
    console.error(`bench/trigger needs Postfix's smtp-sink.\n\n${POSTFIX_INSTALL_HINT}`);
    process.exitCode = 1;
    return;
  }
  console.log(`Machine: ${machineDescription()}`);
  console.log(`Started ${new Date().toISOString()}; load average (1, 5, 15 min): ${load()}`);
  console.log(
    `Profiles: ${fmt(options.profiles)}; autocannon: ${options.connections} connections, ` +
      `${fmt(options.warmup)} warm-up requests, then about ${options.seconds} s per measurement`,
  );
  const keys = rsaKeyPair(2048);
  const postgres = await startBenchPostgres({
    settings: { shared_preload_libraries: 'pg_stat_statements' },
  });
  const sink = await startPostfixSink(sinkBinary);
  process.once('SIGINT', () => process.exit(130)); // run the exit hooks: no processes left behind
  console.log(`PostgreSQL: ${postgres.version}\nsmtp-sink on 127.0.0.1:${sink.port}`);
  const url = await postgres.createDatabase(`trigger_${Date.now()}`);
  const database = openDatabase(url, { max: 4 });
  const stops: (() => Promise<unknown>)[] = [];
  try {
    await migrate(database.pool);
    await database.pool.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
    await bootstrapPlatform(platformDb(database.db), systemClock, {
      email: 'bench@clarion.local',
      password: 'bench-password-not-secret',
    });
    const sandbox = await prepareTriggerSandbox(database, {
      profiles: options.profiles,
      sinkPort: sink.port,
      connections: 5,
      privateKey: keys.privatePem,
    });
    await database.pool.query('VACUUM ANALYZE');
    await database.pool.query('CHECKPOINT');
    console.log(
      `Sandbox "${sandbox.sandboxName}": ${fmt(sandbox.addresses.length)} profiles with an email address; ` +
        `campaigns ${sandbox.standard.id} (standard), ${sandbox.highThroughput.id} (high throughput)`,
    );
    const clarion = await startClarion(url);
    stops.push(clarion.stop);
    const baseline = await startBaseline(url);
    stops.push(baseline.stop);
    const headers = {
      authorization: `Bearer ${sandbox.apiSecret}`,
      'x-api-key': sandbox.clientId,
      'x-gw-ims-org-id': '1234@AdobeOrg',
      'x-sandbox-name': sandbox.sandboxName,
    };
    const address = (n: number) => sandbox.addresses[n % sandbox.addresses.length] ?? '';
    const unitaryBody = (n: number) => ({
      requestId: `order-${n}`,
      campaignId: sandbox.standard.id,
      recipients: [
        { type: 'aep', userId: address(n), namespace: 'email', context: orderContext(n) },
      ],
    });
    const targets: Target[] = [
      {
        name: 'baseline (before)',
        url: baseline.url,
        path: '/executions/unitary',
        headers: {},
        body: unitaryBody,
      },
      {
        name: 'Clarion unitary (standard)',
        url: clarion.url,
        path: '/im/executions/unitary',
        headers,
        body: unitaryBody,
        campaignId: sandbox.standard.id,
      },
      ...(options.rate > 0
        ? [
            {
              name: `Clarion unitary at ${fmt(options.rate)} calls/s`,
              url: clarion.url,
              path: '/im/executions/unitary',
              headers,
              body: unitaryBody,
              campaignId: sandbox.standard.id,
              rate: options.rate,
            },
          ]
        : []),
      {
        name: 'Clarion high-throughput',
        url: clarion.url,
        path: '/im/executions/highthroughput',
        headers,
        body: (n) => ({
          requestId: `ht-${n}`,
          campaignId: sandbox.highThroughput.id,
          recipients: [
            {
              type: 'external',
              userId: `buyer${n}@example.net`,
              namespace: 'email',
              context: orderContext(n),
            },
          ],
        }),
        campaignId: sandbox.highThroughput.id,
      },
      {
        name: 'baseline (after)',
        url: baseline.url,
        path: '/executions/unitary',
        headers: {},
        body: unitaryBody,
      },
    ];
    const measurements: Measurement[] = [];
    // Request numbers (and so requestIds) never repeat: a range of 100,000,000 per target.
    for (const [i, target] of targets.entries())
      measurements.push(
        await measureTarget(target, { postgres, pool: database.pool, options, first: i * 1e8 }),
      );
    await baseline.stop();
    reportMeasurements(measurements);
    const delivery = await deliverAndCheck({
      url,
      pool: database.pool,
      postgres,
      sink,
      sandboxId: sandbox.sandboxId,
      measurements,
      options,
    });
    reportDelivery(delivery);
  } finally {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
    await database.close();
    await sink.stop();
    await postgres.stop();
  }
  console.log(`\nFinished ${new Date().toISOString()}; load average (1, 5, 15 min): ${load()}`);
}

await main();
