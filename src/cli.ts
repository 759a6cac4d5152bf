// clarion start | worker | migrate | import | demo | render
import { fileURLToPath } from 'node:url';
import { demoCommand, importCommand } from './cli/data-commands.ts';
import { onShutdown, openConfiguredDatabase, type Cleanup } from './cli/runtime.ts';
import { ConfigError, flagNames, loadConfig, mergeFlags, type Config } from './config.ts';
import { renderCommand } from './content/render-command.ts';
import { startConfiguredMailboxSmtpSink } from './channels/mailbox/smtp-sink.ts';
import { startConfiguredBounceListener } from './delivery/feedback/listener.ts';
import { startDelivery } from './delivery/runner.ts';
import { seedDemo } from './demo/seed.ts';
import { buildApp } from './http/app.ts';
import { openJobQueue, startWorkers } from './jobs/queue.ts';
import { buildTaskList, CRONTAB } from './jobs/tasks.ts';
import { createLogger } from './log.ts';
import { TICK_JOB } from './orchestration/engine/deps.ts';
import { bootstrapPlatform } from './platform/bootstrap.ts';
import { platformDb, systemClock } from './platform/context.ts';

const USAGE = `Usage: clarion <command> [options]

Commands:
  start     API, web console and workers in one process (embedded PostgreSQL unless DATABASE_URL)
  worker    workers only; add more of these to send faster
  migrate   apply database migrations and exit
  import    import profiles FILE | import dataset NAME FILE   [--format csv|ndjson] [--sandbox NAME] [--batch-size N]
  demo      fill the demo sandbox   [--profiles N] [--seed S]
  render    render a template   --template FILE | --inline 'TEXT'  [--data FILE] [--escape html|none]

Options (each overrides its environment variable):
  ${flagNames().join(', ')}`;

async function start(config: Config): Promise<void> {
  const log = createLogger(config.logLevel, 'clarion');
  const cleanups: Cleanup[] = [];
  const shutdown = onShutdown(log, cleanups);
  try {
    const database = await openConfiguredDatabase(config, log, cleanups);
    const boot = await bootstrapPlatform(platformDb(database.db), systemClock, {
      email: config.adminEmail,
      password: config.adminPassword,
    });
    if (boot.createdAdmin && config.demo) {
      const demo = await seedDemo(
        { database, clock: systemClock, secret: config.secret },
        { profiles: 10_000, seed: 42 },
      );
      if (!demo.skipped)
        log.info({ profiles: demo.profiles, purchases: demo.purchases }, 'demo sandbox filled');
    }
    const jobs = await openJobQueue(database.pool, log);
    cleanups.push(() => jobs.close());
    const runner = await startWorkers({
      pool: database.pool,
      tasks: buildTaskList({ database, clock: systemClock, jobs, secret: config.secret }),
      crontab: CRONTAB,
      concurrency: config.workerConcurrency,
      log: log.child({ component: 'worker' }),
    });
    cleanups.push(() => runner.stop());
    // Orchestrated activities whose worker stopped are taken over now, not at the next minute.
    await jobs.add(TICK_JOB, {}, { jobKey: 'orchestrated-tick-on-start' });
    // Started before delivery so that it stops after it: sends to the sink finish first.
    const mailboxSink = await startConfiguredMailboxSmtpSink(config, {
      db: database.db,
      clock: systemClock,
      log,
    });
    if (mailboxSink) cleanups.push(() => mailboxSink.close());
    const delivery = startDelivery({
      database,
      clock: systemClock,
      secret: config.secret,
      publicUrl: config.publicUrl,
      log: log.child({ component: 'delivery' }),
      lanes: config.deliveryLanes,
      leaseMs: config.deliveryLeaseSeconds * 1000,
    });
    cleanups.push(() => delivery.stop());
    const bounces = await startConfiguredBounceListener(config, database, systemClock, log);
    if (bounces) cleanups.push(() => bounces.close());
    const app = await buildApp({
      database,
      clock: systemClock,
      jobs,
      publicUrl: config.publicUrl,
      secret: config.secret,
      trustProxy: config.trustProxy,
      apiKeyRate: config.apiKeyRate,
      logLevel: config.logLevel,
      consoleDir: fileURLToPath(new URL('../web/dist', import.meta.url)),
    });
    cleanups.push(() => app.close());
    await app.listen({ port: config.port, host: config.host });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    const lines = [
      `Clarion is running: http://localhost:${port}  (API docs: http://localhost:${port}/docs)`,
    ];
    if (mailboxSink)
      lines.push(`Mailbox SMTP sink: 127.0.0.1:${mailboxSink.port}  (mail sent there is kept)`);
    if (boot.createdAdmin) {
      lines.push(`Administrator: ${boot.createdAdmin.email}`);
      lines.push(
        boot.createdAdmin.generated
          ? `Password:      ${boot.createdAdmin.password}   (shown once; set CLARION_ADMIN_PASSWORD to choose it)`
          : 'Password:      the value of CLARION_ADMIN_PASSWORD',
      );
    } else {
      lines.push('Sign in with your administrator account (created on the first start).');
    }
    process.stdout.write(lines.join('\n') + '\n');
  } catch (error) {
    log.fatal({ err: error }, 'start failed');
    await shutdown();
    process.exit(1);
  }
}

