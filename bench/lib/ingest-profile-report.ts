// What bench/ingest.ts --profile prints after the comparison: the import's time per statement as
// its client saw it, its Node CPU profile, pg_stat_statements for the import database, and
// EXPLAIN (ANALYZE, BUFFERS) of one batch of new and one of changed profiles replayed afterwards.
import type pg from 'pg';
import { DEFAULT_BATCH_SIZE } from '../../src/profiles/imports/runner.ts';
import { summariseCpuProfile } from './cpu-profile.ts';
import type { Measurement } from './ingest-measure.ts';
import { explainBatches, serverStatements } from './ingest-profile.ts';
import { table } from './ingest-report.ts';
import { MAPPING } from './ingest-setup.ts';
import { fmt } from './send-cpu.ts';

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

/** The whole breakdown of the import; `admin` is connected to the import database at `url`. */
export async function printProfiling(context: {
  clarion: Measurement;
  admin: pg.Client;
  url: string;
  sandboxId: string;
  seed: number;
  /** Profiles in the imported file. */
  imported: number;
}): Promise<void> {
  const { clarion } = context;
  const a = clarion.report;
  console.log('');
  printProfile(clarion, a.seconds);
  const server = await serverStatements(context.admin, 'clarion_import');
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
    url: context.url,
    sandboxId: context.sandboxId,
    seed: context.seed,
    imported: context.imported,
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
