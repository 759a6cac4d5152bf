// Audience evaluation at scale: a 4-condition count (attribute + consent + event window +
// dataset aggregate) and a snapshot of ~1M members, each beside a hand-written SQL query of the
// same rule, in the same run on the same database. The count is measured twice: as generated,
// then after adding the expression index an operator declares for a hot attribute path; the plan
// of the compiled count is checked for that index.
//
// Run:  npx tsx bench/audience.ts [--profiles N] [--explain]   (default 1,000,000)
import { loadavg } from 'node:os';
import type pg from 'pg';
import { compileRule, type CompiledQuery } from '../src/audiences/compiler.ts';
import { applyEvaluationSettings, countMembers } from '../src/audiences/evaluate.ts';
import type { RuleTree } from '../src/audiences/model.ts';
import {
  cleanupExpiredSnapshots,
  takeSnapshot,
  writeSnapshotMembers,
} from '../src/audiences/snapshots.ts';
import { audiencesDb, loadCatalog, saveAudience } from '../src/audiences/store.ts';
import { openDatabase } from '../src/db/connection.ts';
import { migrate } from '../src/db/migrate.ts';
import { bootstrapPlatform } from '../src/platform/bootstrap.ts';
import { platformDb, SYSTEM_ACTOR, systemClock } from '../src/platform/context.ts';
import { createDataset } from '../src/profiles/datasets/store.ts';
import { profilesDb } from '../src/profiles/db.ts';
import { formatComparison, machineDescription, now, percentile } from './lib/measure.ts';
import { startBenchPostgres } from './lib/postgres.ts';

const profilesArg = process.argv.indexOf('--profiles');
const N = Number(profilesArg > 0 ? process.argv[profilesArg + 1] : 1_000_000);
const EXPLAIN = process.argv.includes('--explain');
const RUNS = 5;
const HOT_PATH_INDEX = 'profiles_loyalty_tier_idx';

/** Profiles, identities, consent, purchase events and a purchases dataset, generated in SQL. */
async function fill(pool: pg.Pool, sandboxId: string, datasetTable: string): Promise<void> {
  await pool.query(
    `INSERT INTO profiles (sandbox_id, id, attributes, timezone)
     SELECT $1, gen_random_uuid(), jsonb_build_object('loyalty', jsonb_build_object('tier', (ARRAY['bronze','silver','gold','platinum'])[1 + i % 4], 'points', i % 20000), 'n', i), 'Europe/Paris'
       FROM generate_series(1, $2) AS i`,
    [sandboxId, N],
  );
  await pool.query(
    `INSERT INTO profile_identities (sandbox_id, namespace, value, profile_id) SELECT sandbox_id, 'email', 'p' || (attributes->>'n') || '@example.com', id FROM profiles WHERE sandbox_id = $1`,
    [sandboxId],
  );
  await pool.query(
    `INSERT INTO profile_consent (sandbox_id, profile_id, channel, status, source, changed_at) SELECT sandbox_id, id, 'email', CASE WHEN (attributes->>'n')::int % 10 < 6 THEN 'y' ELSE 'n' END, 'bench', now() FROM profiles WHERE sandbox_id = $1 AND (attributes->>'n')::int % 10 < 9`,
    [sandboxId],
  );
  await pool.query(
    `INSERT INTO profile_events (sandbox_id, profile_id, type, at, properties)
     SELECT sandbox_id, id, 'purchase', now() - ((((attributes->>'n')::int * 7 + k) % 90) || ' days')::interval, jsonb_build_object('amount', ((attributes->>'n')::int * 13 + k) % 300)
       FROM profiles, generate_series(1, 2) AS k WHERE sandbox_id = $1 AND (attributes->>'n')::int % 5 < 2`,
    [sandboxId],
  );
  await pool.query(
    `INSERT INTO clarion_datasets.${datasetTable} (order_id, customer_email, amount)
     SELECT 'O' || (attributes->>'n') || '-' || k, 'p' || (attributes->>'n') || '@example.com', (((attributes->>'n')::int * 31 + k * 17) % 400)::numeric
       FROM profiles, generate_series(1, 3) AS k WHERE sandbox_id = $1 AND (attributes->>'n')::int % 2 = 0`,
    [sandboxId],
  );
  await pool.query('VACUUM ANALYZE');
}

const RULE: RuleTree = {
  version: 1,
  root: {
    kind: 'group',
    op: 'and',
    children: [
      {
        kind: 'attribute',
        path: 'loyalty.tier',
        type: 'string',
        operator: 'equals',
        value: 'gold',
      },
      { kind: 'consent', channel: 'email', status: 'y' },
      { kind: 'event', type: 'purchase', window: { lastDays: 30 } },
      {
        kind: 'dataset',
        dataset: 'purchases',
        exists: true,
        aggregate: { fn: 'sum', field: 'amount', comparison: 'gt', value: 500 },
      },
    ],
  },
};