async function worker(config: Config): Promise<void> {
  const log = createLogger(config.logLevel, 'clarion-worker');
  const cleanups: Cleanup[] = [];
  const shutdown = onShutdown(log, cleanups);
  try {
    const database = await openConfiguredDatabase(config, log, cleanups);
    const jobs = await openJobQueue(database.pool, log);
    cleanups.push(() => jobs.close());
    const runner = await startWorkers({
      pool: database.pool,
      tasks: buildTaskList({ database, clock: systemClock, jobs, secret: config.secret }),
      crontab: CRONTAB,
      concurrency: config.workerConcurrency,
      log,
    });
    cleanups.push(() => runner.stop());
    await jobs.add(TICK_JOB, {}, { jobKey: 'orchestrated-tick-on-start' });
    const delivery = startDelivery({
      database,
      clock: systemClock,
      secret: config.secret,
      publicUrl: config.publicUrl,
      log,
      lanes: config.deliveryLanes,
      leaseMs: config.deliveryLeaseSeconds * 1000,
    });
    cleanups.push(() => delivery.stop());
    const bounces = await startConfiguredBounceListener(config, database, systemClock, log);
    if (bounces) cleanups.push(() => bounces.close());
    log.info(
      { concurrency: config.workerConcurrency, deliveryLanes: config.deliveryLanes },
      'worker running',
    );
  } catch (error) {
    log.fatal({ err: error }, 'worker failed');
    await shutdown();
    process.exit(1);
  }
}

async function migrateOnly(config: Config): Promise<void> {
  const log = createLogger(config.logLevel, 'clarion');
  const cleanups: Cleanup[] = [];
  const shutdown = onShutdown(log, cleanups);
  try {
    await openConfiguredDatabase(config, log, cleanups);
    process.stdout.write('Database is up to date.\n');
  } finally {
    await shutdown();
  }
}

function exitOnConfigError(error: unknown): never {
  if (error instanceof ConfigError) {
    process.stderr.write(error.message + '\n');
    process.exit(2);
  }
  throw error;
}

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  if (!command || command === 'help' || command === '--help' || command === '-h') {
    process.stdout.write(USAGE + '\n');
    return;
  }
  if (command === 'import' || command === 'demo') {
    const code = await (command === 'import' ? importCommand(rest) : demoCommand(rest)).catch(
      exitOnConfigError,
    );
    process.exit(code);
  }
  if (command === 'render') {
    process.exitCode = await renderCommand(rest);
    return;
  }
  let config: Config;
  try {
    config = loadConfig(mergeFlags(process.env, rest));
  } catch (error) {
    exitOnConfigError(error);
  }
  switch (command) {
    case 'start':
      return start(config);
    case 'worker':
      return worker(config);
    case 'migrate':
      return migrateOnly(config);
    default:
      process.stderr.write(`Unknown command "${command}".\n\n${USAGE}\n`);
      process.exit(2);
  }
}

await main(process.argv.slice(2));
