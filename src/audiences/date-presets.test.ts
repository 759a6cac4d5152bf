// Date presets over typed date and timestamp columns compare with typed bounds; they must pick
// exactly the rows the calendar-date text comparison picks, midnight edges included.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../db/testing/database.ts';
import type { Operator } from './model.ts';
import { columnSource, comparison, Params } from './predicates.ts';

let database: Awaited<ReturnType<typeof createTestDatabase>>;
const NOW = new Date('2026-11-27T09:00:00Z');

beforeAll(async () => {
  database = await createTestDatabase();
  // Every 7 hours (and a second either side of each midnight) over 130 days around NOW.
  await database.pool.query(`CREATE TABLE stamps AS
    SELECT at, at::date AS day FROM (
      SELECT timestamptz '2026-09-01T00:00:00Z' + (i * interval '7 hours') AS at FROM generate_series(0, 450) i
      UNION ALL SELECT timestamptz '2026-09-01T00:00:00Z' + (d * interval '1 day') + s * interval '1 second'
        FROM generate_series(0, 130) d, (VALUES (-1), (0)) v(s)) x`);
}, 60_000);
afterAll(async () => {
  await database?.drop();
});

async function matching(column: 'at' | 'day', text: boolean, operator: Operator, days?: number) {
  const params = new Params();
  const source = columnSource(column, column === 'at' ? 'timestamptz' : 'date');
  const predicate = comparison(
    text ? { ...source, typed: undefined } : source,
    { type: 'date', operator, ...(days === undefined ? {} : { days }) },
    params,
    NOW,
  );
  const result = await database.pool.query<{ n: string }>(
    `SELECT string_agg(at::text, ',' ORDER BY at) AS n FROM stamps WHERE ${predicate}`,
    params.values,
  );
  return result.rows[0]?.n ?? '';
}

describe('date presets on typed columns', () => {
  for (const column of ['at', 'day'] as const)
    for (const [operator, days] of [
      ['today', undefined],
      ['thisMonth', undefined],
      ['inLastDays', 30],
      ['inNextDays', 3],
      ['beforeDaysAgo', 10],
    ] as const)
      it(`${operator} on a ${column === 'at' ? 'timestamp' : 'date'} column`, async () => {
        const typed = await matching(column, false, operator, days);
        expect(typed.length).toBeGreaterThan(0);
        expect(typed).toBe(await matching(column, true, operator, days));
      });
});
