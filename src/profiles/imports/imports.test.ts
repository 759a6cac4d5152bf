import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../http/testing.ts';
import type { Profile } from '../model.ts';
import type { Import } from './model.ts';
import { runImport } from './runner.ts';

let t: TestApp;
let h: Record<string, string>;
beforeAll(async () => {
  t = await createTestApp();
  h = await t.keyHeaders('campaignAdministrator');
});
afterAll(async () => t.close());

async function importFile(spec: object, body: string, contentType = 'text/csv'): Promise<Import> {
  const created = await t.app.inject({
    method: 'POST',
    url: '/imports',
    headers: h,
    payload: spec,
  });
  expect(created.statusCode, created.body).toBe(201);
  const { id } = created.json<Import>();
  const done = await t.app.inject({
    method: 'PUT',
    url: `/imports/${id}/file`,
    headers: { ...h, 'content-type': contentType },
    payload: body,
  });
  expect(done.statusCode, done.body).toBe(200);
  return done.json<Import>();
}
const rejections = async (id: string) =>
  (await t.app.inject({ method: 'GET', url: `/imports/${id}/rejections`, headers: h })).body;
const lookup = async (email: string) =>
  (
    await t.app.inject({
      method: 'GET',
      url: `/profiles/lookup?namespace=email&value=${email}`,
      headers: h,
    })
  ).json<Profile>();
const scalarText = async (query: string) =>
  (await t.database.pool.query<{ n: string }>(query)).rows[0]?.n ?? '';
const scalar = async (query: string) =>
  Number((await t.database.pool.query<{ n: string }>(query)).rows[0]?.n);

const PROFILES_CSV = [
  'email,phone,crmId,person.name.firstName,loyalty.tier,timezone,language,testProfile,consent.email,consent.sms',
  'ada@example.com,+44 20 7946 0001,C-1,Ada,gold,Europe/London,en-GB,false,y,n',
  'bob@example.com,,C-2,Bob,,America/New_York,en-US,,n,',
  'carol@example.com,,,Carol,"silver, plus",Asia/Tokyo,ja,true,yes,',
  'dave@example,,,Dave,,,,,,', // invalid email
  'erin@example.com,,,Erin,,Mars/Base,,,,', // bad time zone
  'ADA@example.com,,,Ada again,,,,,,', // duplicate identity within the file
  'frank@example.com,,,"Frank ""the tank""",bronze,,,maybe,,', // wrong type for testProfile
  ',,,Nobody,,,,,,', // no identity
  'gina@example.com,,,Gi"na,,,,,,', // broken quoting
  'hank@example.com,,,Hank,,,,,perhaps,', // bad consent value
  'ivy@example.com,,,Ivy,platinum,Europe/Paris,fr-FR,,y,',
].join('\n');

