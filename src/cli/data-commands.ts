// clarion import profiles FILE | import dataset NAME FILE | demo
import { createReadStream, statSync } from 'node:fs';
import { basename } from 'node:path';
import { ConfigError, loadConfig, mergeFlags } from '../config.ts';
import { seedDemo } from '../demo/seed.ts';
import { createLogger } from '../log.ts';
import { SYSTEM_ACTOR, platformDb, systemClock } from '../platform/context.ts';
import { ensureDefaultSandbox, findSandboxByName } from '../platform/sandboxes.ts';
import { profilesDb } from '../profiles/db.ts';
import { runImport } from '../profiles/imports/runner.ts';
import { createImport } from '../profiles/imports/store.ts';
import { progressPrinter } from './progress.ts';
import { onShutdown, openConfiguredDatabase, type Cleanup } from './runtime.ts';

/** Splits command options (`--name value`) from the configuration flags that follow them. */
export function takeOptions(
  args: string[],
  names: string[],
): { options: Record<string, string>; positional: string[]; rest: string[] } {
  const options: Record<string, string> = {};
  const positional: string[] = [];
  const rest: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    const [flag, inline] = arg.includes('=')
      ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
      : [arg, undefined];
    if (names.includes(flag)) {
      const value = inline ?? args[++i];
      if (value === undefined) throw new ConfigError(`Option ${flag} needs a value`);
      options[flag.slice(2)] = value;
    } else if (arg.startsWith('--')) {
      rest.push(arg);
      if (inline === undefined && args[i + 1] !== undefined && !args[i + 1]?.startsWith('--'))
        rest.push(args[++i] ?? '');
    } else positional.push(arg);
  }
  return { options, positional, rest };
}

function positiveInteger(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1)
    throw new ConfigError(`--${name} must be a positive integer (got "${raw}")`);
  return value;
}

export async function importCommand(args: string[]): Promise<number> {
  const { options, positional, rest } = takeOptions(args, [
    '--format',
    '--sandbox',
    '--batch-size',
  ]);
  const [kind, ...names] = positional;
  if (kind !== 'profiles' && kind !== 'dataset')
    throw new ConfigError(
      'Usage: clarion import profiles FILE | clarion import dataset NAME FILE [--format csv|ndjson] [--sandbox NAME] [--batch-size N]',
    );
  const dataset = kind === 'dataset' ? names[0] : undefined;
  const file = kind === 'dataset' ? names[1] : names[0];
  if (!file || (kind === 'dataset' && !dataset))
    throw new ConfigError(
      `clarion import ${kind}: name the ${kind === 'dataset' ? 'dataset and the ' : ''}file`,
    );
  const format =
    options.format ?? (/\.(nd)?jsonl?$/i.test(file) || /\.ndjson$/i.test(file) ? 'ndjson' : 'csv');
  if (format !== 'csv' && format !== 'ndjson')
    throw new ConfigError(`--format must be csv or ndjson (got "${format}")`);
  let size: number;
  try {
    size = statSync(file).size;
  } catch {
    throw new ConfigError(`Cannot read ${file}`);
  }
  const batchSize = positiveInteger('batch-size', options['batch-size'], 5000);
  const config = loadConfig(mergeFlags(process.env, rest));
  const log = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel, 'clarion-import');
  const cleanups: Cleanup[] = [];
  const shutdown = onShutdown(log, cleanups);
  try {
    const database = await openConfiguredDatabase(config, log, cleanups);
    await ensureDefaultSandbox(platformDb(database.db));
    const sandbox = await findSandboxByName(platformDb(database.db), options.sandbox ?? 'prod');
    if (!sandbox) throw new ConfigError(`No sandbox named "${options.sandbox ?? 'prod'}"`);
    const call = {
      db: profilesDb(database.db),
      sandboxId: sandbox.id,
      actor: { ...SYSTEM_ACTOR, label: 'clarion import' },
      clock: systemClock,
    };
    const created = await createImport(call, {
      kind,
      dataset,
      format,
      fileName: basename(file),
      bytesTotal: size,
    });
    process.stderr.write(`Import ${created.id} into ${sandbox.name}\n`);
    const print = progressPrinter(basename(file), size);
    const result = await runImport(
      { database, clock: systemClock },
      sandbox.id,
      created.id,
      createReadStream(file),
      { batchSize, onProgress: (p) => print(p) },
    );
    print(
      {
        bytesRead: result.bytesRead,
        rowsRead: result.rowsRead,
        rowsAccepted: result.rowsAccepted,
        rowsRejected: result.rowsRejected,
      },
      true,
    );
    if (result.status !== 'completed') {
      process.stderr.write(`Import ${result.status}: ${result.error ?? ''}\n`);
      return 1;
    }
    if (result.rowsRejected)
      process.stderr.write(`Rejected lines: GET /imports/${result.id}/rejections\n`);
    return 0;
  } finally {
    await shutdown();
  }
}

export async function demoCommand(args: string[]): Promise<number> {
  const { options, rest } = takeOptions(args, ['--profiles', '--seed']);
  const profiles = positiveInteger('profiles', options.profiles, 10_000);
  const seed = positiveInteger('seed', options.seed, 42);
  const config = loadConfig(mergeFlags(process.env, rest));
  const log = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel, 'clarion-demo');
  const cleanups: Cleanup[] = [];
  const shutdown = onShutdown(log, cleanups);
  try {
    const database = await openConfiguredDatabase(config, log, cleanups);
    const result = await seedDemo(
      { database, clock: systemClock, secret: config.secret },
      { profiles, seed, onProgress: (m) => process.stderr.write(`${m}\n`) },
    );
    process.stdout.write(
      result.skipped
        ? 'The demo sandbox already has profiles; nothing changed.\n'
        : `Demo sandbox ready: ${result.profiles} profiles, ${result.purchases} purchases, ${result.events} events.\n`,
    );
    return 0;
  } finally {
    await shutdown();
  }
}
