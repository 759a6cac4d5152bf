// Ingest benchmark: Clarion's streaming CSV profile import (src/profiles/imports/runner.ts) against a
// raw PostgreSQL COPY of the same file, side by side on one throwaway embedded PostgreSQL.
//
//   A  clarion   createImport + runImport(createReadStream(file)) into a migrated database with the
//                `prod` sandbox: parse (csv-parse) → convert → batches of 5,000 merged set-based
//                (COPY into temp staging tables, identity resolution, INSERT/UPDATE, identities,
//                consent), one transaction per batch.
//   B  raw COPY  the same file piped into `COPY raw_profiles FROM STDIN (FORMAT csv, HEADER)`, one
//                text column per CSV column, no keys: what one connection can load at most.
//
// Each side runs in a child process of its own (bench/lib/ingest-child.ts), so its peak RSS
// (VmHWM) is its own; PostgreSQL's CPU time (per process type) and WAL volume are taken for each.
// The file holds N demo people (src/demo/people.ts), generated once into a temp file.
//
// Run:  npx tsx bench/ingest.ts [--profiles N] [--seed S] [--profile] [--set name=value …]
//       (N defaults to 1,000,000, also settable as INGEST_PROFILES; `npm run bench -- ingest`)
// --profile adds the breakdown: pg_stat_statements (server time per statement), client-side
// time per statement, a Node CPU profile of the import (node --cpu-prof, summarised), and
// EXPLAIN (ANALYZE, BUFFERS) of one batch of new and one of changed profiles replayed afterwards.
// The instrumentation costs some speed: take headline figures from runs without --profile.
// --set applies a PostgreSQL setting (ALTER SYSTEM, then a restart) for both sides, e.g.
// --set shared_buffers=1GB --set max_wal_size=8GB, to try server-side changes.
// Timings depend on the machine; record them in docs/BENCHMARKS.md, never assert them in tests.
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { openDatabase } from '../src/db/connection.ts';
import { migrate } from '../src/db/migrate.ts';
import { demoProfilesCsv, PROFILE_CSV_HEADER } from '../src/demo/people.ts';
import { platformDb, SYSTEM_ACTOR, systemClock } from '../src/platform/context.ts';
import { bootstrapPlatform } from '../src/platform/bootstrap.ts';
import { findSandboxByName } from '../src/platform/sandboxes.ts';
import { profilesDb } from '../src/profiles/db.ts';
import type { ColumnTarget } from '../src/profiles/imports/model.ts';
import { DEFAULT_BATCH_SIZE } from '../src/profiles/imports/runner.ts';
import { createImport } from '../src/profiles/imports/store.ts';
import { summariseCpuProfile } from './lib/cpu-profile.ts';
import type { ChildMessage, ContenderReport, ContenderSpec } from './lib/ingest-contenders.ts';
import { explainBatches, serverStatements } from './lib/ingest-profile.ts';
import { formatComparison, machineDescription, now, type ComparedRow } from './lib/measure.ts';
import { startBenchPostgres, type BenchPostgres } from './lib/postgres.ts';
import { MB, postgresProcessGroup, sampleTreeCpu } from './lib/proc.ts';

// Targets from the product issue.
const TARGET_PROFILES_PER_SECOND = 50_000;
const TARGET_RATIO_TO_COPY = 0.5;
const TARGET_PEAK_RSS = 500 * MB;

/** As `clarion demo` maps the file (src/demo/seed.ts): points are numbers, the rest default. */
const MAPPING: Record<string, ColumnTarget> = {
  'loyalty.points': { to: 'attribute', path: 'loyalty.points', type: 'number' },
};
const RAW_TABLE = 'raw_profiles';

interface Options {
  profiles: number;
  seed: number;
  profile: boolean;
  /** PostgreSQL settings to apply (ALTER SYSTEM) before measuring, from --set name=value. */
  settings: Record<string, string>;
}

