import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../platform/context.ts';
import { storeUploadedFile, type UploadedFile } from '../files/store.ts';
import type { ActivityConfig, FileColumn } from '../model.ts';
import { runActivityForTest, worktableRows } from '../testing/context.ts';
import { activityOf, openPopulationTest, type PopulationTest } from './population.testing.ts';

let t: PopulationTest;
let file: UploadedFile;

const CSV = [
  'email,age,score,vip,born,seen',
  'a@x.test,41,12.5,yes,1985-03-01,2026-11-01T10:00:00Z',
  'b@x.test, 7 ,,false,,2026-11-01 10:00',
  ',3,1,true,2000-01-01,',
  'c@x.test,abc,2,true,2000-01-01,',
  'd@x.test,5,2,maybe,2000-02-30,',
  'e@x.test,5,x1,true,2000-01-01,2026-11-01T10:00:00+02:00',
].join('\n');

const COLUMNS: FileColumn[] = [
  { name: 'email', type: 'string', required: true },
  { name: 'age', type: 'integer' },
  { name: 'Score', type: 'decimal' },
  { name: 'vip', type: 'boolean' },
  { name: 'born', type: 'date' },
  { name: 'seen', type: 'timestamp' },
];

beforeAll(async () => {
  t = await openPopulationTest();
  file = await storeUploadedFile(
    { pool: t.pool, clock: t.clock },
    {
      sandboxId: t.sandboxId,
      actor: SYSTEM_ACTOR,
      name: 'people.csv',
      stream: Readable.from([Buffer.from(CSV)]),
    },
  );
});
afterAll(() => t.close());

async function load(config: Partial<ActivityConfig<'loadFile'>>) {
  const { outcome } = await runActivityForTest(t.pool, {
    sandboxId: t.sandboxId,
    activity: activityOf('loadFile', {
      fileId: file.id,
      columns: COLUMNS,
      rejects: 'skip',
      ...config,
    }),
  });
  if (outcome.kind !== 'done') throw new Error(outcome.kind);
  return outcome.outputs;
}

describe('load file', () => {
  it('types good lines and sends bad ones to the rejects with their first problem', async () => {
    const { out, rejects } = await load({});
    expect(out?.dimension).toEqual({ kind: 'file', description: 'people.csv' });
    expect(out?.keys).toEqual(['line_no']);
    expect(out?.columns).toEqual([
      { name: 'line_no', type: 'integer' },
      { name: 'email', type: 'text' },
      { name: 'age', type: 'bigint' },
      { name: 'Score', type: 'numeric' },
      { name: 'vip', type: 'boolean' },
      { name: 'born', type: 'date' },
      { name: 'seen', type: 'timestamp with time zone' },
    ]);
    const typed = await t.pool.query(
      `SELECT line_no, email, age, "Score", vip, born::text, seen::text AS seen
         FROM clarion_work."${out!.table}" ORDER BY line_no`,
    );
    expect(typed.rows).toEqual([
      {
        line_no: 2,
        email: 'a@x.test',
        age: 41,
        Score: '12.5',
        vip: true,
        born: '1985-03-01',
        seen: '2026-11-01 10:00:00+00',
      },
      {
        line_no: 3,
        email: 'b@x.test',
        age: 7,
        Score: null,
        vip: false,
        born: null,
        seen: '2026-11-01 10:00:00+00',
      },
    ]);
    expect([out?.count, rejects?.count]).toEqual([2, 4]);
    const raw = (
      email: string,
      age: string,
      score: string,
      vip: string,
      born: string,
      seen = '',
    ) => ({
      email,
      age,
      Score: score,
      vip,
      born,
      seen,
    });
    expect(await worktableRows(t.pool, rejects)).toEqual([
      {
        line_no: 4,
        column: 'email',
        reason: 'missing',
        ...raw('', '3', '1', 'true', '2000-01-01'),
      },
      {
        line_no: 5,
        column: 'age',
        reason: 'not an integer',
        ...raw('c@x.test', 'abc', '2', 'true', '2000-01-01'),
      },
      {
        line_no: 6,
        column: 'vip',
        reason: 'not a boolean',
        ...raw('d@x.test', '5', '2', 'maybe', '2000-02-30'),
      },
      {
        line_no: 7,
        column: 'Score',
        reason: 'not a decimal number',
        ...raw('e@x.test', '5', 'x1', 'true', '2000-01-01', '2026-11-01T10:00:00+02:00'),
      },
    ]);
  });

  it('reads zoned timestamps with their offset and checks only configured columns', async () => {
    const { out, rejects } = await load({
      columns: [
        { name: 'email', type: 'string' },
        { name: 'seen', type: 'timestamp' },
      ],
    });
    const rows = await t.pool.query(
      `SELECT line_no, seen::text AS seen FROM clarion_work."${out!.table}" ORDER BY line_no`,
    );
    expect(rows.rows.map((r: { seen: string | null }) => r.seen)).toEqual([
      '2026-11-01 10:00:00+00',
      '2026-11-01 10:00:00+00',
      null,
      null,
      null,
      '2026-11-01 08:00:00+00',
    ]);
    expect(rejects?.count).toBe(0);
  });

  it('fails on the first bad line when rejects fail the activity', async () => {
    await expect(load({ rejects: 'fail' })).rejects.toMatchObject({
      code: 'ACTIVITY_FAILED',
      message: 'Line 4 of people.csv: email is missing.',
    });
    const { out, rejects } = await load({
      rejects: 'fail',
      columns: [{ name: 'email', type: 'string' }],
    });
    expect(rejects).toBeUndefined();
    expect(await worktableRows(t.pool, out)).toEqual([
      { line_no: 2, email: 'a@x.test' },
      { line_no: 3, email: 'b@x.test' },
      { line_no: 4, email: null },
      { line_no: 5, email: 'c@x.test' },
      { line_no: 6, email: 'd@x.test' },
      { line_no: 7, email: 'e@x.test' },
    ]);
  });

  it('fails without a file, or on a column the file lacks', async () => {
    await expect(load({ fileId: null })).rejects.toThrow('No file has been uploaded');
    await expect(load({ columns: [{ name: 'phone', type: 'string' }] })).rejects.toThrow(
      'has no column phone',
    );
    await expect(load({ fileId: crypto.randomUUID() })).rejects.toThrow('no longer exists');
  });
});
