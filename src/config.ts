// One typed, validated configuration: environment variables, overridden by command-line flags.
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { resolve, join } from 'node:path';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
const LOG_LEVELS: readonly LogLevel[] = [
  'fatal',
  'error',
  'warn',
  'info',
  'debug',
  'trace',
  'silent',
];

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  /** When set, no embedded database is started. */
  databaseUrl: string | undefined;
  adminEmail: string | undefined;
  adminPassword: string | undefined;
  /** Signing and encryption key; generated into the data dir when absent. */
  secret: string;
  publicUrl: string;
  logLevel: LogLevel;
  workerConcurrency: number;
  /** Delivery lanes per process: batches sent at once. */
  deliveryLanes: number;
  /** Execution API calls per second per API key. */
  apiKeyRate: number;
  /** How long a claimed batch stays with its worker before another may take it over. */
  deliveryLeaseSeconds: number;
  /** Port of the inbound SMTP listener for bounces and feedback reports; none when undefined. */
  bounceSmtpPort: number | undefined;
  /** Port of the mailbox SMTP sink on loopback (`clarion start`); none when undefined. */
  mailboxSmtpPort: number | undefined;
  trustProxy: boolean;
  /** Fill the demo sandbox on the first start. */
  demo: boolean;
}

/** Thrown for invalid configuration; its message is one line naming the variable. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Maps each flag to the environment variable it overrides. */
const FLAGS: Record<string, string> = {
  '--port': 'PORT',
  '--host': 'CLARION_HOST',
  '--data-dir': 'CLARION_DATA_DIR',
  '--database-url': 'DATABASE_URL',
  '--admin-email': 'CLARION_ADMIN_EMAIL',
  '--admin-password': 'CLARION_ADMIN_PASSWORD',
  '--public-url': 'CLARION_PUBLIC_URL',
  '--log-level': 'LOG_LEVEL',
  '--concurrency': 'CLARION_WORKER_CONCURRENCY',
  '--delivery-lanes': 'CLARION_DELIVERY_LANES',
  '--delivery-lease': 'CLARION_DELIVERY_LEASE_SECONDS',
  '--bounce-port': 'CLARION_BOUNCE_SMTP_PORT',
  '--mailbox-smtp-port': 'CLARION_MAILBOX_SMTP_PORT',
};

export function flagNames(): string[] {
  return Object.keys(FLAGS);
}

/** Applies `--flag value` / `--flag=value` arguments over the environment. */
export function mergeFlags(
  env: Record<string, string | undefined>,
  args: readonly string[],
): Record<string, string | undefined> {
  const merged = { ...env };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    const [flag, inline] = arg.includes('=')
      ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
      : [arg, undefined];
    const variable = FLAGS[flag];
    if (!variable)
      throw new ConfigError(`Unknown option ${flag}; known options: ${flagNames().join(', ')}`);
    const value = inline ?? args[++i];
    if (value === undefined) throw new ConfigError(`Option ${flag} needs a value`);
    merged[variable] = value;
  }
  return merged;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function integer(
  env: Record<string, string | undefined>,
  name: string,
  fallback: number,
  min: number,
  max: number,
): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(
      `Invalid configuration: ${name} must be an integer from ${min} to ${max} (got "${raw}")`,
    );
  }
  return value;
}

/** Reads and validates configuration. Creates the data dir and, if needed, the secret file. */
export function loadConfig(
  env: Record<string, string | undefined>,
  options: { ensureDataDir?: boolean } = {},
): Config {
  const port = integer(env, 'PORT', 8080, 0, 65535);
  const workerConcurrency = integer(env, 'CLARION_WORKER_CONCURRENCY', 4, 1, 256);
  const deliveryLanes = integer(env, 'CLARION_DELIVERY_LANES', 2, 0, 64);
  const apiKeyRate = integer(env, 'CLARION_API_KEY_RATE', 2000, 1, 1_000_000);
  const deliveryLeaseSeconds = integer(env, 'CLARION_DELIVERY_LEASE_SECONDS', 120, 5, 3600);
  const bounceSmtpPort = env.CLARION_BOUNCE_SMTP_PORT
    ? integer(env, 'CLARION_BOUNCE_SMTP_PORT', 0, 0, 65535)
    : undefined;
  const mailboxSmtpPort = env.CLARION_MAILBOX_SMTP_PORT
    ? integer(env, 'CLARION_MAILBOX_SMTP_PORT', 0, 0, 65535)
    : undefined;
  const dataDir = resolve(env.CLARION_DATA_DIR || './.clarion');
  const databaseUrl = env.DATABASE_URL || undefined;
  if (databaseUrl !== undefined && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError(
      'Invalid configuration: DATABASE_URL must be a postgres:// or postgresql:// URL',
    );
  }
  const adminEmail = env.CLARION_ADMIN_EMAIL || undefined;
  if (adminEmail !== undefined && !EMAIL.test(adminEmail)) {
    throw new ConfigError(
      `Invalid configuration: CLARION_ADMIN_EMAIL is not an email address (got "${adminEmail}")`,
    );
  }
  const adminPassword = env.CLARION_ADMIN_PASSWORD || undefined;
  if (adminPassword !== undefined && adminPassword.length < 12) {
    throw new ConfigError(
      'Invalid configuration: CLARION_ADMIN_PASSWORD must be at least 12 characters',
    );
  }
  const logLevel = (env.LOG_LEVEL || 'info') as LogLevel;
  if (!LOG_LEVELS.includes(logLevel)) {
    throw new ConfigError(
      `Invalid configuration: LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')} (got "${env.LOG_LEVEL}")`,
    );
  }
  const host = env.CLARION_HOST || '0.0.0.0';
  const publicUrl = (env.CLARION_PUBLIC_URL || `http://localhost:${port}`).replace(/\/+$/, '');
  try {
    new URL(publicUrl);
  } catch {
    throw new ConfigError(
      `Invalid configuration: CLARION_PUBLIC_URL is not a URL (got "${publicUrl}")`,
    );
  }
  const trustProxy = env.CLARION_TRUST_PROXY === 'true' || env.CLARION_TRUST_PROXY === '1';
  const demo = !(env.CLARION_DEMO === 'false' || env.CLARION_DEMO === '0');

  if (options.ensureDataDir !== false) mkdirSync(dataDir, { recursive: true });
  const secret = env.CLARION_SECRET || readOrCreateSecret(dataDir);
  if (secret.length < 32) {
    throw new ConfigError('Invalid configuration: CLARION_SECRET must be at least 32 characters');
  }
  return {
    port,
    host,
    dataDir,
    databaseUrl,
    adminEmail,
    adminPassword,
    secret,
    publicUrl,
    logLevel,
    workerConcurrency,
    deliveryLanes,
    apiKeyRate,
    deliveryLeaseSeconds,
    bounceSmtpPort,
    mailboxSmtpPort,
    trustProxy,
    demo,
  };
}

function readOrCreateSecret(dataDir: string): string {
  const file = join(dataDir, 'secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, secret + '\n', { mode: 0o600 });
  return secret;
}
