// Uploaded and combined audiences in the console end to end: upload a CSV with a bad line and
// follow it to its result and rejected-rows report, read the members with their columns, send a
// new file, rename; then combine audiences (nested) with a live count, save and reopen unchanged.
import { readFileSync } from 'node:fs';
import type { Locator } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_EMAIL, ADMIN_PASSWORD } from '../src/http/testing.ts';
import { builderOf, choose, newAudience, seed } from './audiences-seed.ts';
import { openConsole, runSuite, type BrowserConsole } from './console.ts';

// Line 4 (the header is line 1) has an email that is not one; the other four are seeded people.
const COUPONS_CSV = [
  'email,coupon,firstName',
  'anna@example.test,BF-100,Anna',
  'dan@example.test,BF-200,Dan',
  'not-an-email,BF-300,X',
  'eve@example.test,BF-400,Eve',
  'ben@example.test,"BF-500, last",Ben',
].join('\n');
// The new file: anna, carla, dan and fay.
const FINAL_CSV = [
  'email,coupon,firstName',
  'anna@example.test,BF-110,Anna',
  'carla@example.test,BF-120,Carla',
  'dan@example.test,BF-130,Dan',
  'fay@example.test,BF-140,Fay',
].join('\n');

const tier = (value: string) => ({
  kind: 'attribute',
  path: 'loyalty.tier',
  type: 'string',
  operator: 'equals',
  value,
});