/** The rule as a person would write it: EXISTS subqueries and a grouped join for the dataset. */
function handWritten(table: string): string {
  return `SELECT p.id FROM profiles p
   WHERE p.sandbox_id = $1 AND p.attributes #>> '{loyalty,tier}' = 'gold'
     AND EXISTS (SELECT 1 FROM profile_consent c WHERE c.sandbox_id = p.sandbox_id AND c.profile_id = p.id AND c.channel = 'email' AND c.status = 'y')
     AND EXISTS (SELECT 1 FROM profile_events e WHERE e.sandbox_id = p.sandbox_id AND e.profile_id = p.id AND e.type = 'purchase' AND e.at >= now() - interval '30 days')
     AND p.id IN (SELECT i.profile_id FROM clarion_datasets.${table} d JOIN profile_identities i ON i.sandbox_id = $1 AND i.namespace = 'email' AND i.value = lower(d.customer_email)
                  GROUP BY i.profile_id HAVING sum(d.amount) > 500)`;
}

const EVERYONE: RuleTree = {
  version: 1,
  root: { kind: 'attribute', path: 'loyalty.tier', type: 'string', operator: 'isNotEmpty' },
};

async function median(run: () => Promise<number>): Promise<{ ms: number; result: number }> {
  const times: number[] = [];
  let result = 0;
  for (let i = 0; i < RUNS; i++) {
    const started = now();
    result = await run();
    times.push(now() - started);
  }
  return { ms: percentile(times, 50), result };
}

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  Plans?: PlanNode[];
}

/** The scans of the count's plan, e.g. `profiles: Bitmap Index Scan on profiles_loyalty_tier_idx`. */
async function planScans(pool: pg.Pool, query: CompiledQuery): Promise<string[]> {
  const explained = await pool.query<{ 'QUERY PLAN': { Plan: PlanNode }[] }>(
    `EXPLAIN (FORMAT JSON) SELECT count(*) FROM (${query.sql}) m`,
    query.params,
  );
  const scans: string[] = [];
  const walk = (node: PlanNode): void => {
    if (node['Index Name']) scans.push(`${node['Node Type']} on ${node['Index Name']}`);
    else if (node['Relation Name']) scans.push(`${node['Node Type']} on ${node['Relation Name']}`);
    for (const child of node.Plans ?? []) walk(child);
  };
  const root = explained.rows[0]?.['QUERY PLAN'][0]?.Plan;
  if (root) walk(root);
  return scans;
}

async function explainAnalyze(pool: pg.Pool, label: string, query: CompiledQuery) {
  if (!EXPLAIN) return;
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await applyEvaluationSettings(client);
    const explained = await client.query<{ 'QUERY PLAN': string }>(
      `EXPLAIN (ANALYZE, BUFFERS) SELECT count(*) FROM (${query.sql}) m`,
      query.params,
    );
    await client.query('ROLLBACK');
    console.log(`\n--- ${label}\n${explained.rows.map((r) => r['QUERY PLAN']).join('\n')}`);
  } finally {
    client.release();
  }
}

const load = (): string =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

