// Profiling aids for bench/ingest.ts --profile, PostgreSQL side:
//   - pg_stat_statements: server time per statement of the import (the cluster is started with the
//     module preloaded);
//   - EXPLAIN (ANALYZE, BUFFERS) of every statement of one batch, replayed after the import against
//     the loaded tables: Clarion's own mergeProfileBatch runs on a client whose query() EXPLAIN
//     ANALYZEs each statement before running it, inside a transaction that is rolled back. Nothing
//     in src/ changes; the statements are exactly the ones the import sends.
import { performance } from 'node:perf_hooks';
import { parse } from 'csv-parse/sync';
import type pg from 'pg';
import { openDatabase } from '../../src/db/connection.ts';
import { demoPerson, personCsvLine, PROFILE_CSV_HEADER } from '../../src/demo/people.ts';
import { SeededRandom } from '../../src/demo/random.ts';
import { profilesDb } from '../../src/profiles/db.ts';
import type { ColumnTarget } from '../../src/profiles/imports/model.ts';
import {
  mergeProfileBatch,
  prepareProfileStaging,
} from '../../src/profiles/imports/profile-batch.ts';
import {
  csvConverter,
  defaultTarget,
  type ProfileRecord,
} from '../../src/profiles/imports/profile-records.ts';
import { knownNamespaces } from '../../src/profiles/namespaces.ts';
import { statementKey } from './statement-timing.ts';

export interface ServerStatement {
  statement: string;
  calls: number;
  totalMs: number;
  meanMs: number;
  rows: number;
  walMb: number;
}

/** pg_stat_statements rows of one database, by total execution time. */
export async function serverStatements(
  client: pg.Client,
  database: string,
  limit = 15,
): Promise<ServerStatement[]> {
  const { rows } = await client.query<{
    query: string;
    calls: string;
    total: number;
    mean: number;
    rows: string;
    wal: string;
  }>(
    // Each connection's temp staging tables have their own OIDs, so the same statement gets one
    // entry per connection: add them up by text.
    `SELECT s.query, sum(s.calls)::text AS calls, sum(s.total_exec_time) AS total,
            sum(s.total_exec_time) / sum(s.calls) AS mean, sum(s.rows)::text AS rows,
            sum(s.wal_bytes)::text AS wal
       FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid
      WHERE d.datname = $1
      GROUP BY s.query
      ORDER BY 3 DESC
      LIMIT $2`,
    [database, limit],
  );
  return rows.map((row) => ({
    statement: statementKey(row.query),
    calls: Number(row.calls),
    totalMs: row.total,
    meanMs: row.mean,
    rows: Number(row.rows),
    walMb: Number(row.wal) / 1024 / 1024,
  }));
}

export interface ExplainedStatement {
  statement: string;
  /** Client-side wall time of the statement (for EXPLAIN ANALYZE: of the EXPLAIN). */
  wallMs: number;
  /** "Execution Time" reported by EXPLAIN ANALYZE, for statements that were explained. */
  executionMs?: number;
  plan?: string;
}

export interface ExplainedBatch {
  label: string;
  records: number;
  statements: ExplainedStatement[];
}

type QueryFunction = (this: unknown, ...args: unknown[]) => unknown;

const EXPLAINED = /^\s*(SELECT|INSERT|UPDATE|DELETE|WITH)\b/i;

/**
 * Gives `client` a query() that EXPLAIN ANALYZEs every SELECT/INSERT/UPDATE/DELETE/WITH statement
 * under a savepoint it then rolls back, and runs the statement for real afterwards, so the caller
 * gets exactly its rows and row count (EXPLAIN reports no row count for a plain INSERT); other
 * statements (COPY, ANALYZE, BEGIN) pass through timed. The caller must be in a transaction.
 */