describe('profile imports', () => {
  it('lands the good lines, rejects the bad ones with line, field and reason', async () => {
    const result = await importFile(
      { kind: 'profiles', format: 'csv', fileName: 'people.csv' },
      PROFILES_CSV,
    );
    expect(result).toMatchObject({
      status: 'completed',
      rowsRead: 11,
      rowsAccepted: 4,
      rowsRejected: 7,
    });
    const ada = await lookup('ada@example.com');
    expect(ada.identities).toEqual([
      { namespace: 'crmId', value: 'C-1' },
      { namespace: 'email', value: 'ada@example.com' },
      { namespace: 'phone', value: '+442079460001' },
    ]);
    expect(ada).toMatchObject({
      attributes: { person: { name: { firstName: 'Ada' } }, loyalty: { tier: 'gold' } },
      timezone: 'Europe/London',
      language: 'en-GB',
      testProfile: false,
    });
    expect(ada.consent.email).toMatchObject({ status: 'y', source: 'import:people.csv' });
    expect(ada.consent.sms.status).toBe('n');
    expect((await lookup('carol@example.com')).attributes).toEqual({
      person: { name: { firstName: 'Carol' } },
      loyalty: { tier: 'silver, plus' },
    });
    const report = await rejections(result.id);
    const lines = report.trim().split('\n');
    expect(lines[0]).toBe('line,field,reason');
    expect(lines.slice(1)).toEqual([
      '5,email,is not an email address',
      '6,timezone,is not an IANA time zone',
      '7,,repeats an identity of line 2 in this file',
      '8,testProfile,is not true or false',
      '9,,has no identity',
      expect.stringMatching(/^10,,broken CSV: /),
      '11,consent.email,is not y or n',
    ]);
    expect(await scalar('SELECT count(*) AS n FROM profiles')).toBe(4);
  });

  it('re-running the same file changes nothing more', async () => {
    const before = await t.database.pool.query(
      'SELECT id, attributes, updated_at FROM profiles ORDER BY id',
    );
    const history = await scalar('SELECT count(*) AS n FROM consent_history');
    const again = await importFile(
      { kind: 'profiles', format: 'csv', fileName: 'people.csv' },
      PROFILES_CSV,
    );
    expect(again).toMatchObject({ status: 'completed', rowsAccepted: 4, rowsRejected: 7 });
    const after = await t.database.pool.query(
      'SELECT id, attributes, updated_at FROM profiles ORDER BY id',
    );
    expect(after.rows).toEqual(before.rows);
    expect(await scalar('SELECT count(*) AS n FROM consent_history')).toBe(history);
  });

  it('updates existing profiles by any identity and reports conflicting identities', async () => {
    const csv = [
      'crmId,email,loyalty.points',
      'C-2,bob.new@example.com,40',
      'C-1,bob@example.com,1',
    ].join('\n');
    const result = await importFile(
      {
        kind: 'profiles',
        format: 'csv',
        mapping: { 'loyalty.points': { to: 'attribute', path: 'loyalty.points', type: 'number' } },
      },
      csv,
    );
    expect(result).toMatchObject({ rowsAccepted: 1, rowsRejected: 1 });
    const bob = await lookup('bob.new@example.com');
    expect(bob.attributes).toEqual({
      person: { name: { firstName: 'Bob' } },
      loyalty: { points: 40 },
    });
    expect(await rejections(result.id)).toContain(
      '3,,identities belong to 2 different profiles; they are not merged',
    );
  });

  it('imports NDJSON in the upsert shape, rejecting unknown namespaces and broken JSON', async () => {
    const ndjson = [
      JSON.stringify({
        identities: [{ namespace: 'email', value: 'nd1@example.com' }],
        attributes: { a: { b: 1 } },
        consent: { push: 'y' },
      }),
      JSON.stringify({ identities: [{ namespace: 'loyaltyCard', value: 'L1' }] }),
      '{"identities": [',
      JSON.stringify({
        identities: [{ namespace: 'email', value: 'nd2@example.com' }],
        surprise: true,
      }),
      '',
      JSON.stringify({
        identities: [{ namespace: 'email', value: 'nd3@example.com' }],
        timezone: 'UTC',
      }),
    ].join('\n');
    const result = await importFile(
      { kind: 'profiles', format: 'ndjson' },
      ndjson,
      'application/x-ndjson',
    );
    expect(result).toMatchObject({
      status: 'completed',
      rowsRead: 5,
      rowsAccepted: 2,
      rowsRejected: 3,
    });
    expect((await lookup('nd1@example.com')).consent.push.status).toBe('y');
    const report = await rejections(result.id);
    expect(report).toContain(
      '2,/identities/0/namespace,"""loyaltyCard"" is not a namespace of this sandbox"',
    );
    expect(report).toMatch(/\n3,,broken JSON: /);
    expect(report).toMatch(/\n4,\/surprise,/);
  });

  it('refuses a second file for the same import and an unknown mapped namespace', async () => {
    const result = await importFile({ kind: 'profiles', format: 'csv' }, 'email\nz@example.com');
    const again = await t.app.inject({
      method: 'PUT',
      url: `/imports/${result.id}/file`,
      headers: { ...h, 'content-type': 'text/csv' },
      payload: 'email\ny@example.com',
    });
    expect(again.statusCode).toBe(409);
    const bad = await t.app.inject({
      method: 'POST',
      url: '/imports',
      headers: h,
      payload: {
        kind: 'profiles',
        format: 'csv',
        mapping: { card: { to: 'identity', namespace: 'nope' } },
      },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json<{ details: { path: string }[] }>().details[0]?.path).toBe(
      '/mapping/card/namespace',
    );
  });
});

describe('concurrent imports', () => {
  it('two files creating the same new identities at once make each profile once', async () => {
    const emails = Array.from({ length: 1500 }, (_, i) => `race${i}@example.com`);
    const file = (label: string) =>
      ['email,source', ...emails.map((e) => `${e},${label}`)].join('\n');
    const start = async () =>
      (
        await t.app.inject({
          method: 'POST',
          url: '/imports',
          headers: h,
          payload: { kind: 'profiles', format: 'csv' },
        })
      ).json<Import>();
    const [a, b] = [await start(), await start()];
    const sandbox = await scalarText("SELECT id AS n FROM sandboxes WHERE name = 'prod'");
    const send = (id: string, label: string) =>
      runImport(
        { database: t.database, clock: t.clock },
        sandbox,
        id,
        Readable.from([file(label)]),
        {
          batchSize: 100,
        },
      );
    const [doneA, doneB] = await Promise.all([send(a.id, 'a'), send(b.id, 'b')]);
    expect([doneA.status, doneB.status]).toEqual(['completed', 'completed']);
    expect(doneA.rowsAccepted + doneB.rowsAccepted).toBe(3000);
    expect(
      await scalar(
        "SELECT count(*) AS n FROM profile_identities WHERE value LIKE 'race%@example.com'",
      ),
    ).toBe(1500);
    expect(
      await scalar(
        "SELECT count(DISTINCT profile_id) AS n FROM profile_identities WHERE value LIKE 'race%@example.com'",
      ),
    ).toBe(1500);
    expect(
      await scalar(
        "SELECT count(*) AS n FROM profiles p WHERE p.attributes ? 'source' AND NOT EXISTS (SELECT 1 FROM profile_identities i WHERE i.profile_id = p.id)",
      ),
    ).toBe(0);
  });
});

describe('cancelling', () => {
  it('cancels a waiting import, refuses a finished one', async () => {
    const waiting = (
      await t.app.inject({
        method: 'POST',
        url: '/imports',
        headers: h,
        payload: { kind: 'profiles', format: 'csv' },
      })
    ).json<Import>();
    const cancelled = await t.app.inject({
      method: 'POST',
      url: `/imports/${waiting.id}/cancel`,
      headers: h,
    });
    expect(cancelled.json<Import>().status).toBe('failed');
    expect(cancelled.json<Import>().error).toMatch(/^cancelled by /);
    const file = await t.app.inject({
      method: 'PUT',
      url: `/imports/${waiting.id}/file`,
      headers: { ...h, 'content-type': 'text/csv' },
      payload: 'email\nq@example.com',
    });
    expect(file.statusCode).toBe(409);
    const again = await t.app.inject({
      method: 'POST',
      url: `/imports/${waiting.id}/cancel`,
      headers: h,
    });
    expect(again.json<{ code: string }>().code).toBe('IMPORT_NOT_CANCELLABLE');
  });
});

describe('dataset imports', () => {
  it('imports rows with typed values, rejecting bad types and repeated keys', async () => {
    await t.app.inject({
      method: 'POST',
      url: '/datasets',
      headers: h,
      payload: {
        name: 'purchases',
        title: 'Purchases',
        columns: [
          { name: 'order_id', type: 'string' },
          { name: 'email', type: 'string' },
          { name: 'amount', type: 'decimal', nullable: false },
          { name: 'ordered_at', type: 'timestamp' },
        ],
        primaryKey: ['order_id'],
        link: { kind: 'profile', column: 'email', by: 'email', cardinality: 'N-1' },
      },
    });
    const csv = [
      'order_id,email,amount,ordered_at',
      'P1,ada@example.com,10.5,2026-11-01T10:00:00Z',
      'P2,bob@example.com,abc,',
      'P1,ada@example.com,11,',
      'P3,,7,2026-13-01',
      'P4,carol@example.com,99.99,2026-11-03',
    ].join('\n');
    const result = await importFile({ kind: 'dataset', dataset: 'purchases', format: 'csv' }, csv);
    expect(result).toMatchObject({
      status: 'completed',
      rowsRead: 5,
      rowsAccepted: 2,
      rowsRejected: 3,
    });
    const rows = (
      await t.app.inject({ method: 'GET', url: '/datasets/purchases/rows', headers: h })
    ).json<{ items: { order_id: string; amount: string }[] }>();
    expect(rows.items.map((r) => `${r.order_id}:${r.amount}`)).toEqual(['P1:10.5', 'P4:99.99']);
    expect((await rejections(result.id)).trim().split('\n').slice(1)).toEqual([
      '3,amount,is not a number',
      '4,order_id,repeats the key of line 2 in this file',
      '5,ordered_at,is not an ISO-8601 time',
    ]);
  });

  it('fails clearly on a header that does not fit the dataset', async () => {
    const result = await importFile(
      { kind: 'dataset', dataset: 'purchases', format: 'csv' },
      'order_id,colour\nP9,red',
    );
    expect(result.status).toBe('failed');
    expect(result.error).toBe('columns not in dataset purchases: colour');
  });
});