function parseOptions(argv: readonly string[]): Options {
  const options: Options = {
    profiles: Number(process.env.INGEST_PROFILES ?? 1_000_000),
    seed: 42,
    profile: false,
    settings: {},
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = (): number => {
      const n = Number(argv[++i]);
      if (!Number.isInteger(n) || n <= 0) throw new Error(`${arg} needs a positive integer`);
      return n;
    };
    if (arg === '--profiles') options.profiles = value();
    else if (arg === '--seed') options.seed = value();
    else if (arg === '--profile') options.profile = true;
    else if (arg === '--set') {
      const [name, setting] = (argv[++i] ?? '').split(/=(.*)/s);
      if (!name || !/^[a-z_.]+$/.test(name) || setting === undefined)
        throw new Error('--set needs name=value, e.g. --set shared_buffers=1GB');
      options.settings[name] = setting;
    } else
      throw new Error(
        `unknown argument ${arg}; use --profiles N, --seed S, --profile, --set name=value`,
      );
  }
  if (!Number.isInteger(options.profiles) || options.profiles <= 0)
    throw new Error('INGEST_PROFILES must be a positive integer');
  return options;
}

const fmt = (n: number, digits = 0): string =>
  n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

async function writeCsv(file: string, count: number, seed: number): Promise<void> {
  await pipeline(Readable.from(demoProfilesCsv(count, seed)), createWriteStream(file));
}

interface Measurement {
  report: ContenderReport;
  /** PostgreSQL CPU seconds during the run, per process type. */
  postgresCpu: Map<string, number>;
  walMb: number;
  /** Child's Node CPU profile (--profile only). */
  cpuProfile?: string;
}

/** Runs one contender in a child process while sampling PostgreSQL's CPU and WAL. */
async function measure(
  postgres: BenchPostgres,
  admin: pg.Client,
  spec: ContenderSpec,
  cpuProfileDir: string | undefined,
): Promise<Measurement> {
  await admin.query('CHECKPOINT'); // start each side without the other's dirty buffers
  const walBefore = (await admin.query<{ lsn: string }>('SELECT pg_current_wal_lsn()::text AS lsn'))
    .rows[0]?.lsn;
  const postmaster = postgres.postmasterPid();
  const cpu = postmaster ? sampleTreeCpu(postmaster, postgresProcessGroup) : undefined;
  const child = fork(
    fileURLToPath(new URL('./lib/ingest-child.ts', import.meta.url)),
    [JSON.stringify(spec)],
    {
      execArgv: [
        '--import',
        'tsx',
        ...(cpuProfileDir ? ['--cpu-prof', '--cpu-prof-dir', cpuProfileDir] : []),
      ],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    },
  );
  let message: ChildMessage | undefined;
  child.on('message', (received) => (message = received as ChildMessage));
  const [code] = (await once(child, 'exit')) as [number | null];
  const postgresCpu = cpu?.stop() ?? new Map<string, number>();
  const walMb = Number(
    (
      await admin.query<{ bytes: string }>(
        'SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), $1)::text AS bytes',
        [walBefore],
      )
    ).rows[0]?.bytes,
  );
  if (!message)
    throw new Error(`${spec.kind} child exited (${code ?? 'by signal'}) without a report`);
  if (!message.ok) throw new Error(`${spec.kind} failed: ${message.error}`);
  const profileFile = cpuProfileDir
    ? readdirSync(cpuProfileDir).find((name) => name.endsWith('.cpuprofile'))
    : undefined;
  return {
    report: message.report,
    postgresCpu,
    walMb: walMb / MB,
    ...(profileFile && cpuProfileDir ? { cpuProfile: join(cpuProfileDir, profileFile) } : {}),
  };
}

/** A migrated database with the prod sandbox and a waiting import; returns what the child needs. */
async function prepareClarion(url: string): Promise<{ sandboxId: string; importId: string }> {
  const database = openDatabase(url, { max: 4 });
  try {
    await migrate(database.pool);
    await bootstrapPlatform(platformDb(database.db), systemClock, {
      email: 'bench@clarion.local',
      password: 'bench-password-not-secret',
    });
    const sandbox = await findSandboxByName(platformDb(database.db), 'prod');
    if (!sandbox) throw new Error('prod sandbox missing after bootstrap');
    const created = await createImport(
      {
        db: profilesDb(database.db),
        sandboxId: sandbox.id,
        actor: { ...SYSTEM_ACTOR, label: 'bench ingest' },
        clock: systemClock,
      },
      { kind: 'profiles', format: 'csv', fileName: 'bench-profiles.csv', mapping: MAPPING },
    );
    return { sandboxId: sandbox.id, importId: created.id };
  } finally {
    await database.close();
  }
}

