// An orchestrated campaign's targeting on a large population: Build audience (gold and silver
// loyalty members who bought in the last 90 days) → Enrichment (tier, total spend) → Split (gold /
// silver / complement) → Save audience (silver), run by the engine as live runs, each activity's
// time beside the same step written by hand as SQL (CREATE UNLOGGED TABLE … AS, ANALYZE) in the
// same process on the same database. Rounds alternate engine and hand-written; medians are kept.
//
// Run:  npx tsx bench/orchestrated.ts [--profiles N] [--rounds R]   (default 1,000,000 and 3)
import type pg from 'pg';
import { applyEvaluationSettings } from '../src/audiences/evaluate.ts';
import { openDatabase } from '../src/db/connection.ts';
import { migrate } from '../src/db/migrate.ts';
import { drainOrchestratedJobs } from '../src/orchestration/engine/testing.ts';
import { listTasks, purgeRun, startRun } from '../src/orchestration/engine/index.ts';
import type { WorkflowDefinition } from '../src/orchestration/model.ts';
import { loyaltyTargeting } from '../src/orchestration/testing/story.ts';
import { bootstrapPlatform } from '../src/platform/bootstrap.ts';
import { platformDb, SYSTEM_ACTOR, systemClock } from '../src/platform/context.ts';
import { createDataset } from '../src/profiles/datasets/store.ts';
import { profilesDb } from '../src/profiles/db.ts';
import { formatComparison, machineDescription, now, percentile } from './lib/measure.ts';
import { startBenchPostgres } from './lib/postgres.ts';

const arg = (name: string, fallback: number): number => {
  const at = process.argv.indexOf(name);
  return at > 0 ? Number(process.argv[at + 1]) : fallback;
};
const N = arg('--profiles', 1_000_000);
const ROUNDS = arg('--rounds', 3);

/** Profiles with a loyalty tier and an email identity; three purchases for every third one. */
async function fill(pool: pg.Pool, sandboxId: string, purchases: string): Promise<void> {
  await pool.query(
    `INSERT INTO profiles (sandbox_id, id, attributes, timezone)
     SELECT $1, gen_random_uuid(), jsonb_build_object('loyalty', jsonb_build_object('tier', (ARRAY['bronze','silver','gold','platinum'])[1 + i % 4]), 'n', i), 'Europe/Paris'
       FROM generate_series(1, $2) AS i`,
    [sandboxId, N],
  );
  await pool.query(
    `INSERT INTO profile_identities (sandbox_id, namespace, value, profile_id)
     SELECT sandbox_id, 'email', 'p' || (attributes->>'n') || '@example.com', id FROM profiles WHERE sandbox_id = $1`,
    [sandboxId],
  );
  await pool.query(
    `INSERT INTO clarion_datasets.${purchases} (order_id, customer_email, amount, ordered_at)
     SELECT 'O' || (attributes->>'n') || '-' || k, 'p' || (attributes->>'n') || '@example.com',
            (((attributes->>'n')::int * 31 + k * 17) % 400)::numeric,
            now() - ((((attributes->>'n')::int * 7 + k * 11) % 180) || ' days')::interval
       FROM profiles, generate_series(1, 3) AS k WHERE sandbox_id = $1 AND (attributes->>'n')::int % 3 = 0`,
    [sandboxId],
  );
  await pool.query('VACUUM ANALYZE');
}

const at = (x: number) => ({ x, y: 0 });
const WORKFLOW: WorkflowDefinition = {
  version: 1,
  activities: [
    ...loyaltyTargeting(),
    {
      id: 'split',
      kind: 'split',
      label: 'By tier',
      position: at(400),
      config: {
        subsets: ['gold', 'silver'].map((tier) => ({
          key: tier,
          label: tier,
          filter: {
            where: [
              { field: 'tier', type: 'string' as const, operator: 'equals' as const, value: tier },
            ],
          },
        })),
        overlap: false,
        complement: true,
      },
    },
    {
      id: 'save',
      kind: 'saveAudience',
      label: 'Silver buyers',
      position: at(600),
      config: { name: 'Silver buyers (bench)' },
    },
  ],
  transitions: [
    { id: 't1', from: { activity: 'build', port: 'out' }, to: 'enrich' },
    { id: 't2', from: { activity: 'enrich', port: 'out' }, to: 'split' },
    { id: 't3', from: { activity: 'split', port: 'silver' }, to: 'save' },
  ],
};

