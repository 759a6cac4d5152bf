// Audience evaluation at scale: a 4-condition count (attribute + consent + event window +
// dataset aggregate) and a snapshot of ~1M members, each beside a hand-written SQL query of the
// same rule, in the same run on the same database.
//
// Run:  npx tsx bench/audience.ts [--profiles N]   (default 1,000,000)
import type pg from 'pg';
import { compileRule } from '../src/audiences/compiler.ts';
import type { RuleTree } from '../src/audiences/model.ts';
import { audiencesDb, loadCatalog } from '../src/audiences/store.ts';
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
const RUNS = 5;

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

function handWritten(table: string): string {
  return `SELECT count(*) FROM profiles p
   WHERE p.sandbox_id = $1 AND p.attributes->'loyalty'->>'tier' = 'gold'
     AND EXISTS (SELECT 1 FROM profile_consent c WHERE c.sandbox_id = p.sandbox_id AND c.profile_id = p.id AND c.channel = 'email' AND c.status = 'y')
     AND EXISTS (SELECT 1 FROM profile_events e WHERE e.sandbox_id = p.sandbox_id AND e.profile_id = p.id AND e.type = 'purchase' AND e.at >= now() - interval '30 days')
     AND p.id IN (SELECT i.profile_id FROM clarion_datasets.${table} d JOIN profile_identities i ON i.sandbox_id = $1 AND i.namespace = 'email' AND i.value = d.customer_email
                  GROUP BY i.profile_id HAVING sum(d.amount) > 500)`;
}

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

    const catalog = await loadCatalog(audiencesDb(database.db), sandboxId, RULE);
    const query = compileRule(RULE, { sandboxId, now: new Date(), catalog });
    const clarion = await median(async () =>
      Number(
        (
          await database.pool.query<{ n: string }>(
            `SELECT count(*) AS n FROM (${query.sql}) m`,
            query.params,
          )
        ).rows[0]?.n,
      ),
    );
    const manual = await median(async () =>
      Number(
        (await database.pool.query<{ count: string }>(handWritten(table), [sandboxId])).rows[0]
          ?.count,
      ),
    );
    if (clarion.result !== manual.result)
      throw new Error(`counts differ: ${clarion.result} vs ${manual.result}`);

    const everyone: RuleTree = {
      version: 1,
      root: { kind: 'attribute', path: 'loyalty.tier', type: 'string', operator: 'isNotEmpty' },
    };
    const all = compileRule(everyone, {
      sandboxId,
      now: new Date(),
      catalog: { datasets: new Map(), audiences: new Map() },
    });
    const snapshotRun = async (sql: string, params: unknown[]): Promise<number> => {
      const client = await database.pool.connect();
      try {
        await client.query('BEGIN');
        const inserted = await client.query(sql, params);
        await client.query('ROLLBACK');
        return inserted.rowCount ?? 0;
      } finally {
        client.release();
      }
    };
    const snapshotId = '00000000-0000-4000-8000-000000000001';
    const snapClarion = await median(() =>
      snapshotRun(
        `INSERT INTO audience_snapshot_members (sandbox_id, snapshot_id, profile_id) SELECT $1, '${snapshotId}', m.id FROM (${all.sql}) m`,
        all.params,
      ),
    );
    const snapManual = await median(() =>
      snapshotRun(
        `INSERT INTO audience_snapshot_members (sandbox_id, snapshot_id, profile_id) SELECT sandbox_id, '${snapshotId}', id FROM profiles WHERE sandbox_id = $1`,
        [sandboxId],
      ),
    );

    console.log(`machine:    ${machineDescription()}`);
    console.log(`postgres:   ${server.version}`);
    console.log(
      `rule:       tier = gold AND email consent y AND purchase in the last 30 days AND sum(purchases.amount) > 500 → ${clarion.result.toLocaleString('en-US')} members`,
    );
    console.log(
      `snapshot:   ${snapClarion.result.toLocaleString('en-US')} members (rolled back after each run); medians of ${RUNS} runs\n`,
    );
    console.log(
      formatComparison('clarion', 'hand-written', [
        { label: '4-condition count', unit: 'ms', a: clarion.ms, b: manual.ms },
        { label: 'snapshot of all members', unit: 'ms', a: snapClarion.ms, b: snapManual.ms },
      ]),
    );
    console.log(
      `\nTargets: count < 1 s: ${clarion.ms < 1000 ? 'met' : 'NOT met'}; snapshot < 5 s: ${snapClarion.ms < 5000 ? 'met' : 'NOT met'}; ratio ≤ 1.5: count ${(clarion.ms / manual.ms).toFixed(2)}, snapshot ${(snapClarion.ms / snapManual.ms).toFixed(2)}`,
    );
    await database.close();
  } finally {
    await server.stop();
  }
}

await main();