async function prepareRaw(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const columns = PROFILE_CSV_HEADER.split(',').map(
      (name) => `${client.escapeIdentifier(name)} text`,
    );
    await client.query(`CREATE TABLE ${RAW_TABLE} (${columns.join(', ')})`);
  } finally {
    await client.end();
  }
}

/**
 * Rows per second in each tenth of the rows, the time at each tenth interpolated between the
 * batches' progress points; undefined when there are too few batches for it to mean anything.
 */
function rateByTenth(progress: readonly [number, number][]): number[] | undefined {
  const total = progress.at(-1)?.[0] ?? 0;
  if (progress.length < 20 || total === 0) return undefined;
  const points: [number, number][] = [[0, 0], ...progress];
  const timeAt = (rows: number): number => {
    const after = points.findIndex(([read]) => read >= rows);
    const [r1, t1] = points[after] ?? points[points.length - 1]!;
    const [r0, t0] = points[Math.max(0, after - 1)]!;
    return r1 === r0 ? t1 : t0 + ((rows - r0) / (r1 - r0)) * (t1 - t0);
  };
  return Array.from({ length: 10 }, (_, i) => {
    const from = timeAt((total * i) / 10);
    const to = timeAt((total * (i + 1)) / 10);
    return total / 10 / (to - from);
  });
}

function cpuLine(cpu: Map<string, number>): string {
  const total = [...cpu.values()].reduce((sum, s) => sum + s, 0);
  const parts = [...cpu]
    .filter(([, seconds]) => seconds >= 0.05)
    .sort((a, b) => b[1] - a[1])
    .map(([name, seconds]) => `${name} ${fmt(seconds, 1)}`);
  return `${fmt(total, 1)} s (${parts.join(', ') || 'none'})`;
}