/** Each step by hand: what a person would write for the same result. */
function handWritten(purchases: string): { id: string; statements: string[] }[] {
  const t = (name: string) => `clarion_work.bench_${name}`;
  const buyers = `SELECT i.profile_id FROM clarion_datasets.${purchases} d
      JOIN profile_identities i ON i.sandbox_id = $1 AND i.namespace = 'email' AND i.value = d.customer_email`;
  return [
    {
      id: 'build',
      statements: [
        `CREATE UNLOGGED TABLE ${t('build')} AS SELECT p.id AS profile_id FROM profiles p
          WHERE p.sandbox_id = $1 AND p.attributes #>> '{loyalty,tier}' IN ('gold', 'silver')
            AND p.id IN (${buyers} WHERE d.ordered_at >= now() - interval '90 days')`,
        `ANALYZE ${t('build')}`,
      ],
    },
    {
      id: 'enrich',
      statements: [
        `CREATE UNLOGGED TABLE ${t('enrich')} AS
         SELECT b.profile_id, p.attributes #>> '{loyalty,tier}' AS tier, s.total AS "totalSpend"
           FROM ${t('build')} b JOIN profiles p ON p.sandbox_id = $1 AND p.id = b.profile_id
           LEFT JOIN (SELECT i.profile_id, sum(d.amount) AS total FROM clarion_datasets.${purchases} d
                        JOIN profile_identities i ON i.sandbox_id = $1 AND i.namespace = 'email' AND i.value = d.customer_email
                       WHERE i.profile_id IN (SELECT profile_id FROM ${t('build')}) GROUP BY i.profile_id) s
             ON s.profile_id = b.profile_id`,
        `ANALYZE ${t('enrich')}`,
      ],
    },
    {
      id: 'split',
      statements: [
        ...['gold', 'silver'].flatMap((tier) => [
          `CREATE UNLOGGED TABLE ${t(tier)} AS SELECT * FROM ${t('enrich')} WHERE tier = '${tier}'`,
          `ANALYZE ${t(tier)}`,
        ]),
        `CREATE UNLOGGED TABLE ${t('rest')} AS SELECT * FROM ${t('enrich')} WHERE tier IS NULL OR tier NOT IN ('gold', 'silver')`,
        `ANALYZE ${t('rest')}`,
      ],
    },
  ];
}

async function handWrittenRound(pool: pg.Pool, sandboxId: string, purchases: string) {
  await pool.query('DROP SCHEMA IF EXISTS clarion_work CASCADE; CREATE SCHEMA clarion_work');
  const times = new Map<string, number>();
  for (const step of handWritten(purchases)) {
    const started = now();
    for (const statement of step.statements) {
      if (
        step.id === 'build' &&
        process.argv.includes('--explain') &&
        statement.startsWith('CREATE')
      ) {
        const select = statement.slice(statement.indexOf(' AS ') + 4);
        const plan = await pool.query<{ 'QUERY PLAN': string }>(`EXPLAIN ANALYZE ${select}`, [
          sandboxId,
        ]);
        console.log(`-- hand-written build\n${plan.rows.map((r) => r['QUERY PLAN']).join('\n')}`);
      }
      await pool.query(statement, statement.includes('$1') ? [sandboxId] : []);
    }
    times.set(step.id, now() - started);
  }
  return times;
}

