import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../http/testing.ts';
import type { Import } from '../../profiles/imports/model.ts';
import { runImport } from '../../profiles/imports/runner.ts';
import type { Profile } from '../../profiles/model.ts';
import type { Audience } from '../model.ts';
import { importAudienceUpload } from './upload-import.ts';

let t: TestApp;
let h: Record<string, string>;
const ids = new Map<string, string>();

beforeAll(async () => {
  t = await createTestApp();
  h = await t.keyHeaders('campaignAdministrator');
  for (const [email, tier] of [
    ['ada@example.com', 'gold'],
    ['bob@example.com', 'silver'],
    ['carol@example.com', 'gold'],
    ['dave@example.com', 'bronze'],
  ] as const) {
    const r = await t.app.inject({
      method: 'POST',
      url: '/profiles',
      headers: h,
      payload: {
        identities: [{ namespace: 'email', value: email }],
        attributes: { tier },
      },
    });
    expect(r.statusCode, r.body).toBe(201);
    ids.set(email, r.json<Profile>().id);
  }
});
afterAll(async () => t.close());

type UploadAudience = Extract<Audience, { kind: 'upload' }>;

async function createUpload(body: object): Promise<{ audience: UploadAudience; import: Import }> {
  const r = await t.app.inject({
    method: 'POST',
    url: '/audiences/uploads',
    headers: h,
    payload: body,
  });
  expect(r.statusCode, r.body).toBe(201);
  return r.json();
}
async function sendFile(audienceId: string, importId: string, csv: string): Promise<Import> {
  const r = await t.app.inject({
    method: 'PUT',
    url: `/audiences/${audienceId}/files/${importId}`,
    headers: { ...h, 'content-type': 'text/csv' },
    payload: csv,
  });
  expect(r.statusCode, r.body).toBe(200);
  return r.json<Import>();
}
async function newFile(audienceId: string, body: object = {}): Promise<Import> {
  const r = await t.app.inject({
    method: 'POST',
    url: `/audiences/${audienceId}/files`,
    headers: h,
    payload: body,
  });
  expect(r.statusCode, r.body).toBe(201);
  return r.json<Import>();
}
const getAudience = async (id: string) =>
  (
    await t.app.inject({ method: 'GET', url: `/audiences/${id}`, headers: h })
  ).json<UploadAudience>();
const count = async (id: string) =>
  (await t.app.inject({ method: 'GET', url: `/audiences/${id}/count`, headers: h })).json<{
    count: number;
  }>().count;
const rejections = async (importId: string) =>
  (await t.app.inject({ method: 'GET', url: `/imports/${importId}/rejections`, headers: h })).body
    .trim()
    .split('\n');
async function members(id: string) {
  const r = await t.app.inject({ method: 'GET', url: `/audiences/${id}/members`, headers: h });
  expect(r.statusCode, r.body).toBe(200);
  return r.json<{
    items: { profileId: string; line: number; attributes: Record<string, string> }[];
  }>().items;
}
const memberRows = async (audienceId: string, importId?: string) =>
  Number(
    (
      await t.database.pool.query<{ n: string }>(
        `SELECT count(*) AS n FROM audience_members WHERE audience_id = $1 ${importId ? 'AND import_id = $2' : ''}`,
        importId ? [audienceId, importId] : [audienceId],
      )
    ).rows[0]?.n,
  );