describe.skipIf(!runSuite)('uploaded and combined audiences console', () => {
  let c: BrowserConsole;
  let uploadId = '';
  const ruleIds: Record<string, string> = {};
  beforeAll(async () => {
    c = await openConsole('audience-upload', {
      'coupons.csv': COUPONS_CSV,
      'final.csv': FINAL_CSV,
      'notes.txt': 'not a CSV',
    });
    await seed(c);
    // Gold: anna, ben, carla. Bronze: fay. Opted in by email: anna, carla, dan, fay.
    const headers = await c.t.keyHeaders('campaignAdministrator');
    for (const [name, root] of [
      ['Gold members', tier('gold')],
      ['Bronze members', tier('bronze')],
      ['Opted in by email', { kind: 'consent', channel: 'email', status: 'y' }],
    ] as const) {
      const created = await c.t.app.inject({
        method: 'POST',
        url: '/audiences',
        headers,
        payload: { name, rule: { version: 1, root } },
      });
      if (created.statusCode !== 201) throw new Error(`creating ${name}: ${created.body}`);
      ruleIds[name] = created.json<{ id: string }>().id;
    }
  });
  afterAll(async () => {
    await c?.close();
  });

  const progress = () => c.page.getByRole('region', { name: 'Import progress' });
  const fact = (label: string) => c.page.locator(`[data-fact="${label}"]`);
  const membersTable = () => c.page.getByRole('table', { name: 'Members of the file' });
  const tableRows = async (table: Locator) =>
    (await table.locator('tr').allInnerTexts()).map((row) => row.split('\t').map((s) => s.trim()));

  it('uploads a CSV with validation, progress, a result and its rejected rows', async () => {
    const { page, button, nav, shot } = c;
    await page.goto(c.base);
    await c.signIn(ADMIN_EMAIL, ADMIN_PASSWORD);
    await nav().getByRole('link', { name: 'Audiences', exact: true }).click();
    await page.getByRole('table', { name: 'Audiences' }).getByText('Gold members').waitFor();
    await newAudience(page, 'Upload a CSV');
    await page.getByRole('heading', { level: 2, name: 'Upload a CSV audience' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/audiences/new/upload');

    const namespace = page.getByRole('combobox', { name: 'Identity namespace' });
    await expect.poll(() => namespace.inputValue()).toBe('Email (email)');
    await button('Upload').click();
    await page.getByText('Give the audience a name').waitFor();
    await page.getByText('Choose a CSV file', { exact: true }).waitFor();
    const file = page.locator('input[type="file"]');
    await file.setInputFiles(c.fileOf('notes.txt'));
    await page.getByText('Choose a CSV file (.csv)').waitFor();
    await shot('01-upload-problems', true);

    // A name another audience has is refused by the server, on the field.
    const name = page.getByRole('textbox', { name: 'Name', exact: true });
    await name.fill('Gold members');
    await page.locator('input[type="file"]').setInputFiles(c.fileOf('coupons.csv'));
    await page.getByRole('note', { name: 'Columns of the file' }).waitFor();
    await button('Upload').click();
    await page.getByText('Is taken', { exact: true }).waitFor();
    await name.fill('Black Friday coupons');
    await page.getByText('Is taken', { exact: true }).waitFor({ state: 'detached' });
    await page.getByLabel('Description').fill('Coupon codes for the sale.');
    await file.setInputFiles(c.fileOf('coupons.csv'));
    const columns = page.getByRole('note', { name: 'Columns of the file' });
    await columns.getByText('audience.firstName').waitFor();
    expect(await columns.textContent()).toContain('audience.coupon');
    // A column the file does not have is named before anything is sent.
    const identityColumn = page.getByRole('textbox', { name: 'Identity column' });
    expect(await identityColumn.getAttribute('placeholder')).toBe('email');
    await identityColumn.fill('mail');
    await page
      .getByText('The file has no column "mail" (its columns: email, coupon, firstName)')
      .waitFor();
    await identityColumn.fill('');
    await columns.waitFor();
    await shot('02-upload-filled', true);

    await button('Upload').click();
    await progress().getByRole('status').getByText('4 accepted').waitFor();
    expect(await progress().getByRole('status').textContent()).toContain('1 rejected');
    expect(await progress().getByRole('progressbar').getAttribute('aria-valuenow')).toBe('100');
    await progress()
      .getByText(/^100% · /)
      .waitFor();
    await progress().getByText('Completed', { exact: true }).waitFor();
    expect(await progress().getByTestId('count-lines read').textContent()).toBe('5');
    await page.getByText('The audience Black Friday coupons was created').waitFor();
    await shot('03-upload-result', true);

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      progress()
        .getByRole('button', { name: /Download rejected rows/ })
        .click(),
    ]);
    const report = readFileSync(await download.path(), 'utf8')
      .trim()
      .split('\n');
    expect(report).toEqual(['line,field,reason', '4,email,is not an email address']);
  });

  it('shows an uploaded audience with its file, members and columns, and takes a new file', async () => {
    const { page, button, shot } = c;
    await progress().getByRole('link', { name: 'Open the audience' }).click();
    await page.getByRole('heading', { level: 2, name: 'Black Friday coupons' }).waitFor();
    uploadId = new URL(page.url()).pathname.split('/')[2] ?? '';
    expect(await fact('File').textContent()).toBe('coupons.csv');
    expect(await fact('Members').textContent()).toBe('4 profiles');
    expect(await fact('Namespace').textContent()).toBe('Email (email)');
    expect(await fact('Identity column').textContent()).toBe('email');
    await membersTable().getByText('BF-100').waitFor();
    expect(await tableRows(membersTable())).toEqual([
      ['Line', 'Profile', 'coupon', 'firstName'],
      ['2', expect.stringMatching(/^[0-9a-f]{8}$/), 'BF-100', 'Anna'],
      ['3', expect.stringMatching(/^[0-9a-f]{8}$/), 'BF-200', 'Dan'],
      ['5', expect.stringMatching(/^[0-9a-f]{8}$/), 'BF-400', 'Eve'],
      ['6', expect.stringMatching(/^[0-9a-f]{8}$/), 'BF-500, last', 'Ben'],
    ]);
    const members = page.getByRole('status', { name: 'Member count' });
    await members.getByText('4 profiles', { exact: true }).waitFor();
    await shot('04-upload-detail', true);

    // The profile link of a line opens that person.
    await membersTable()
      .getByRole('link', { name: /profile of line 3$/ })
      .click();
    await page.getByRole('heading', { level: 2, name: 'dan@example.test' }).waitFor();
    await page.goBack();
    await page.getByRole('heading', { level: 2, name: 'Black Friday coupons' }).waitFor();

    await button('Upload a new file').click();
    const panel = page.getByRole('region', { name: 'Upload a new file' });
    await panel.locator('input[type="file"]').setInputFiles(c.fileOf('final.csv'));
    await panel.getByRole('note', { name: 'Columns of the file' }).waitFor();
    await panel.getByRole('button', { name: 'Upload and replace members' }).click();
    await progress().getByRole('status').getByText('4 accepted').waitFor();
    await progress().getByText('Completed', { exact: true }).waitFor();
    await membersTable().getByText('BF-140').waitFor();
    expect(await fact('File').textContent()).toBe('final.csv');
    await members.getByText('4 profiles', { exact: true }).waitFor();
    expect((await tableRows(membersTable())).map((row) => row[3])).toEqual([
      'firstName',
      'Anna',
      'Carla',
      'Dan',
      'Fay',
    ]);
    await shot('05-new-file', true);
    await panel.getByRole('button', { name: 'Close' }).click();
    await panel.waitFor({ state: 'detached' });

    await button('Rename').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('textbox', { name: 'Name', exact: true }).fill('');
    await dialog.getByText('Give the audience a name').waitFor();
    await dialog.getByRole('textbox', { name: 'Name', exact: true }).fill('Coupon holders');
    await dialog.getByLabel('Description').fill('Final coupon list.');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByRole('heading', { level: 2, name: 'Coupon holders', exact: true }).waitFor();
    await page.getByText('Final coupon list.').waitFor();
  });

  it('shows a file that failed on the page of its audience', async () => {
    const { page, shot } = c;
    const headers = await c.t.keyHeaders('campaignAdministrator');
    const created = await c.t.app.inject({
      method: 'POST',
      url: '/audiences/uploads',
      headers,
      payload: { name: 'Broken list', namespace: 'email', fileName: 'broken.csv' },
    });
    const { audience, import: started } = created.json<{
      audience: { id: string };
      import: { id: string };
    }>();
    // Sent without the console's check: the file has no email column.
    await c.t.app.inject({
      method: 'PUT',
      url: `/audiences/${audience.id}/files/${started.id}`,
      headers: { ...headers, 'content-type': 'text/csv' },
      payload: 'mail,coupon\nanna@example.test,X-1\n',
    });
    await page.goto(`${c.base}/audiences/${audience.id}`);
    await page.getByRole('heading', { level: 2, name: 'Broken list' }).waitFor();
    const latest = page.getByRole('region', { name: 'Latest file' });
    await latest.getByText('Failed', { exact: true }).waitFor();
    expect(await latest.getByRole('alert').textContent()).toContain('has no column "email"');
    await page.getByText('No file has been loaded yet').waitFor();
    expect(await membersTable().count()).toBe(0);
    await shot('06-failed-file', true);
  });

  it('lists audiences with their kind and combines them, nested, with a live count', async () => {
    const { page, button, nav, shot } = c;
    await nav().getByRole('link', { name: 'Audiences', exact: true }).click();
    const list = page.getByRole('table', { name: 'Audiences' });
    const row = (name: string) => list.getByRole('row', { name: new RegExp(`^${name}`) });
    await row('Coupon holders').waitFor();
    expect(await row('Coupon holders').textContent()).toContain('Upload4');
    expect(await row('Gold members').textContent()).toContain('Rule—');
    await shot('07-list');

    await newAudience(page, 'Combine audiences');
    await page.getByRole('heading', { level: 2, name: 'Combine audiences' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/audiences/new/combination');
    await page.getByRole('textbox', { name: 'Name', exact: true }).fill('Coupons, not gold');
    const top = builderOf(page).condition('Top combination');
    await top.locator('label', { hasText: /^Exclusion$/ }).click();
    await choose(page, top.getByRole('combobox', { name: 'Base audience' }), 'Coupon holders');
    const removed = top.getByRole('combobox', { name: 'Audiences to remove' });
    await removed.fill('gold');
    await page.getByRole('option', { name: 'Gold members', exact: true }).click();
    await page.keyboard.press('Escape');
    // anna, carla, dan, fay without gold (anna, carla).
    await builderOf(page).liveCount('2 profiles');

    await top
      .getByRole('button', { name: 'Add a combination to remove from the top combination' })
      .click();
    const nested = builderOf(page).condition('Combination 1');
    await nested.locator('label', { hasText: /^Intersection$/ }).click();
    const both = nested.getByRole('combobox', { name: 'Audiences', exact: true });
    for (const name of ['Bronze members', 'Opted in by email']) {
      await both.click();
      await page.getByRole('option', { name, exact: true }).click();
    }
    await page.keyboard.press('Escape');
    // …and without bronze members opted in by email (fay): dan.
    await builderOf(page).liveCount('1 profile');
    await builderOf(page).live().getByText('dan@example.test').waitFor();
    await shot('08-combination', true);

    await button('Save audience').click();
    await page.getByRole('heading', { level: 2, name: 'Coupons, not gold' }).waitFor();
    await page.getByText('Composition', { exact: true }).waitFor();
    const summary = page.getByRole('region', { name: 'Combination summary' });
    expect(await summary.locator('li').allInnerTexts()).toEqual([
      'Coupon holders',
      'Gold members',
      expect.stringMatching(/^Intersection of:\s+Bronze members\s+Opted in by email$/),
      'Bronze members',
      'Opted in by email',
    ]);
    expect(await summary.textContent()).toMatch(/^Exclusion: the first, without the others:/);
    await page
      .getByRole('status', { name: 'Member count' })
      .getByText('1 profile', { exact: true })
      .waitFor();
    await shot('09-combination-detail', true);
  });

  it('reopens a saved combination unchanged', async () => {
    const { page, button, shot } = c;
    const id = new URL(page.url()).pathname.split('/')[2] ?? '';
    const expected = {
      version: 1,
      root: {
        kind: 'group',
        op: 'except',
        children: [
          { kind: 'audience', audienceId: uploadId },
          { kind: 'audience', audienceId: ruleIds['Gold members'] },
          {
            kind: 'group',
            op: 'and',
            children: [
              { kind: 'audience', audienceId: ruleIds['Bronze members'] },
              { kind: 'audience', audienceId: ruleIds['Opted in by email'] },
            ],
          },
        ],
      },
    };
    const stored = async () =>
      (
        await c.t.app.inject({
          method: 'GET',
          url: `/audiences/${id}`,
          headers: await c.t.adminHeaders(),
        })
      ).json<{ rule: unknown; version: number }>();
    expect((await stored()).rule).toEqual(expected);

    await page.getByRole('link', { name: 'Edit' }).click();
    await page.getByRole('heading', { level: 2, name: 'Edit Coupons, not gold' }).waitFor();
    await builderOf(page).liveCount('1 profile');
    const top = builderOf(page).condition('Top combination');
    const nested = builderOf(page).condition('Combination 1');
    const radio = (group: string, name: string) =>
      page.getByRole('radiogroup', { name: group }).getByRole('radio', { name });
    expect(await radio('Operation of the top combination', 'Exclusion').isChecked()).toBe(true);
    expect(await radio('Base of the top combination', 'Base: an audience').isChecked()).toBe(true);
    expect(await top.getByRole('combobox', { name: 'Base audience' }).inputValue()).toBe(
      'Coupon holders',
    );
    const pills = (field: Locator) =>
      // The chosen audiences are pills beside the search field.
      field.locator('xpath=..').locator('.mantine-Pill-label');
    expect(
      await pills(top.getByRole('combobox', { name: 'Audiences to remove' })).allTextContents(),
    ).toEqual(['Gold members']);
    expect(await radio('Operation of combination 1', 'Intersection').isChecked()).toBe(true);
    expect(
      await pills(
        nested.getByRole('combobox', { name: 'Audiences', exact: true }),
      ).allTextContents(),
    ).toEqual(['Bronze members', 'Opted in by email']);
    await shot('10-combination-reopened', true);

    await button('Save changes').click();
    // Exact: the editor's own heading, "Edit Coupons, not gold", contains the name too.
    await page.getByRole('heading', { level: 2, name: 'Coupons, not gold', exact: true }).waitFor();
    const saved = await stored();
    expect(saved.version).toBe(2);
    expect(saved.rule).toEqual(expected);

    // An audience that contains this one cannot be removed from it: the server names it in place.
    const wider = await c.t.app.inject({
      method: 'POST',
      url: '/audiences',
      headers: await c.t.adminHeaders(),
      payload: {
        name: 'Wider',
        rule: {
          version: 1,
          root: { kind: 'group', op: 'or', children: [{ kind: 'audience', audienceId: id }] },
        },
      },
    });
    expect(wider.statusCode, wider.body).toBe(201);
    await page.reload();
    await page.getByRole('link', { name: 'Edit' }).click();
    await builderOf(page).liveCount('1 profile');
    await top.getByRole('combobox', { name: 'Audiences to remove' }).fill('Wid');
    await page.getByRole('option', { name: 'Wider', exact: true }).click();
    await page.keyboard.press('Escape');
    await button('Save changes').click();
    await top.getByText('Refers back to this audience through Wider → Coupons, not gold').waitFor();
    expect(new URL(page.url()).pathname).toBe(`/audiences/${id}/edit`);
    await shot('11-combination-cycle', true);

    // The rule builder opens the same rule too.
    await page.goto(`${c.base}/audiences/${id}/edit?builder=rule`);
    await builderOf(page).liveCount('1 profile');
    const group = builderOf(page).condition('Top group');
    expect(await group.getByRole('radio', { name: 'EXCEPT' }).first().isChecked()).toBe(true);
    const base = builderOf(page).condition('Condition 1: Audience');
    expect(await base.getByLabel('Members of audience', { exact: true }).inputValue()).toBe(
      'Coupon holders',
    );
    expect(
      await builderOf(page).condition('Group 3').getByRole('radio', { name: 'AND' }).isChecked(),
    ).toBe(true);
  });
});
