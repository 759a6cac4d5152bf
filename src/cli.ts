// clarion start | worker | migrate
import { fileURLToPath } from 'node:url';
import type { Logger } from 'pino';
import { ConfigError, flagNames, loadConfig, mergeFlags, type Config } from './config.ts';
import { openDatabase, type Database } from './db/connection.ts';
import { migrate } from './db/migrate.ts';
import { provisionDatabase, type ProvisionedDatabase } from './db/provision.ts';
import { buildApp } from './http/app.ts';
import { openJobQueue, startWorkers } from './jobs/queue.ts';
import { buildTaskList, CRONTAB } from './jobs/tasks.ts';
import { createLogger } from './log.ts';
import { bootstrapPlatform } from './platform/bootstrap.ts';
import { platformDb, systemClock } from './platform/context.ts';

const USAGE = `Usage: clarion <command> [options]

Commands:
  start     API, web console and workers in one process (embedded PostgreSQL unless DATABASE_URL)
  worker    workers only; add more of these to send faster
  migrate   apply database migrations and exit

Options (each overrides its environment variable):
  ${flagNames().join(', ')}`;

type Cleanup = () => Promise<void>;

/** Runs cleanups in reverse order once, on SIGINT/SIGTERM/SIGHUP or a fatal error. */
function onShutdown(log: Logger, cleanups: Cleanup[]): () => Promise<void> {
  let shuttingDown: Promise<void> | undefined;
  const shutdown = () => {
    shuttingDown ??= (async () => {
      for (const cleanup of [...cleanups].reverse()) {
        try {
          await cleanup();
        } catch (error) {
          log.error({ err: error }, 'error during shutdown');
        }
      }
    })();
    return shuttingDown;
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      log.info(`${signal} received, stopping`);
      void shutdown().then(() => process.exit(0));
    });
  }
  return shutdown;
}

async function openConfiguredDatabase(
  config: Config,
  log: Logger,
  cleanups: Cleanup[],
): Promise<Database> {
  const provisioned: ProvisionedDatabase = await provisionDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    log: (message) => log.debug({ component: 'postgres' }, message),
  });
  cleanups.push(() => provisioned.release());
  const database = openDatabase(provisioned.url);
  cleanups.push(() => database.close());
  const applied = await migrate(database.pool);
  if (applied.length) log.info({ applied }, 'database migrated');
  return database;
}

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
    const jobs = await openJobQueue(database.pool, log);
    cleanups.push(() => jobs.close());
    const runner = await startWorkers({
      pool: database.pool,
      tasks: buildTaskList({ db: database.db, clock: systemClock }),
      crontab: CRONTAB,
      concurrency: config.workerConcurrency,
      log: log.child({ component: 'worker' }),
    });
    cleanups.push(() => runner.stop());
    const app = await buildApp({
      database,
      clock: systemClock,
      jobs,
      publicUrl: config.publicUrl,
      trustProxy: config.trustProxy,
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
    const runner = await startWorkers({
      pool: database.pool,
      tasks: buildTaskList({ db: database.db, clock: systemClock }),
      crontab: CRONTAB,
      concurrency: config.workerConcurrency,
      log,
    });
    cleanups.push(() => runner.stop());
    log.info({ concurrency: config.workerConcurrency }, 'worker running');
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

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  if (!command || command === 'help' || command === '--help' || command === '-h') {
    process.stdout.write(USAGE + '\n');
    return;
  }
  let config: Config;
  try {
    config = loadConfig(mergeFlags(process.env, rest));
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(error.message + '\n');
      process.exit(2);
    }
    throw error;
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
