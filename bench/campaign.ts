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
import { rsaKeyPair } from '../src/channels/providers/testing/fixtures.ts';
import { parseCampaignOptions } from './lib/campaign-options.ts';
import { load, printCampaign, seconds } from './lib/campaign-report.ts';
import { measureSource, runCampaign, SOURCE_SESSIONS } from './lib/campaign-run.ts';
import { prepareSandbox, type Sandbox } from './lib/campaign-sandbox.ts';
import { machineDescription, now } from './lib/measure.ts';
import { findPostfixTool, POSTFIX_INSTALL_HINT, startPostfixSink } from './lib/postfix.ts';
import { startBenchPostgres } from './lib/postgres.ts';
import { fmt } from './lib/send-cpu.ts';

async function main(): Promise<void> {
  const options = parseCampaignOptions(process.argv.slice(2));
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
      printCampaign(result, (sourceBefore + sourceAfter) / 2, options.lanes);
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