/** The plan of the engine's Build audience SELECT, with the join strategy its task log records. */
async function explainEngineBuild(pool: pg.Pool, logs: { message: string; sql?: string }[]) {
  const select = logs.find((line) => line.sql)?.sql;
  if (!select) return;
  const hashed = logs.some((line) => line.message.endsWith('joined by hash'));
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await applyEvaluationSettings(client);
    if (hashed) await client.query(`SELECT set_config('enable_nestloop', 'off', true)`);
    const plan = await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN ANALYZE ${select}`);
    const joins = hashed ? 'joined by hash' : "planner's joins";
    console.log(`-- engine build (${joins})\n${plan.rows.map((r) => r['QUERY PLAN']).join('\n')}`);
    await client.query('ROLLBACK');
  } finally {
    client.release();
  }
}

async function engineRound(pool: pg.Pool, sandboxId: string, campaignId: string) {
  const deps = { pool, clock: systemClock };
  const { runId } = await startRun(deps, {
    sandboxId,
    campaignId,
    mode: 'live',
    trigger: 'manual',
    definition: WORKFLOW,
    variables: {},
    actorLabel: 'bench',
    oneShot: true,
  });
  await drainOrchestratedJobs(deps, { sandboxId });
  const tasks = await listTasks(deps, { sandboxId, runId });
  const times = new Map<string, number>();
  const counts = new Map<string, Record<string, number | null>>();
  for (const task of tasks) {
    if (task.status !== 'done')
      throw new Error(`${task.activityId}: ${task.status} ${task.error ?? ''}`);
    times.set(task.activityId, task.durationMs ?? 0);
    if (process.argv.includes('--sql'))
      for (const line of task.logs)
        if (line.sql) console.log(`-- ${task.activityId}\n${line.sql}\n`);
    if (task.activityId === 'build' && process.argv.includes('--explain'))
      await explainEngineBuild(pool, task.logs);
    counts.set(task.activityId, task.counts);
  }
  await purgeRun(deps, { sandboxId, runId });
  return { times, counts };
}

async function main(): Promise<void> {
  const server = await startBenchPostgres();
  try {
    const database = openDatabase(await server.createDatabase('orchestrated_bench'));
    await migrate(database.pool);
    await bootstrapPlatform(platformDb(database.db), systemClock, {
      email: 'bench@example.com',
      password: 'bench password 1',
    });
    const pool = database.pool;
    const sandboxId =
      (await pool.query<{ id: string }>("SELECT id FROM sandboxes WHERE name = 'prod'")).rows[0]
        ?.id ?? '';
    await createDataset(
      { db: profilesDb(database.db), sandboxId, actor: SYSTEM_ACTOR, clock: systemClock },
      {
        name: 'purchases',
        title: 'Purchases',
        columns: [
          { name: 'order_id', type: 'string' },
          { name: 'customer_email', type: 'string' },
          { name: 'amount', type: 'decimal' },
          { name: 'ordered_at', type: 'timestamp' },
        ],
        primaryKey: ['order_id'],
        link: { kind: 'profile', column: 'customer_email', by: 'email', cardinality: 'N-1' },
      },
    );
    const purchases =
      (
        await pool.query<{ table_name: string }>(
          "SELECT table_name FROM datasets WHERE name = 'purchases'",
        )
      ).rows[0]?.table_name ?? '';
    const filling = now();
    await fill(pool, sandboxId, purchases);
    console.log(
      `${N.toLocaleString('en-US')} profiles filled in ${((now() - filling) / 1000).toFixed(0)} s`,
    );
    const campaign = await pool.query<{ id: string }>(
      `INSERT INTO orchestrated_campaigns (sandbox_id, name, status, definition, error_policy, created_by, created_at, updated_by, updated_at)
       VALUES ($1, 'bench', 'live', $2, '{"mode":"abort"}', 'bench', now(), 'bench', now()) RETURNING id`,
      [sandboxId, JSON.stringify(WORKFLOW)],
    );
    const campaignId = campaign.rows[0]?.id ?? '';

    const engine = new Map<string, number[]>();
    const hand = new Map<string, number[]>();
    let counts = new Map<string, Record<string, number | null>>();
    const push = (into: Map<string, number[]>, times: Map<string, number>) => {
      for (const [id, ms] of times) into.set(id, [...(into.get(id) ?? []), ms]);
    };
    for (let round = 0; round < ROUNDS; round++) {
      const run = await engineRound(pool, sandboxId, campaignId);
      push(engine, run.times);
      counts = run.counts;
      push(hand, await handWrittenRound(pool, sandboxId, purchases));
    }
    const rows = ['build', 'enrich', 'split'].map((id) => ({
      label: `${id} (${JSON.stringify(counts.get(id))})`,
      unit: 'ms',
      a: percentile(engine.get(id) ?? [], 50),
      b: percentile(hand.get(id) ?? [], 50),
    }));
    console.log(`\n${machineDescription()}; PostgreSQL ${server.version}`);
    console.log(`medians of ${ROUNDS} rounds, ${N.toLocaleString('en-US')} profiles\n`);
    console.log(formatComparison('engine', 'hand-written SQL', rows));
    console.log(
      `\nsave audience (engine only, no hand-written twin): ${percentile(engine.get('save') ?? [], 50).toFixed(1)} ms`,
    );
    await database.close();
  } finally {
    await server.stop();
  }
}

await main();
