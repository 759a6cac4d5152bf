// Column inference against real runs: workflows test-run on PostgreSQL, and for every port each
// task filled, the inferred columns (names in order, and the type a filter compares) are the
// worktable's own, read from the catalog (worktableColumns).
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AttributeType } from '../audiences/model.ts';
import { createTestApp, TestClock, type TestApp } from '../http/testing.ts';
import { SYSTEM_ACTOR } from '../platform/context.ts';
import { findSandboxByName } from '../platform/sandboxes.ts';
import type { Dataset } from '../profiles/datasets/model.ts';
import { findDataset } from '../profiles/datasets/store.ts';
import { profilesDb } from '../profiles/db.ts';
import { mailboxConfiguration } from './channels/testing.ts';
import { outgoingColumns, type ColumnCatalog } from './columns.ts';
import { drainOrchestratedJobs } from './engine/testing.ts';
import type { Worktable } from './engine/types.ts';
import { worktableColumns } from './engine/worktables.ts';
import { storeUploadedFile } from './files/store.ts';
import type { WorkflowDefinition } from './model.ts';
import { engineDepsForTest } from './testing/engine.ts';
import { storyDefinition, storyShoppers, type Headers } from './testing/story.ts';
import { activity, audience, workflow } from './testing/workflows.ts';

let t: TestApp;
let h: Headers;
let sandboxId: string;

beforeAll(async () => {
  t = await createTestApp({ clock: new TestClock(new Date('2026-11-27T09:00:00Z')) });
  h = await t.adminHeaders();
  await storyShoppers(t, h);
  sandboxId = (await findSandboxByName(t.database.db, 'prod'))!.id;
}, 120_000);
afterAll(async () => {
  await t?.close();
});

/** How a filter compares a column of this PostgreSQL type (as format_type prints it). */
function filterTypeOfPg(type: string): AttributeType {
  if (['bigint', 'integer', 'numeric'].includes(type)) return 'number';
  if (type === 'boolean') return 'boolean';
  if (type === 'date' || type.startsWith('timestamp')) return 'date';
  return 'string';
}

async function call<T>(method: 'GET' | 'POST', url: string, payload?: object): Promise<T> {
  const r = await t.app.inject({ method, url, headers: h, ...(payload ? { payload } : {}) });
  expect(r.statusCode, `${method} ${url}: ${r.body}`).toBeLessThan(300);
  return r.json<T>();
}

/** Test-runs the workflow and returns every worktable its tasks filled, by activity and port. */
async function testRun(name: string, definition: WorkflowDefinition) {
  const campaign = await call<{ id: string }>('POST', '/orchestrated-campaigns', {
    name,
    definition,
  });
  const run = await call<{ id: string }>(
    'POST',
    `/orchestrated-campaigns/${campaign.id}/test-run`,
    {},
  );
  await drainOrchestratedJobs(engineDepsForTest(t));
  const finished = await call<{ status: string; error: string | null }>(
    'GET',
    `/orchestrated-campaigns/${campaign.id}/runs/${run.id}`,
  );
  expect(finished, JSON.stringify(finished)).toMatchObject({ status: 'completed' });
  const tasks = await t.database.pool.query<{
    activity_id: string;
    outputs: Record<string, Worktable | null>;
  }>(`SELECT activity_id, outputs FROM orchestrated_tasks WHERE run_id = $1`, [run.id]);
  return tasks.rows
    .flatMap((task) =>
      Object.entries(task.outputs).flatMap(([port, worktable]) =>
        worktable ? [{ activityId: task.activity_id, port, worktable }] : [],
      ),
    )
    .sort((a, b) => `${a.activityId}.${a.port}`.localeCompare(`${b.activityId}.${b.port}`));
}

/** Every filled port's inferred columns against the worktable's real ones. */
async function expectInferred(
  definition: WorkflowDefinition,
  catalog: ColumnCatalog,
  filled: Awaited<ReturnType<typeof testRun>>,
) {
  const client = await t.database.pool.connect();
  try {
    for (const { activityId, port, worktable } of filled) {
      const real = await worktableColumns(client, worktable.table);
      const inferred = outgoingColumns(definition, activityId, port, catalog);
      expect({
        port: `${activityId}.${port}`,
        keys: inferred?.keys,
        columns: inferred?.columns,
      }).toEqual({
        port: `${activityId}.${port}`,
        keys: worktable.keys,
        columns: real.map((c) => ({ name: c.name, type: filterTypeOfPg(c.type) })),
      });
      expect(inferred?.complete, `${activityId}.${port}`).toBe(true);
    }
  } finally {
    client.release();
  }
}

