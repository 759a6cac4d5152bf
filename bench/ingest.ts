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
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { DEFAULT_BATCH_SIZE } from '../src/profiles/imports/runner.ts';
import { measure } from './lib/ingest-measure.ts';
import { parseIngestOptions } from './lib/ingest-options.ts';
import { printProfiling } from './lib/ingest-profile-report.ts';
import { printComparison } from './lib/ingest-report.ts';
import { prepareClarion, prepareRaw, RAW_TABLE, writeCsv } from './lib/ingest-setup.ts';
import { machineDescription, now } from './lib/measure.ts';
import { startBenchPostgres } from './lib/postgres.ts';
import { MB } from './lib/proc.ts';
import { fmt } from './lib/send-cpu.ts';

async function main(): Promise<void> {
  const options = parseIngestOptions(process.argv.slice(2));
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

      printComparison(clarion, raw, sizes.rows, loadStart);

      if (options.profile)
        await printProfiling({
          clarion,
          admin: clarionAdmin,
          url: clarionUrl,
          sandboxId,
          seed: options.seed,
          imported: options.profiles,
        });
    } finally {
      await clarionAdmin.end();
    }
  } finally {
    await admin.end();
    await postgres.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

await main();