async function main(): Promise<void> {
  const server = await startBenchPostgres();
  try {
    const database = openDatabase(await server.createDatabase('audience_bench'));
    await migrate(database.pool);
    await bootstrapPlatform(platformDb(database.db), systemClock, {
      email: 'bench@example.com',
      password: 'bench password 1',
    });
    const sandbox = await database.pool.query<{ id: string }>(
      "SELECT id FROM sandboxes WHERE name = 'prod'",
    );
    const sandboxId = sandbox.rows[0]?.id ?? '';
    const call = {
      db: profilesDb(database.db),
      sandboxId,
      actor: SYSTEM_ACTOR,
      clock: systemClock,
    };
    await createDataset(call, {
      name: 'purchases',
      title: 'Purchases',
      columns: [
        { name: 'order_id', type: 'string' },
        { name: 'customer_email', type: 'string' },
        { name: 'amount', type: 'decimal' },
      ],
      primaryKey: ['order_id'],
      link: { kind: 'profile', column: 'customer_email', by: 'email', cardinality: 'N-1' },
    });
    const table =
      (
        await database.pool.query<{ table_name: string }>(
          "SELECT table_name FROM datasets WHERE name = 'purchases'",
        )
      ).rows[0]?.table_name ?? '';
    const filled = now();
    await fill(database.pool, sandboxId, table);
    console.log(
      `data:       ${N.toLocaleString('en-US')} profiles generated in ${((now() - filled) / 1000).toFixed(1)} s`,
    );
    const loadBefore = load();

    const catalog = await loadCatalog(audiencesDb(database.db), sandboxId, RULE);
    const query = compileRule(RULE, { sandboxId, now: new Date(), catalog });
    const manualQuery: CompiledQuery = { sql: handWritten(table), params: [sandboxId] };
    // Both sides run through the same evaluation transaction (same settings).
    const count = (q: CompiledQuery) => async () => (await countMembers(database.pool, q)).count;
    const countBoth = async () => {
      const clarion = await median(count(query));
      const manual = await median(count(manualQuery));
      if (clarion.result !== manual.result)
        throw new Error(`counts differ: ${clarion.result} vs ${manual.result}`);
      return { clarion, manual };
    };
    const scansPlain = await planScans(database.pool, query);
    await explainAnalyze(database.pool, 'compiled count, no hot-path index', query);
    const plain = await countBoth();

    // What an operator adds for a hot attribute path; ANALYZE gathers the expression's statistics.
    await database.pool.query(
      `CREATE INDEX CONCURRENTLY ${HOT_PATH_INDEX} ON profiles (sandbox_id, (attributes #>> '{loyalty,tier}'))`,
    );
    await database.pool.query('ANALYZE profiles');
    const scans = await planScans(database.pool, query);
    await explainAnalyze(database.pool, 'compiled count, hot-path index', query);
    await explainAnalyze(database.pool, 'hand-written count, hot-path index', manualQuery);
    const indexed = await countBoth();

    const snapshotCall = { ...call, db: audiencesDb(database.db), pool: database.pool };
    const everyone = await saveAudience(snapshotCall, { name: 'Everyone', rule: EVERYONE });
    const snapClarion = await median(
      async () => (await takeSnapshot(snapshotCall, everyone.id)).members,
    );
    // By hand: the same storage (a partition of its own, keyed after the load), the same rule.
    const snapManual = await median(async () => {
      const client = await database.pool.connect();
      try {
        await client.query('BEGIN');
        await applyEvaluationSettings(client);
        const created = await client.query<{ id: string }>(
          `INSERT INTO audience_snapshots (sandbox_id, audience_id, created_by, expires_at)
           VALUES ($1, $2, 'bench', now() + interval '30 days') RETURNING id`,
          [sandboxId, everyone.id],
        );
        const id = created.rows[0]?.id ?? '';
        const members = await writeSnapshotMembers(
          client,
          id,
          `SELECT sandbox_id, $2::uuid, id FROM profiles WHERE sandbox_id = $1 AND attributes #>> '{loyalty,tier}' <> ''`,
          [sandboxId, id],
        );
        await client.query('UPDATE audience_snapshots SET members = $2 WHERE id = $1', [
          id,
          members,
        ]);
        await client.query('COMMIT');
        return members;
      } finally {
        client.release();
      }
    });
    if (snapClarion.result !== snapManual.result)
      throw new Error(`snapshots differ: ${snapClarion.result} vs ${snapManual.result}`);
    const cleanupStarted = now();
    const removed = await cleanupExpiredSnapshots(
      audiencesDb(database.db),
      new Date(Date.now() + 31 * 86_400_000),
    );
    const cleanupMs = now() - cleanupStarted;

    console.log(`machine:    ${machineDescription()}`);
    console.log(`postgres:   ${server.version}`);
    console.log(`load:       ${loadBefore} before the measurements, ${load()} after (1/5/15 min)`);
    console.log(
      `rule:       tier = gold AND email consent y AND purchase in the last 30 days AND sum(purchases.amount) > 500 → ${plain.clarion.result.toLocaleString('en-US')} members`,
    );
    const uses = (plan: string[], index: string) =>
      `${index} ${plan.some((s) => s.endsWith(` on ${index}`)) ? 'used' : 'NOT used'}`;
    const linkIndex = `${table}_link_idx`;
    console.log(`plan:       without the hot-path index: ${scansPlain.join(', ')}`);
    console.log(`            → ${uses(scansPlain, linkIndex)}`);
    console.log(`            with it: ${scans.join(', ')}`);
    console.log(`            → ${uses(scans, HOT_PATH_INDEX)}; ${uses(scans, linkIndex)}`);
    console.log(
      `snapshot:   ${snapClarion.result.toLocaleString('en-US')} members, each run committed; ${removed} snapshots then removed by the retention job in ${cleanupMs.toFixed(0)} ms; medians of ${RUNS} runs\n`,
    );
    console.log(
      formatComparison('clarion', 'hand-written', [
        { label: '4-condition count', unit: 'ms', a: plain.clarion.ms, b: plain.manual.ms },
        {
          label: '4-condition count, hot-path index',
          unit: 'ms',
          a: indexed.clarion.ms,
          b: indexed.manual.ms,
        },
        { label: 'snapshot of all members', unit: 'ms', a: snapClarion.ms, b: snapManual.ms },
      ]),
    );
    const best = Math.min(plain.clarion.ms, indexed.clarion.ms);
    console.log(
      `\nTargets: count < 1 s: ${indexed.clarion.ms < 1000 ? 'met' : 'NOT met'} with the hot-path index, ${plain.clarion.ms < 1000 ? 'met' : 'NOT met'} without (best ${best.toFixed(0)} ms); snapshot < 5 s: ${snapClarion.ms < 5000 ? 'met' : 'NOT met'}; ratio ≤ 1.5: count ${(plain.clarion.ms / plain.manual.ms).toFixed(2)} / ${(indexed.clarion.ms / indexed.manual.ms).toFixed(2)} (indexed), snapshot ${(snapClarion.ms / snapManual.ms).toFixed(2)}`,
    );
    await database.close();
  } finally {
    await server.stop();
  }
}

await main();