describe('inferred columns equal the worktables of real runs', () => {
  it('the loyalty story, with the server’s stored dataset as the catalog', async () => {
    const email = await mailboxConfiguration(t, h, 'email', 'Story email');
    const sms = await mailboxConfiguration(t, h, 'sms', 'Story SMS');
    const definition = storyDefinition(email.id, sms.id);
    const purchases = await findDataset(profilesDb(t.database.db), sandboxId, 'purchases');
    const filled = await testRun('Story', definition);
    expect(filled.map((f) => `${f.activityId}.${f.port}`)).toEqual([
      'build.out',
      'email.out',
      'enrich.out',
      'save.out',
      'sms.out',
      'split.complement',
      'split.gold',
      'split.silver',
    ]);
    await expectInferred(definition, { datasets: [purchases!] }, filled);
  });

  it('dataset rows enriched, changed to profiles, deduplicated, enriched, combined, mailed', async () => {
    const datasets = await call<{ items: Dataset[] }>('GET', '/datasets');
    const definition = workflow(
      [
        audience('orders', 'purchases'),
        activity('buyerTier', 'enrichment', {
          attributes: [{ name: 'tier', source: { kind: 'profile', path: 'loyalty.tier' } }],
          aggregates: [],
          collected: [],
        }),
        activity('buyers', 'changeDimension', { to: { kind: 'profiles' }, keepDuplicates: true }),
        activity('once', 'deduplication', {
          columns: ['profile_id'],
          keep: 1,
          method: { kind: 'nonEmpty', column: 'tier' },
          duplicatesOutput: true,
        }),
        activity('stats', 'enrichment', {
          attributes: [],
          aggregates: [
            { name: 'orders', dataset: 'purchases', fn: 'count' },
            { name: 'biggest', dataset: 'purchases', fn: 'max', column: 'amount' },
            { name: 'firstOrder', dataset: 'purchases', fn: 'min', column: 'ordered_at' },
            { name: 'mean', dataset: 'purchases', fn: 'avg', column: 'amount' },
          ],
          collected: [
            {
              prefix: 'last',
              dataset: 'purchases',
              count: 2,
              orderBy: { column: 'ordered_at', direction: 'desc' },
              columns: ['amount', 'order_id'],
            },
          ],
        }),
        audience('everyone'),
        activity('all', 'combine', {
          operation: 'union',
          columns: ['tier', 'orders', 'last_1_amount'],
          complement: false,
        }),
        activity('mail', 'directMail', {
          fileName: 'mail.csv',
          columns: [
            { header: 'Tier', source: 'tier' },
            { header: 'Name', source: 'profile.name' },
            { header: 'Orders', source: 'orders' },
          ],
        }),
      ],
      [
        'orders>buyerTier',
        'buyerTier>buyers',
        'buyers>once',
        'once>stats',
        'stats>all',
        'everyone>all',
        'all>mail',
      ],
    );
    const filled = await testRun('Reshaped', definition);
    expect(filled).toHaveLength(9);
    await expectInferred(definition, { datasets: datasets.items }, filled);
  });

  it('a loaded file with rejects, reconciled with profiles, enriched and split', async () => {
    const csv = [
      'email,member,spend',
      'ann@example.com,A1,10.5',
      'zed@example.com,Z9,3',
      'bob@example.com,B2,lots',
    ];
    const file = await storeUploadedFile(
      { pool: t.database.pool, clock: t.clock },
      {
        sandboxId,
        actor: SYSTEM_ACTOR,
        name: 'members.csv',
        stream: Readable.from([Buffer.from(csv.join('\n'))]),
      },
    );
    const definition = workflow(
      [
        activity('file', 'loadFile', {
          fileId: file.id,
          columns: [
            { name: 'email', type: 'string', required: true },
            { name: 'member', type: 'string' },
            { name: 'spend', type: 'decimal' },
          ],
          rejects: 'skip',
        }),
        activity('match', 'reconciliation', {
          rules: [{ column: 'email', match: { kind: 'identity', namespace: 'email' } }],
          keepUnreconciled: true,
        }),
        activity('named', 'enrichment', {
          attributes: [{ name: 'first', source: { kind: 'profile', path: 'name' } }],
          aggregates: [],
          collected: [],
        }),
        activity('bySpend', 'split', {
          subsets: [
            {
              key: 'big',
              label: 'Big',
              filter: { where: [{ field: 'spend', type: 'number', operator: 'gte', value: 5 }] },
            },
          ],
          overlap: false,
          complement: true,
        }),
      ],
      ['file>match', 'match>named', 'named>bySpend'],
    );
    const filled = await testRun('From a file', definition);
    expect(filled.map((f) => `${f.activityId}.${f.port}`)).toEqual([
      'bySpend.big',
      'bySpend.complement',
      'file.out',
      'file.rejects',
      'match.out',
      'match.unreconciled',
      'named.out',
    ]);
    await expectInferred(definition, { datasets: [] }, filled);
  });
});