function table(headers: string[], rows: string[][], alignLeft = 1): string {
  const widths = headers.map((title, column) =>
    Math.max(title.length, ...rows.map((cells) => cells[column]?.length ?? 0)),
  );
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, column) =>
        column < alignLeft ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0),
      )
      .join('  ');
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const work = mkdtempSync(join(tmpdir(), 'clarion-ingest-'));
  const file = join(work, 'profiles.csv');
  const loadStart = loadavg()[0]?.toFixed(2);
  let generated = now();
  await writeCsv(file, options.profiles, options.seed);
  generated = (now() - generated) / 1000;

  const postgres = await startBenchPostgres({
    settings: {
      ...(options.profile
        ? { shared_preload_libraries: 'pg_stat_statements', 'pg_stat_statements.max': '1000' }
        : {}),
      ...options.settings,
    },
  });
  const admin = new pg.Client({ connectionString: postgres.adminUrl });
  await admin.connect();
  try {
    const settings = await admin.query<{ name: string; setting: string }>(
      `SELECT name, current_setting(name) AS setting FROM pg_settings
        WHERE name IN ('shared_buffers', 'max_wal_size', 'synchronous_commit', 'wal_level', 'work_mem')
           OR name = ANY($1)
        ORDER BY name`,
      [Object.keys(options.settings)],
    );
    console.log('Ingest: Clarion CSV profile import vs raw COPY of the same file');
    console.log(`machine:    ${machineDescription()}`);
    console.log(`PostgreSQL: ${postgres.version}`);
    console.log(`settings:   ${settings.rows.map((s) => `${s.name}=${s.setting}`).join(', ')}`);
    console.log(
      `file:       ${fmt(options.profiles)} demo profiles (seed ${options.seed}), ${fmt(statSync(file).size / MB, 1)} MB, generated in ${fmt(generated, 1)} s`,
    );
    console.log(
      `batch size: ${DEFAULT_BATCH_SIZE} (runner default)${options.profile ? '; PROFILING RUN (instrumented)' : ''}`,
    );
    console.log('');

    // B first: the import leaves far more behind for autovacuum than the COPY does.
    const rawUrl = await postgres.createDatabase('raw_copy');
    await prepareRaw(rawUrl);
    console.error('  raw COPY …');
    const raw = await measure(
      postgres,
      admin,
      { kind: 'copy', url: rawUrl, file, table: RAW_TABLE },
      undefined,
    );
    console.error(`  raw COPY: ${fmt(raw.report.seconds, 1)} s`);

    const clarionUrl = await postgres.createDatabase('clarion_import');
    const { sandboxId, importId } = await prepareClarion(clarionUrl);
    const clarionAdmin = new pg.Client({ connectionString: clarionUrl });
    await clarionAdmin.connect();
    try {
      if (options.profile) {
        await clarionAdmin.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
        await clarionAdmin.query('SELECT pg_stat_statements_reset()');
      }
      const cpuProfileDir = options.profile ? join(work, 'cpu-profile') : undefined;
      console.error('  Clarion import …');
      const clarion = await measure(
        postgres,
        admin,
        {
          kind: 'clarion',
          url: clarionUrl,
          file,
          sandboxId,
          importId,
          timeStatements: options.profile,
        },
        cpuProfileDir,
      );
      console.error(`  Clarion import: ${fmt(clarion.report.seconds, 1)} s`);
      const sizes = await clarionAdmin.query<{ name: string; mb: number }>(
        `SELECT c.relname AS name, pg_total_relation_size(c.oid) / 1048576.0 AS mb
           FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE n.nspname = 'public' AND c.relkind = 'r' AND c.relname IN
                ('profiles', 'profile_identities', 'profile_consent', 'consent_history')
          ORDER BY 2 DESC`,
      );

      const a = clarion.report;
      const b = raw.report;
      const rows: ComparedRow[] = [
        {
          label: 'throughput (profiles or rows)',
          unit: 'per s',
          a: a.rows / a.seconds,
          b: b.rows / b.seconds,
        },
        { label: 'wall time', unit: 's', a: a.seconds, b: b.seconds },
        { label: 'peak RSS of the process', unit: 'MB', a: a.peakRss / MB, b: b.peakRss / MB },
        {
          label: 'peak V8 heap used (100 ms samples)',
          unit: 'MB',
          a: a.peakHeapUsed / MB,
          b: b.peakHeapUsed / MB,
        },
        {
          label: 'Node CPU (user + system)',
          unit: 's',
          a: a.cpuUserSeconds + a.cpuSystemSeconds,
          b: b.cpuUserSeconds + b.cpuSystemSeconds,
        },
        {
          label: 'PostgreSQL CPU (all processes)',
          unit: 's',
          a: [...clarion.postgresCpu.values()].reduce((s, v) => s + v, 0),
          b: [...raw.postgresCpu.values()].reduce((s, v) => s + v, 0),
        },
        { label: 'WAL written', unit: 'MB', a: clarion.walMb, b: raw.walMb },
      ];
      console.log(
        `load:       1-minute load average ${loadStart} at start, ${loadavg()[0]?.toFixed(2)} at end`,
      );
      console.log(
        `clarion:    ${fmt(a.rowsRead)} rows read, ${fmt(a.rows)} profiles accepted, ${fmt(a.rowsRejected)} rejected`,
      );
      console.log(`raw COPY:   ${fmt(b.rows)} rows copied`);
      const tenths = rateByTenth(a.progress ?? []);
      if (tenths)
        console.log(
          `clarion by tenth of the file (rows read/s): ${tenths.map((r) => fmt(r)).join(', ')}`,
        );
      console.log(`PostgreSQL CPU, clarion:  ${cpuLine(clarion.postgresCpu)}`);
      console.log(`PostgreSQL CPU, raw COPY: ${cpuLine(raw.postgresCpu)}`);
      console.log(
        `tables after import: ${sizes.rows.map((r) => `${r.name} ${fmt(Number(r.mb))} MB`).join(', ')}`,
      );
      console.log('');
      console.log(formatComparison('clarion', 'raw COPY', rows));
      console.log('');

      const throughput = a.rows / a.seconds;
      const ratio = throughput / (b.rows / b.seconds);
      const verdict = (met: boolean): string => (met ? 'met' : 'NOT met');
      console.log('Targets (product issue):');
      console.log(
        `  ≥ ${fmt(TARGET_PROFILES_PER_SECOND)} profiles/s:        ${fmt(throughput)} profiles/s — ${verdict(throughput >= TARGET_PROFILES_PER_SECOND)}`,
      );
      console.log(
        `  ≥ ${TARGET_RATIO_TO_COPY} × raw COPY speed:        ${ratio.toPrecision(2)} — ${verdict(ratio >= TARGET_RATIO_TO_COPY)}`,
      );
      console.log(
        `  peak RSS < ${fmt(TARGET_PEAK_RSS / MB)} MB:            ${fmt(a.peakRss / MB)} MB — ${verdict(a.peakRss < TARGET_PEAK_RSS)}`,
      );

      if (options.profile) {
        console.log('');
        printProfile(clarion, a.seconds);
        const server = await serverStatements(clarionAdmin, 'clarion_import');
        console.log('');
        console.log('PostgreSQL, pg_stat_statements (server execution time, import database):');
        console.log(
          table(
            ['statement', 'calls', 'total s', '% of wall', 'mean ms', 'rows', 'WAL MB'],
            server.map((s) => [
              s.statement,
              fmt(s.calls),
              fmt(s.totalMs / 1000, 2),
              fmt((s.totalMs / 1000 / a.seconds) * 100, 1),
              fmt(s.meanMs, 2),
              fmt(s.rows),
              fmt(s.walMb, 1),
            ]),
          ),
        );
        console.log('');
        console.log(
          `EXPLAIN (ANALYZE, BUFFERS) of one batch of ${DEFAULT_BATCH_SIZE}, replayed after the import and rolled back:`,
        );
        const explained = await explainBatches({
          url: clarionUrl,
          sandboxId,
          seed: options.seed,
          imported: options.profiles,
          batchSize: DEFAULT_BATCH_SIZE,
          mapping: MAPPING,
        });
        for (const batch of explained) {
          console.log('');
          console.log(`--- ${batch.label} (${fmt(batch.records)} records) ---`);
          console.log(
            table(
              ['statement', 'wall ms', 'execution ms'],
              batch.statements.map((s) => [
                s.statement,
                fmt(s.wallMs, 1),
                s.executionMs === undefined ? '' : fmt(s.executionMs, 1),
              ]),
            ),
          );
        }
        for (const batch of explained) {
          for (const statement of batch.statements.filter((s) => s.plan)) {
            console.log('');
            console.log(`### ${batch.label}: ${statement.statement}`);
            console.log(statement.plan);
          }
        }
      }
    } finally {
      await clarionAdmin.end();
    }
  } finally {
    await admin.end();
    await postgres.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

function printProfile(clarion: Measurement, wallSeconds: number): void {
  const statements = clarion.report.statements ?? [];
  const busy = statements.reduce((sum, s) => sum + s.totalMs, 0) / 1000;
  console.log(
    'Client side: time per statement (query() call → result, summed over all connections of the import):',
  );
  console.log(
    table(
      ['statement', 'calls', 'total s', '% of wall', 'mean ms', 'max ms'],
      statements
        .slice(0, 15)
        .map((s) => [
          s.statement,
          fmt(s.calls),
          fmt(s.totalMs / 1000, 2),
          fmt((s.totalMs / 1000 / wallSeconds) * 100, 1),
          fmt(s.totalMs / s.calls, 2),
          fmt(s.maxMs, 1),
        ]),
    ),
  );
  console.log(
    `all statements: ${fmt(busy, 1)} connection-seconds in ${fmt(wallSeconds, 1)} s wall (${fmt((busy / wallSeconds) * 100)} %; above 100 % when batches run on several connections at once)`,
  );
  if (clarion.cpuProfile) {
    const summary = summariseCpuProfile(clarion.cpuProfile);
    console.log('');
    console.log(
      `Node CPU profile of the import process (self time, ${fmt(summary.totalMs / 1000, 1)} s profiled incl. idle and start-up):`,
    );
    console.log(
      table(
        ['where', 's', '%'],
        summary.categories.map((c) => [
          c.name,
          fmt(c.ms / 1000, 2),
          fmt((c.ms / summary.totalMs) * 100, 1),
        ]),
      ),
    );
    console.log('');
    console.log('Top functions by self time:');
    console.log(
      table(
        ['function', 'where', 's'],
        summary.functions.map((f) => [f.name, f.where, fmt(f.ms / 1000, 2)]),
        2,
      ),
    );
  }
}

await main();
