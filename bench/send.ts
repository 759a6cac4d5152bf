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
import { loadavg } from 'node:os';
import { rsaKeyPair } from '../src/channels/providers/testing/fixtures.ts';
import { machineDescription } from './lib/measure.ts';
import { findPostfixTool, POSTFIX_INSTALL_HINT, startPostfixSink } from './lib/postfix.ts';
import { startBenchPostgres } from './lib/postgres.ts';
import { measureNodemailer, measureSmtpSource } from './lib/send-baselines.ts';
import { measureClarion } from './lib/send-clarion.ts';
import { fmt } from './lib/send-cpu.ts';
import { clarionOptions, plainMessages } from './lib/send-messages.ts';
import { parseSendOptions, type Contender } from './lib/send-options.ts';
import {
  printClarionProfile,
  printResult,
  printSummary,
  type ReportedResult,
} from './lib/send-report.ts';
import { wireSize } from './lib/smtp-setup.ts';

async function main(): Promise<void> {
  const options = parseSendOptions(process.argv.slice(2));
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
  const results = new Map<string, ReportedResult>();
  const report = (key: string, result: ReportedResult) => {
    results.set(key, result);
    printResult(result);
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
      if (options.profile) printClarionProfile(result);
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
  printSummary(results);
}

await main();