describe('uploaded audiences', () => {
  it('loads members with their columns and reports every rejected line with its reason', async () => {
    const { audience, import: started } = await createUpload({
      name: 'Black Friday coupons',
      namespace: 'email',
      fileName: 'coupons.csv',
    });
    expect(audience).toMatchObject({ kind: 'upload', upload: { importId: null, members: 0 } });
    expect(started).toMatchObject({ kind: 'audience', audienceId: audience.id, status: 'waiting' });

    const csv = [
      'email,coupon,firstName',
      'ADA@example.com,BF-100,Ada', // normalised like every email identity
      'bob@example.com,BF-200,"Bob, Jr."',
      'nobody@example.com,BF-300,Nemo', // no such profile
      'not-an-email,BF-400,X',
      'ada@example.com,BF-500,Ada again', // repeats line 2
      'carol@example.com,BF-600', // a field short
      'dave@example.com,BF-800,Dave',
      'carol@example.com,"BF-7""00,Carol', // broken quoting: the quote never closes
    ].join('\n');
    const done = await sendFile(audience.id, started.id, csv);
    expect(done).toMatchObject({
      status: 'completed',
      rowsRead: 8,
      rowsAccepted: 3,
      rowsRejected: 5,
    });

    const report = await rejections(started.id);
    expect(report[0]).toBe('line,field,reason');
    expect(report).toContain('4,email,no profile has this email');
    expect(report).toContain('5,email,is not an email address');
    expect(report).toContain('6,email,repeats the email of line 2');
    expect(report).toContain('7,,has 2 fields; the header has 3');
    expect(report.some((l) => l.startsWith('9,,broken CSV'))).toBe(true);

    const after = await getAudience(audience.id);
    expect(after.upload).toMatchObject({
      importId: started.id,
      members: 3,
      attributeColumns: ['coupon', 'firstName'],
      fileName: 'coupons.csv',
    });
    expect(after.version).toBe(2);
    expect(await count(audience.id)).toBe(3);
    expect(await members(audience.id)).toEqual([
      {
        profileId: ids.get('ada@example.com'),
        identity: 'ada@example.com',
        line: 2,
        attributes: { coupon: 'BF-100', firstName: 'Ada' },
      },
      {
        profileId: ids.get('bob@example.com'),
        identity: 'bob@example.com',
        line: 3,
        attributes: { coupon: 'BF-200', firstName: 'Bob, Jr.' },
      },
      {
        profileId: ids.get('dave@example.com'),
        identity: 'dave@example.com',
        line: 8,
        attributes: { coupon: 'BF-800', firstName: 'Dave' },
      },
    ]);
  });

  it('is usable in rules and compositions like any audience', async () => {
    const { audience, import: started } = await createUpload({
      name: 'VIP list',
      namespace: 'email',
    });
    await sendFile(
      audience.id,
      started.id,
      'email\nada@example.com\nbob@example.com\ncarol@example.com',
    );
    const evaluate = async (root: object) => {
      const r = await t.app.inject({
        method: 'POST',
        url: '/audiences/evaluate',
        headers: h,
        payload: { rule: { version: 1, root } },
      });
      expect(r.statusCode, r.body).toBe(200);
      return r.json<{ count: number; sample: Profile[] }>();
    };
    const gold = {
      kind: 'attribute',
      path: 'tier',
      type: 'string',
      operator: 'equals',
      value: 'gold',
    };
    const inList = { kind: 'audience', audienceId: audience.id };
    const both = await evaluate({ kind: 'group', op: 'and', children: [inList, gold] });
    expect(both.sample.map((p) => p.id).sort()).toEqual(
      [ids.get('ada@example.com'), ids.get('carol@example.com')].sort(),
    );
    const except = await evaluate({ kind: 'group', op: 'except', children: [inList, gold] });
    expect(except.sample.map((p) => p.id)).toEqual([ids.get('bob@example.com')]);
  });

  it('replaces its members only when a new file has loaded completely', async () => {
    const { audience, import: first } = await createUpload({ name: 'Weekly', namespace: 'email' });
    await sendFile(audience.id, first.id, 'email,seat\nada@example.com,1A\nbob@example.com,1B');
    expect(await count(audience.id)).toBe(2);

    // A file whose stream breaks after two batches: the audience keeps its members.
    const broken = await newFile(audience.id);
    let sent = 0;
    const failing = new Readable({
      read() {
        sent++;
        if (sent === 1) this.push('email,seat\ncarol@example.com,2A\n');
        else if (sent === 2) this.push('dave@example.com,2B\n');
        else this.destroy(new Error('connection reset by peer'));
      },
    });
    const failed = await runImport(
      { database: t.database, clock: t.clock, importers: { audience: importAudienceUpload } },
      (await t.database.pool.query<{ id: string }>("SELECT id FROM sandboxes WHERE name = 'prod'"))
        .rows[0]!.id,
      broken.id,
      failing,
      { batchSize: 1 },
    );
    expect(failed.status).toBe('failed');
    expect(failed.error).toContain('connection reset by peer');
    expect(await memberRows(audience.id, broken.id)).toBe(0);
    expect(await count(audience.id)).toBe(2);
    expect((await getAudience(audience.id)).upload.importId).toBe(first.id);

    // A header without the identity column fails the file and names the column.
    const wrong = await newFile(audience.id);
    const refused = await sendFile(audience.id, wrong.id, 'mail,seat\nada@example.com,3A');
    expect(refused.status).toBe('failed');
    expect(refused.error).toBe('the file has no column "email" (its columns: mail, seat)');
    expect(await count(audience.id)).toBe(2);

    const second = await newFile(audience.id);
    await sendFile(audience.id, second.id, 'email,seat\ncarol@example.com,4A');
    expect((await members(audience.id)).map((m) => [m.profileId, m.attributes.seat])).toEqual([
      [ids.get('carol@example.com'), '4A'],
    ]);
    // Rows of earlier files are gone, not just hidden.
    expect(await memberRows(audience.id)).toBe(1);
  });

  it('creates profiles for unknown identities when asked', async () => {
    const { audience, import: started } = await createUpload({
      name: 'Event attendees',
      namespace: 'email',
      identityColumn: 'Attendee e-mail',
      createProfiles: true,
    });
    const done = await sendFile(
      audience.id,
      started.id,
      'Attendee e-mail,badge\nada@example.com,speaker\nnew.person@example.com,guest',
    );
    expect(done).toMatchObject({ rowsAccepted: 2, rowsRejected: 0 });
    const created = await t.app.inject({
      method: 'GET',
      url: '/profiles/lookup?namespace=email&value=new.person@example.com',
      headers: h,
    });
    expect(created.statusCode).toBe(200);
    const profile = created.json<Profile>();
    expect((await members(audience.id)).map((m) => m.profileId)).toEqual([
      ids.get('ada@example.com'),
      profile.id,
    ]);
  });

  it('refuses what does not apply to uploaded audiences, with clear errors', async () => {
    const unknown = await t.app.inject({
      method: 'POST',
      url: '/audiences/uploads',
      headers: h,
      payload: { name: 'Nope', namespace: 'fax' },
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json()).toMatchObject({
      code: 'NAMESPACE_UNKNOWN',
      details: [{ path: '/namespace' }],
    });

    const { audience, import: started } = await createUpload({ name: 'Plain', namespace: 'email' });
    const put = await t.app.inject({
      method: 'PUT',
      url: `/audiences/${audience.id}`,
      headers: h,
      payload: {
        name: 'Plain',
        rule: { version: 1, root: { kind: 'consent', channel: 'email', status: 'y' } },
      },
    });
    expect(put.statusCode).toBe(409);
    expect(put.json()).toMatchObject({ code: 'AUDIENCE_KIND_MISMATCH' });

    const renamed = await t.app.inject({
      method: 'PATCH',
      url: `/audiences/${audience.id}`,
      headers: h,
      payload: { name: 'Plain list', description: 'from the shop' },
    });
    expect(renamed.statusCode, renamed.body).toBe(200);
    expect(renamed.json()).toMatchObject({ name: 'Plain list', kind: 'upload' });

    const generic = await t.app.inject({
      method: 'PUT',
      url: `/imports/${started.id}/file`,
      headers: { ...h, 'content-type': 'text/csv' },
      payload: 'email\nada@example.com',
    });
    expect(generic.statusCode).toBe(400);
    expect(generic.json<{ message: string }>().message).toContain(
      `/audiences/${audience.id}/files/${started.id}`,
    );

    const ruleAudience = await t.app.inject({
      method: 'POST',
      url: '/audiences',
      headers: h,
      payload: {
        name: 'Opted in',
        rule: { version: 1, root: { kind: 'consent', channel: 'email', status: 'y' } },
      },
    });
    const file = await t.app.inject({
      method: 'POST',
      url: `/audiences/${ruleAudience.json<Audience>().id}/files`,
      headers: h,
      payload: {},
    });
    expect(file.statusCode).toBe(409);
    expect(file.json()).toMatchObject({ code: 'AUDIENCE_KIND_MISMATCH' });
  });

  it('loses an erased profile from every uploaded audience', async () => {
    const r = await t.app.inject({
      method: 'POST',
      url: '/profiles',
      headers: h,
      payload: { identities: [{ namespace: 'email', value: 'erase.me@example.com' }] },
    });
    const id = r.json<Profile>().id;
    const { audience, import: started } = await createUpload({
      name: 'Erasure',
      namespace: 'email',
    });
    await sendFile(audience.id, started.id, 'email\nerase.me@example.com\nada@example.com');
    expect(await count(audience.id)).toBe(2);
    const erased = await t.app.inject({ method: 'DELETE', url: `/profiles/${id}`, headers: h });
    expect(erased.statusCode).toBe(204);
    expect(await count(audience.id)).toBe(1);
    expect(await memberRows(audience.id)).toBe(1);
  });
});