function explainingClient(client: pg.PoolClient, log: ExplainedStatement[]): pg.PoolClient {
  const original = client.query.bind(client) as unknown as (...args: unknown[]) => unknown;
  const query: QueryFunction = function (this: unknown, ...args: unknown[]): unknown {
    const [text, values] = args;
    const started = performance.now();
    if (typeof text !== 'string' || !EXPLAINED.test(text)) {
      const result = original(...args);
      if (result instanceof Promise)
        return result.finally(() =>
          log.push({
            statement: statementKey(typeof text === 'string' ? text : 'COPY'),
            wallMs: performance.now() - started,
          }),
        );
      // A COPY stream: time it until the server confirmed it.
      const copyText =
        typeof text === 'object' && text !== null && 'text' in text ? String(text.text) : 'COPY';
      const entry: ExplainedStatement = { statement: statementKey(copyText), wallMs: 0 };
      log.push(entry);
      if (typeof result === 'object' && result !== null && 'once' in result) {
        const emitter = result as { once(event: string, listener: () => void): unknown };
        emitter.once('finish', () => (entry.wallMs = performance.now() - started));
      }
      return result;
    }
    return (async () => {
      await original('SAVEPOINT explain_statement');
      let explained: pg.QueryResult<{ 'QUERY PLAN': string }>;
      try {
        explained = (await original(
          `EXPLAIN (ANALYZE, BUFFERS, FORMAT TEXT) ${text}`,
          values,
        )) as pg.QueryResult<{ 'QUERY PLAN': string }>;
      } finally {
        // Undo the explained execution's effects, so the real run below starts from the same state.
        await original('ROLLBACK TO SAVEPOINT explain_statement');
      }
      const plan = explained.rows.map((row) => row['QUERY PLAN']).join('\n');
      log.push({
        statement: statementKey(text),
        wallMs: performance.now() - started,
        executionMs: Number(/Execution Time: ([\d.]+) ms/.exec(plan)?.[1] ?? NaN),
        plan,
      });
      return original(text, values);
    })();
  };
  return Object.assign(Object.create(client) as pg.PoolClient, { query });
}

/**
 * Replays two batches of `batchSize` records against the imported database and returns their
 * explained statements: profiles that do not exist yet (people N.. of the same generator, with
 * identities no imported profile has), and the first profiles of the file again with
 * loyalty.points changed (the update path).
 */
export async function explainBatches(options: {
  url: string;
  sandboxId: string;
  seed: number;
  imported: number;
  batchSize: number;
  mapping: Record<string, ColumnTarget>;
}): Promise<ExplainedBatch[]> {
  const database = openDatabase(options.url, { max: 2 });
  try {
    const namespaces = await knownNamespaces(profilesDb(database.db), options.sandboxId);
    const headers = PROFILE_CSV_HEADER.split(',');
    const convert = csvConverter(
      headers,
      headers.map((header) => options.mapping[header] ?? defaultTarget(header, namespaces)),
    );
    const records = (people: string[]): ProfileRecord[] =>
      people.flatMap((line, index) => {
        const cells = parse(line)[0] ?? [];
        const converted = convert(index + 2, cells);
        return 'record' in converted ? [converted.record] : [];
      });

    // New people: indexes after the imported ones (their e-mail and CRM id carry the index). Their
    // phones are drawn at random and could match an imported one, so they get 15-digit numbers
    // derived from the index instead: the generator makes none longer than 13 digits.
    const fresh = new SeededRandom(options.seed + 1);
    const newPeople = Array.from({ length: options.batchSize }, (_, i) => {
      const index = options.imported + i;
      const person = demoPerson(fresh, index, 0);
      return personCsvLine({ ...person, phone: `+99${String(index + 1).padStart(13, '0')}` });
    });
    // The file's first people, regenerated exactly as in the file (same seed, same order).
    const same = new SeededRandom(options.seed);
    const existing = records(
      Array.from({ length: options.batchSize }, (_, i) => personCsvLine(demoPerson(same, i, 5))),
    );
    for (const record of existing) {
      const loyalty = record.attributes.loyalty as Record<string, unknown> | undefined;
      if (loyalty && typeof loyalty.points === 'number') loyalty.points += 1;
    }

    const batches: [string, ProfileRecord[]][] = [
      ['new profiles', records(newPeople)],
      ['existing profiles, loyalty.points changed', existing],
    ];
    const client = await database.pool.connect();
    try {
      await prepareProfileStaging(client);
      const explained: ExplainedBatch[] = [];
      for (const [label, batch] of batches) {
        const log: ExplainedStatement[] = [];
        await client.query('BEGIN');
        try {
          await mergeProfileBatch(explainingClient(client, log), {
            sandboxId: options.sandboxId,
            records: batch,
            consentSource: 'bench-explain',
            now: new Date(),
          });
        } finally {
          await client.query('ROLLBACK');
        }
        explained.push({ label, records: batch.length, statements: log });
      }
      return explained;
    } finally {
      client.release();
    }
  } finally {
    await database.close();
  }
}
