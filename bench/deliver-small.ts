// Small-executions delivery benchmark: how fast `clarion worker` processes send many executions
// of one message each (what the execution API creates, one per call), for one or two checkouts
// of Clarion side by side in the same run (e.g. the previous commit and this one).
//
//   data      N calls of one API-triggered campaign stored as the API's group commit stores them
//             (src/campaigns/im/accept-sql.ts): an order confirmation to an external address,
//             personalised from the call's context; a transactional SMTP email configuration
//             with a DKIM key (RSA 2048) towards Postfix's smtp-sink, 5 connections.
//   delivery  W `clarion worker` processes with L lanes each, of the checkout measured, send
//             everything; timed from the sink's first message (worker start-up left out) until
//             no message is pending. The sink must count exactly N. Each checkout is measured
//             R times, alternately, on fresh executions.
//
// Run:  npx tsx bench/deliver-small.ts [--calls N] [--workers W] [--lanes L] [--repeat R]
//                                      [--before DIR] [--limit-seconds S]
// DIR is another checkout with its node_modules, e.g. the previous commit:
//   mkdir /tmp/before && git archive HEAD~1 | tar -x -C /tmp/before &&
//   ln -s "$PWD/node_modules" /tmp/before/node_modules
// Needs Postfix's smtp-sink (bench/lib/postfix.ts says how to install it); not part of CI.
import { fileURLToPath } from 'node:url';
import { channelsDb } from '../src/channels/db.ts';
import { rsaKeyPair } from '../src/channels/providers/testing/fixtures.ts';
import { changeStatus, saveConfiguration } from '../src/channels/store.ts';
import { openDatabase } from '../src/db/connection.ts';
import { migrate } from '../src/db/migrate.ts';
import { bootstrapPlatform } from '../src/platform/bootstrap.ts';
import { platformDb, SYSTEM_ACTOR, systemClock } from '../src/platform/context.ts';
import { deliverSmall, storeSmallCalls } from './lib/deliver-small-run.ts';
import { machineDescription } from './lib/measure.ts';
import { findPostfixTool, POSTFIX_INSTALL_HINT, startPostfixSink } from './lib/postfix.ts';
import { startBenchPostgres } from './lib/postgres.ts';
import { cpuLine, fmt } from './lib/send-cpu.ts';
import { BENCH_SECRET, emailSettings } from './lib/smtp-setup.ts';
import { load } from './lib/trigger-run.ts';

const HERE = fileURLToPath(new URL('..', import.meta.url));

function parseOptions(argv: readonly string[]) {
  const options = { calls: 5000, workers: 2, lanes: 2, repeat: 1, before: '', limitSeconds: 300 };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    const value = argv[++i] ?? '';
    const n = Number(value);
    if (arg === '--before') options.before = value;
    else if (!Number.isInteger(n) || n <= 0) throw new Error(`${arg} needs a positive integer`);
    else if (arg === '--calls') options.calls = n;
    else if (arg === '--workers') options.workers = n;
    else if (arg === '--lanes') options.lanes = n;
    else if (arg === '--repeat') options.repeat = n;
    else if (arg === '--limit-seconds') options.limitSeconds = n;
    else throw new Error(`unknown argument ${arg}`);
  }
  return options;
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const sinkBinary = findPostfixTool('smtp-sink');
  if (!sinkBinary) {
    console.error(`bench/deliver-small needs Postfix's smtp-sink.\n\n${POSTFIX_INSTALL_HINT}`);
    process.exitCode = 1;
    return;
  }
  console.log(`Machine: ${machineDescription()}`);
  console.log(`Started ${new Date().toISOString()}; load average (1, 5, 15 min): ${load()}`);
  console.log(
    `${fmt(options.calls)} one-message executions per measurement; ${options.workers} workers × ${options.lanes} lanes`,
  );
  const postgres = await startBenchPostgres();
  const sink = await startPostfixSink(sinkBinary);
  process.once('SIGINT', () => process.exit(130));
  const url = await postgres.createDatabase(`deliver_small_${Date.now()}`);
  const database = openDatabase(url, { max: 4 });
  try {
    await migrate(database.pool);
    await bootstrapPlatform(platformDb(database.db), systemClock, {
      email: 'bench@clarion.local',
      password: 'bench-password-not-secret',
    });
    const sandboxId = (
      await database.pool.query<{ id: string }>("SELECT id FROM sandboxes WHERE name = 'prod'")
    ).rows[0]!.id;
    const call = {
      db: channelsDb(database.db),
      sandboxId,
      actor: { ...SYSTEM_ACTOR, label: 'bench' },
      clock: systemClock,
      secret: BENCH_SECRET,
    };
    const draft = await saveConfiguration(call, {
      name: 'Receipts (SMTP)',
      channel: 'email',
      category: 'transactional',
      settings: emailSettings(sink.port, 5),
      credentials: { dkimPrivateKey: rsaKeyPair(2048).privatePem },
    });
    const configuration = await changeStatus(call, draft.id, 'activate');
    const checkouts = [...(options.before ? [['before', options.before]] : []), ['this', HERE]];
    let first = 0;
    for (let round = 0; round < options.repeat; round++)
      for (const [name, root] of checkouts) {
        await database.pool.query('DELETE FROM messages');
        await database.pool.query('DELETE FROM executions');
        await storeSmallCalls(database.pool, sandboxId, configuration, first, options.calls);
        first += options.calls;
        await database.pool.query('VACUUM ANALYZE');
        const d = await deliverSmall({
          root: root!,
          url,
          pool: database.pool,
          postgres,
          sink,
          sandboxId,
          expected: options.calls,
          workers: options.workers,
          lanes: options.lanes,
          limitSeconds: options.limitSeconds,
        });
        console.log(
          `${name} (${root}): ${fmt(d.sent)} sent, sink ${fmt(d.sinkCount)} in ${fmt(d.seconds, 1)} s = ` +
            `${fmt(d.sent / d.seconds)} msgs/s; load ${load()}\n  CPU: ${cpuLine(d.cpu, d.seconds)}` +
            (d.problems.length ? `\n  CHECKS FAILED: ${d.problems.join('; ')}` : ''),
        );
        if (d.problems.length) process.exitCode = 1;
      }
  } finally {
    await database.close();
    await sink.stop();
    await postgres.stop();
  }
  console.log(`Finished ${new Date().toISOString()}; load average (1, 5, 15 min): ${load()}`);
}

await main();
