// Direct mail on real PostgreSQL: the file's worktable of the chosen columns (population columns
// and profile attributes), its CSV download, and the reports of channel activities per run.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../http/testing.ts';
import { exportDirectMailCsv } from '../channels/direct-mail-export.ts';
import { channelActivityReports } from '../channels/reports.ts';
import {
  createShopper,
  deliverDueBatches,
  mailboxConfiguration,
  recordRun,
  shoppersWorktable,
  type Headers,
} from '../channels/testing.ts';
import type { Worktable } from '../engine/types.ts';
import { runActivityForTest, worktableRows } from '../testing/context.ts';
import { activity } from '../testing/workflows.ts';

let t: TestApp;
let h: Headers;
let sandboxId: string;
let population: Worktable;
const ids: Record<string, string> = {};

beforeAll(async () => {
  t = await createTestApp();
  h = await t.keyHeaders('campaignAdministrator');
  sandboxId = (
    await t.database.pool.query<{ id: string }>("SELECT id FROM sandboxes WHERE name = 'prod'")
  ).rows[0]!.id;
  const shoppers = [
    { name: 'Ada', email: 'ada@example.com', totalSpend: '120.50', tier: 'gold' },
    { name: 'Bob', email: 'bob@example.com', totalSpend: '80', tier: 'gold, "first"' },
    { name: 'Cy', email: 'cy@example.com', totalSpend: '45.25', tier: 'silver' },
  ];
  for (const s of shoppers)
    ids[s.name] = await createShopper(t, h, {
      ...s,
      consent: { email: s.name === 'Cy' ? 'n' : 'y' },
    });
  population = await shoppersWorktable(
    t,
    shoppers.map((s) => ({ id: ids[s.name]!, totalSpend: s.totalSpend, tier: s.tier })),
  );
});
afterAll(async () => {
  await t.close();
});

const directMail = activity('postcards', 'directMail', {
  fileName: 'postcards.csv',
  columns: [
    { header: 'Name', source: 'profile.name' },
    { header: 'City', source: 'profile.address.city' },
    { header: 'Total spend', source: 'totalSpend' },
    { header: 'Tier', source: 'tier' },
  ],
});

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  let text = '';
  for await (const chunk of stream) text += String(chunk);
  return text;
}

