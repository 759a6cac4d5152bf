import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../http/testing.ts';
import type { Dataset } from './model.ts';

let t: TestApp;
let h: Record<string, string>;
beforeAll(async () => {
  t = await createTestApp();
  h = await t.keyHeaders('campaignAdministrator');
});
afterAll(async () => t.close());

const purchases = {
  name: 'purchases',
  title: 'Purchases',
  columns: [
    { name: 'order_id', type: 'string' },
    { name: 'line', type: 'integer' },
    { name: 'customer_email', type: 'string' },
    { name: 'amount', type: 'decimal', nullable: false },
    { name: 'paid', type: 'boolean' },
    { name: 'ordered_on', type: 'date' },
    { name: 'shipped_at', type: 'timestamp' },
  ],
  primaryKey: ['order_id', 'line'],
  link: { kind: 'profile', column: 'customer_email', by: 'email', cardinality: 'N-1' },
};
const tables = async () =>
  (
    await t.database.pool.query<{ t: string }>(
      "SELECT table_name AS t FROM information_schema.tables WHERE table_schema IN ('public', 'clarion_datasets') ORDER BY 1",
    )
  ).rows.map((r) => r.t);

describe('datasets', () => {
  it('creates a real table with typed columns, composite key and link index', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/datasets',
      headers: h,
      payload: purchases,
    });
    expect(response.statusCode, response.body).toBe(201);
    const dataset = response.json<Dataset>();
    expect(dataset.columns.find((c) => c.name === 'order_id')?.nullable).toBe(false);
    expect(dataset.rowCount).toBe(0);
    const columns = await t.database.pool.query<{
      column_name: string;
      data_type: string;
      is_nullable: string;
    }>(
      "SELECT column_name, data_type, is_nullable FROM information_schema.columns WHERE table_schema = 'clarion_datasets' ORDER BY ordinal_position",
    );
    expect(columns.rows.map((c) => `${c.column_name}:${c.data_type}:${c.is_nullable}`)).toEqual([
      'order_id:text:NO',
      'line:bigint:NO',
      'customer_email:text:YES',
      'amount:numeric:NO',
      'paid:boolean:YES',
      'ordered_on:date:YES',
      'shipped_at:timestamp with time zone:YES',
    ]);
    const indexes = await t.database.pool.query<{ indexdef: string }>(
      "SELECT indexdef FROM pg_indexes WHERE schemaname = 'clarion_datasets'",
    );
    // Linked by email: the index holds the lower-cased value, as identities store it.
    expect(indexes.rows.map((i) => i.indexdef).join('\n')).toMatch(
      /USING btree \(lower\(customer_email\) COLLATE "C"\)/,
    );
  });

  it('refuses hostile identifiers and writes nothing', async () => {
    const before = await tables();
    const hostile = [
      { ...purchases, name: 'x"; drop table profiles; --' },
      {
        ...purchases,
        name: 'evil',
        columns: [{ name: 'a"; drop table profiles; --', type: 'string' }],
        primaryKey: ['a"; drop table profiles; --'],
        link: null,
      },
      { ...purchases, name: 'evil2', primaryKey: ['order_id); drop table profiles; --'] },
    ];
    for (const payload of hostile) {
      const response = await t.app.inject({
        method: 'POST',
        url: '/datasets',
        headers: h,
        payload,
      });
      expect(response.statusCode, JSON.stringify(payload)).toBe(400);
    }
    expect(await tables()).toEqual(before);
    expect(before).toContain('profiles');
  });

  it('reports every definition problem with its path', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/datasets',
      headers: h,
      payload: {
        name: 'broken',
        title: 'Broken',
        columns: [
          { name: 'id', type: 'integer' },
          { name: 'id', type: 'string' },
          { name: 'who', type: 'integer' },
        ],
        primaryKey: ['id', 'nope'],
        link: { kind: 'profile', column: 'who', by: 'fax', cardinality: 'N-1' },
      },
    });
    expect(response.statusCode).toBe(400);
    const body = response.json<{ code: string; details: { path: string; message: string }[] }>();
    expect(body.code).toBe('DATASET_DEFINITION_INVALID');
    expect(body.details.map((d) => d.path)).toEqual([
      '/columns/1/name',
      '/primaryKey/1',
      '/link/column',
      '/link/by',
    ]);
  });

  it('links to another dataset by its primary key with matching types', async () => {
    const bad = await t.app.inject({
      method: 'POST',
      url: '/datasets',
      headers: h,
      payload: {
        name: 'returns',
        title: 'Returns',
        columns: [
          { name: 'id', type: 'string' },
          { name: 'order_id', type: 'string' },
        ],
        primaryKey: ['id'],
        link: { kind: 'dataset', dataset: 'purchases', columns: ['order_id'], cardinality: 'N-1' },
      },
    });
    expect(bad.json<{ details: { message: string }[] }>().details[0]?.message).toMatch(
      /must name 2 column\(s\)/,
    );
    const ok = await t.app.inject({
      method: 'POST',
      url: '/datasets',
      headers: h,
      payload: {
        name: 'returns',
        title: 'Returns',
        columns: [
          { name: 'id', type: 'string' },
          { name: 'order_id', type: 'string' },
          { name: 'line', type: 'integer' },
        ],
        primaryKey: ['id'],
        link: {
          kind: 'dataset',
          dataset: 'purchases',
          columns: ['order_id', 'line'],
          cardinality: 'N-1',
        },
      },
    });
    expect(ok.statusCode, ok.body).toBe(201);
    const del = await t.app.inject({ method: 'DELETE', url: '/datasets/purchases', headers: h });
    expect(del.json<{ code: string }>().code).toBe('DATASET_IN_USE');
  });

  it('upserts rows with typed values, all or nothing, and browses them by key', async () => {
    const rows = [
      {
        order_id: 'A1',
        line: 1,
        customer_email: 'ada@example.com',
        amount: '120.50',
        paid: true,
        ordered_on: '2026-11-01',
        shipped_at: '2026-11-02T08:00:00Z',
      },
      {
        order_id: 'A1',
        line: 2,
        customer_email: 'ada@example.com',
        amount: 9.99,
        paid: 'no',
        ordered_on: '2026-11-01',
        shipped_at: null,
      },
      { order_id: 'B7', line: 1, customer_email: 'bob@example.com', amount: '0.1', paid: false },
    ];
    const ok = await t.app.inject({
      method: 'POST',
      url: '/datasets/purchases/rows',
      headers: h,
      payload: { rows },
    });
    expect(ok.json()).toEqual({ upserted: 3 });
    const bad = await t.app.inject({
      method: 'POST',
      url: '/datasets/purchases/rows',
      headers: h,
      payload: {
        rows: [
          { order_id: 'C1', line: 1, amount: '5' },
          { order_id: 'C2', line: 'one', amount: 'lots', ordered_on: '2026-02-30', color: 'red' },
          { order_id: 'C1', line: 1, amount: '6' },
        ],
      },
    });
    expect(bad.statusCode).toBe(400);
    const details = bad.json<{ code: string; details: { path: string; message: string }[] }>();
    expect(details.code).toBe('DATASET_ROWS_INVALID');
    expect(details.details.map((d) => d.path).sort()).toEqual([
      '/rows/1/amount',
      '/rows/1/color',
      '/rows/1/line',
      '/rows/1/ordered_on',
    ]);
    const page1 = (
      await t.app.inject({ method: 'GET', url: '/datasets/purchases/rows?limit=2', headers: h })
    ).json<{ items: Record<string, unknown>[]; nextCursor: string }>();
    expect(page1.items).toEqual([
      {
        order_id: 'A1',
        line: 1,
        customer_email: 'ada@example.com',
        amount: '120.50',
        paid: true,
        ordered_on: '2026-11-01',
        shipped_at: '2026-11-02T08:00:00.000Z',
      },
      {
        order_id: 'A1',
        line: 2,
        customer_email: 'ada@example.com',
        amount: '9.99',
        paid: false,
        ordered_on: '2026-11-01',
        shipped_at: null,
      },
    ]);
    const page2 = (
      await t.app.inject({
        method: 'GET',
        url: `/datasets/purchases/rows?limit=2&cursor=${page1.nextCursor}`,
        headers: h,
      })
    ).json<{ items: { order_id: string }[]; nextCursor: string | null }>();
    expect(page2.items.map((r) => r.order_id)).toEqual(['B7']);
    expect(page2.nextCursor).toBeNull();
    const replaced = await t.app.inject({
      method: 'POST',
      url: '/datasets/purchases/rows',
      headers: h,
      payload: { rows: [{ order_id: 'B7', line: 1, amount: '42' }] },
    });
    expect(replaced.json()).toEqual({ upserted: 1 });
    const deleted = await t.app.inject({
      method: 'POST',
      url: '/datasets/purchases/rows/delete',
      headers: h,
      payload: {
        keys: [
          { order_id: 'A1', line: 2 },
          { order_id: 'nope', line: 9 },
        ],
      },
    });
    expect(deleted.json()).toEqual({ deleted: 1 });
    const dataset = (
      await t.app.inject({ method: 'GET', url: '/datasets/purchases', headers: h })
    ).json<Dataset>();
    expect(dataset.rowCount).toBe(2);
  });

  it('adds nullable columns, refuses destructive changes with a clear message', async () => {
    const current = (
      await t.app.inject({ method: 'GET', url: '/datasets/purchases', headers: h })
    ).json<Dataset>();
    const definition = {
      name: 'purchases',
      title: current.title,
      columns: current.columns,
      primaryKey: current.primaryKey,
      link: current.link,
    };
    const added = await t.app.inject({
      method: 'PUT',
      url: '/datasets/purchases',
      headers: h,
      payload: {
        ...definition,
        columns: [...definition.columns, { name: 'channel', type: 'string' }],
      },
    });
    expect(added.statusCode, added.body).toBe(200);
    expect(added.json<Dataset>().version).toBe(2);
    const attempts: [object, RegExp][] = [
      [
        { ...definition, columns: definition.columns.filter((c) => c.name !== 'paid') },
        /column "paid" would be removed/,
      ],
      [
        {
          ...definition,
          columns: definition.columns.map((c) =>
            c.name === 'amount' ? { ...c, type: 'string' } : c,
          ),
        },
        /"amount" would change from decimal to string/,
      ],
      [
        {
          ...definition,
          columns: [
            ...definition.columns,
            { name: 'required_one', type: 'string', nullable: false },
          ],
        },
        /new column "required_one" must be nullable/,
      ],
      [{ ...definition, primaryKey: ['order_id'] }, /primary key cannot change/],
    ];
    for (const [payload, message] of attempts) {
      const response = await t.app.inject({
        method: 'PUT',
        url: '/datasets/purchases',
        headers: h,
        payload,
      });
      expect(response.statusCode).toBe(409);
      const body = response.json<{ code: string; message: string }>();
      expect(body.code).toBe('DATASET_CHANGE_DESTRUCTIVE');
      expect(body.message).toMatch(message);
    }
    const columns = await t.database.pool.query(
      "SELECT column_name FROM information_schema.columns WHERE table_schema = 'clarion_datasets' AND table_name LIKE '%purchases'",
    );
    expect(columns.rowCount).toBe(8);
  });
});
