// Process plumbing shared by the commands: orderly shutdown and the configured database.
import type { Logger } from 'pino';
import type { Config } from '../config.ts';
import { openDatabase, type Database } from '../db/connection.ts';
import { migrate } from '../db/migrate.ts';
import { provisionDatabase, type ProvisionedDatabase } from '../db/provision.ts';

export type Cleanup = () => Promise<void>;

/** Runs cleanups in reverse order once, on SIGINT/SIGTERM/SIGHUP or a fatal error. */
export function onShutdown(log: Logger, cleanups: Cleanup[]): () => Promise<void> {
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

export async function openConfiguredDatabase(
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