describe('direct mail', () => {
  it('builds the file of the chosen columns, also in a test run, and streams it as CSV', async () => {
    const run = await runActivityForTest(t.database.pool, {
      sandboxId,
      activity: directMail,
      inputs: [{ from: 'split', worktable: population }],
      mode: 'test',
    });
    if (run.outcome.kind !== 'done') throw new Error('not done');
    const out = run.outcome.outputs.out!;
    expect(out.columns.map((c) => `${c.name} ${c.type}`)).toEqual([
      'profile_id uuid',
      'Name text',
      'City text',
      'Total spend numeric',
      'Tier text',
    ]);
    expect(out.count).toBe(3);
    const rows = await worktableRows(t.database.pool, out);
    expect(rows.map((r) => [r.Name, r.City, r['Total spend'], r.Tier]).sort()).toEqual([
      ['Ada', 'Adaville', '120.50', 'gold'],
      ['Bob', 'Bobville', '80', 'gold, "first"'],
      ['Cy', 'Cyville', '45.25', 'silver'],
    ]);
    expect(run.outcome.state).toEqual({ fileName: 'postcards.csv', rows: 3 });

    const campaignId = crypto.randomUUID();
    const runId = await recordRun(t, {
      sandboxId,
      campaignId,
      runNo: 1,
      mode: 'test',
      tasks: [{ activity: directMail, outcome: run.outcome }],
    });
    const file = await exportDirectMailCsv(t.database.pool, {
      sandboxId,
      campaignId,
      runId,
      activityId: 'postcards',
    });
    expect(file.fileName).toBe('postcards.csv');
    expect(file.rows).toBe(3);
    // Rows in the order of the population's keys (profile ids).
    const byId = Object.entries(ids).sort(([, a], [, b]) => (a < b ? -1 : 1));
    const lines: Record<string, string> = {
      Ada: 'Ada,Adaville,120.50,gold',
      Bob: 'Bob,Bobville,80,"gold, ""first"""',
      Cy: 'Cy,Cyville,45.25,silver',
    };
    expect(await readAll(file.stream)).toBe(
      ['Name,City,Total spend,Tier', ...byId.map(([name]) => lines[name])].join('\n') + '\n',
    );
    // The connection went back to the pool.
    expect(t.database.pool.totalCount - t.database.pool.idleCount).toBe(0);

    // A download stopped half-way gives its connection up (destroyed: it was mid-COPY).
    const stopped = await exportDirectMailCsv(t.database.pool, {
      sandboxId,
      runId,
      activityId: 'postcards',
    });
    const closed = new Promise((resolve) => stopped.stream.once('close', resolve));
    stopped.stream.destroy();
    await closed;
    expect(t.database.pool.totalCount - t.database.pool.idleCount).toBe(0);

    await expect(
      exportDirectMailCsv(t.database.pool, { sandboxId, runId, activityId: 'nothing' }),
    ).rejects.toMatchObject({ code: 'ORCHESTRATED_TASK_NOT_FOUND' });
  });

  it('refuses profile attributes on a population of another dimension, and clashing headers', async () => {
    const { inputWorktable } = await import('../testing/context.ts');
    const lines = await inputWorktable(t.database.pool, 'file', {
      dimension: { kind: 'file' },
      keys: ['line_no'],
      select: "SELECT 1 AS line_no, 'x' AS city",
    });
    await expect(
      runActivityForTest(t.database.pool, {
        sandboxId,
        activity: directMail,
        inputs: [{ from: 'load', worktable: lines }],
      }),
    ).rejects.toMatchObject({
      code: 'ACTIVITY_FAILED',
      message:
        '"profile.name" reads a profile, and this population is not of profiles: add a Change dimension before it, or an Enrichment.',
    });
    const twice = activity('twice', 'directMail', {
      fileName: 'twice.csv',
      columns: [
        { header: 'City', source: 'city' },
        { header: 'City', source: 'city' },
      ],
    });
    await expect(
      runActivityForTest(t.database.pool, {
        sandboxId,
        activity: twice,
        inputs: [{ from: 'load', worktable: lines }],
      }),
    ).rejects.toMatchObject({
      code: 'ACTIVITY_FAILED',
      message: 'The header "City" is used twice.',
    });
  });
});

describe('channel activity reports', () => {
  it('gives each channel activity of each run its execution’s counts', async () => {
    const email = await mailboxConfiguration(t, h, 'email', 'Report mail');
    const gold = activity('gold', 'email', {
      configurationId: email.id,
      category: 'marketing',
      confirmSending: false,
      content: { subject: 'Hi {{target.tier}}', format: 'html', body: '<p>Hi</p>' },
    });
    const campaignId = crypto.randomUUID();
    const run = await runActivityForTest(t.database.pool, {
      sandboxId,
      campaignId,
      activity: gold,
      inputs: [{ from: 'split', worktable: population }],
      oneShot: false,
      now: t.clock.now(),
    });
    const runId = await recordRun(t, {
      sandboxId,
      campaignId,
      runNo: 1,
      mode: 'live',
      tasks: [{ activity: gold, outcome: run.outcome }],
    });
    await deliverDueBatches(t);
    const reports = await channelActivityReports(t.database.pool, { sandboxId, campaignId });
    expect(reports).toHaveLength(1);
    expect(reports[0]).toMatchObject({
      runId,
      runNo: 1,
      mode: 'live',
      activityId: 'gold',
      channel: 'email',
      status: 'completed',
      totals: {
        targeted: 3,
        excluded: 1,
        excludedByReason: [{ reason: 'EmailNoConsent', count: 1 }],
        sent: 2,
        errors: 0,
        pending: 0,
        opens: { total: 0, unique: 0 },
      },
    });
  });
});
