// `clarion demo`: a `demo` sandbox with people, consent, purchases (dataset and events), a
// newsletter list and test profiles — deterministic for a seed. Runs through the same import
// engine as customer files.
import { Readable } from 'node:stream';
import { sql } from 'kysely';
import type { Database } from '../db/connection.ts';
import { SYSTEM_ACTOR, platformDb, type Clock } from '../platform/context.ts';
import { findSandboxByName } from '../platform/sandboxes.ts';
import { profilesDb } from '../profiles/db.ts';
import { createDataset, findDataset, tableRef } from '../profiles/datasets/store.ts';
import { runImport } from '../profiles/imports/runner.ts';
import { createImport } from '../profiles/imports/store.ts';
import { createSubscriptionList } from '../profiles/subscription-lists.ts';
import { seedDemoAudiences } from './audiences.ts';
import { seedDemoChannels } from './channels.ts';
import { demoProfilesCsv } from './people.ts';
import { demoPurchasesCsv, PURCHASES_DATASET } from './purchases.ts';

export const DEMO_SANDBOX = 'demo';

export interface DemoResult {
  skipped: boolean;
  profiles: number;
  purchases: number;
  events: number;
}

export async function seedDemo(
  deps: { database: Database; clock: Clock; secret: string },
  options: { profiles: number; seed: number; onProgress?: (message: string) => void },
): Promise<DemoResult> {
  const pdb = platformDb(deps.database.db);
  const db = profilesDb(deps.database.db);
  await pdb
    .insertInto('sandboxes')
    .values({
      name: DEMO_SANDBOX,
      title: 'Demo',
      description: 'Sample people, consent and purchases.',
    })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
  const sandbox = await findSandboxByName(pdb, DEMO_SANDBOX);
  if (!sandbox) throw new Error('demo sandbox missing');
  const existing = await db
    .selectFrom('profiles')
    .select('id')
    .where('sandbox_id', '=', sandbox.id)
    .limit(1)
    .executeTakeFirst();
  if (existing) return { skipped: true, profiles: 0, purchases: 0, events: 0 };

  const call = { db, sandboxId: sandbox.id, actor: SYSTEM_ACTOR, clock: deps.clock };
  const now = deps.clock.now();
  options.onProgress?.(`importing ${options.profiles} demo profiles`);
  const people = await createImport(call, {
    kind: 'profiles',
    format: 'csv',
    fileName: 'demo-profiles.csv',
    consentSource: 'demo',
    mapping: { 'loyalty.points': { to: 'attribute', path: 'loyalty.points', type: 'number' } },
  });
  const imported = await runImport(
    deps,
    sandbox.id,
    people.id,
    Readable.from(demoProfilesCsv(options.profiles, options.seed)),
  );
  if (imported.status !== 'completed')
    throw new Error(`demo profile import ${imported.status}: ${imported.error ?? ''}`);

  if (!(await findDataset(db, sandbox.id, PURCHASES_DATASET.name)))
    await createDataset(call, PURCHASES_DATASET);
  options.onProgress?.('importing demo purchases');
  const orders = await createImport(call, {
    kind: 'dataset',
    dataset: PURCHASES_DATASET.name,
    format: 'csv',
    fileName: 'demo-purchases.csv',
  });
  const purchases = await runImport(
    deps,
    sandbox.id,
    orders.id,
    Readable.from(demoPurchasesCsv(options.profiles, options.seed, now)),
  );
  if (purchases.status !== 'completed')
    throw new Error(`demo purchase import ${purchases.status}: ${purchases.error ?? ''}`);

  const dataset = await findDataset(db, sandbox.id, PURCHASES_DATASET.name);
  if (!dataset) throw new Error('purchases dataset missing');
  // Fresh tables have no statistics: without them the join below runs as nested loops over
  // every purchase and identity (quadratic in the number of profiles).
  await sql`ANALYZE profile_identities`.execute(db);
  await sql`ANALYZE ${tableRef(dataset)}`.execute(db);
  const events = await sql`
    INSERT INTO profile_events (sandbox_id, profile_id, type, at, properties, received_at)
    SELECT ${sandbox.id}::uuid, i.profile_id, 'purchase', p.ordered_at,
           jsonb_build_object('orderId', p.order_id, 'product', p.product, 'category', p.category, 'amount', p.amount, 'currency', p.currency),
           ${now}::timestamptz
      FROM ${tableRef(dataset)} p
      JOIN profile_identities i ON i.sandbox_id = ${sandbox.id}::uuid AND i.namespace = 'email' AND i.value = p.customer_email
    UNION ALL
    SELECT ${sandbox.id}::uuid, i.profile_id, 'cart.abandoned', p.ordered_at - interval '2 days',
           jsonb_build_object('product', p.product, 'amount', p.amount), ${now}::timestamptz
      FROM ${tableRef(dataset)} p
      JOIN profile_identities i ON i.sandbox_id = ${sandbox.id}::uuid AND i.namespace = 'email' AND i.value = p.customer_email
     WHERE abs(hashtext(p.order_id)) % 4 = 0`.execute(db);

  const newsletter = await createSubscriptionList(call, {
    name: 'Newsletter',
    description: 'Monthly news and offers.',
  });
  await sql`
    INSERT INTO subscription_members (sandbox_id, list_id, profile_id, source, subscribed_at)
    SELECT sandbox_id, ${newsletter.id}::uuid, profile_id, 'demo', ${now}::timestamptz
      FROM profile_consent WHERE sandbox_id = ${sandbox.id}::uuid AND channel = 'email' AND status = 'y'`.execute(
    db,
  );
  await seedDemoChannels(deps, sandbox.id);
  await seedDemoAudiences(deps, sandbox.id);
  await sql`ANALYZE profiles, profile_identities, profile_events`.execute(db);
  return {
    skipped: false,
    profiles: imported.rowsAccepted,
    purchases: purchases.rowsAccepted,
    events: Number(events.numAffectedRows ?? 0),
  };
}
