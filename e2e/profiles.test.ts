// Profiles and their imports in the console end to end: a real API on a database of its own,
// the built console, and headless Chromium. Asserts what people see, never how fast.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_EMAIL, ADMIN_PASSWORD } from '../src/http/testing.ts';
import { openConsole, runSuite, type BrowserConsole } from './console.ts';

const VIEWER = { email: 'reader@example.test', password: 'reader password 2026' };

// Line 4 (the header is line 1) has an email that is not one; the other five are good.
const PEOPLE_CSV = [
  'email,person.name.firstName,loyalty.tier,consent.email',
  'anna@example.test,Anna,gold,y',
  'ben@example.test,Ben,silver,n',
  'not-an-email,Frank,gold,y',
  'carla@example.test,Carla,gold,y',
  'dan@example.test,Dan,bronze,y',
  'eve@example.test,Eve,silver,n',
].join('\n');

describe.skipIf(!runSuite)('profiles and imports console', () => {
  let c: BrowserConsole;
  beforeAll(async () => {
    c = await openConsole('profiles', { 'people.csv': PEOPLE_CSV });
  });
  afterAll(async () => {
    await c?.close();
  });

  it('imports a CSV with a mapping table, live progress and a rejected-rows report', async () => {
    const { page, button, nav, shot } = c;
    await page.goto(c.base);
    await c.signIn(ADMIN_EMAIL, ADMIN_PASSWORD);
    await nav().getByRole('link', { name: 'Profiles', exact: true }).click();
    await page.getByRole('heading', { level: 2, name: 'Profiles' }).waitFor();
    await page.getByText('No profiles yet').waitFor();
    await shot('01-empty');

    await page.getByRole('link', { name: 'Import profiles' }).first().click();
    await page.getByRole('heading', { level: 2, name: 'Import profiles' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/profiles/import');
    await page.locator('input[type="file"]').setInputFiles(c.fileOf('people.csv'));
    const mapping = page.getByRole('table', { name: 'Column mapping' });
    await mapping.waitFor();
    // The default rule, pre-filled from the header line read in the browser.
    const target = (column: string) =>
      mapping.getByRole('combobox', { name: `Target of column ${column}`, exact: true });
    expect(await target('email').inputValue()).toBe('Identity: Email');
    expect(await target('consent.email').inputValue()).toBe('Consent: Email');
    expect(await target('loyalty.tier').inputValue()).toBe('Attribute');
    expect(
      await mapping
        .getByRole('textbox', { name: 'Attribute path of column person.name.firstName' })
        .inputValue(),
    ).toBe('person.name.firstName');
    await shot('02-mapping', true);

    await button('Start import').click();
    const progress = page.getByRole('region', { name: 'Import progress' });
    await progress.getByRole('status').getByText('5 accepted').waitFor();
    expect(await progress.getByRole('status').textContent()).toContain('1 rejected');
    expect(await progress.getByRole('progressbar').getAttribute('aria-valuenow')).toBe('100');
    await progress.getByText(/^100% · /).waitFor();
    await progress.getByText('Completed', { exact: true }).waitFor();
    await shot('03-import-result', true);

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      progress.getByRole('button', { name: /Download rejected rows/ }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^rejected-.+\.csv$/);
    const report = readFileSync(await download.path(), 'utf8');
    expect(report.split('\n')[0]).toBe('line,field,reason');
    expect(report).toContain('4,email,is not an email address');
    expect(report.trim().split('\n')).toHaveLength(2);
  });

  it('lists the imported profiles and opens one with its attributes and consent', async () => {
    const { page, button, shot } = c;
    await page.getByRole('link', { name: 'Show the imported profiles' }).click();
    await page.getByRole('heading', { level: 2, name: 'Profiles' }).waitFor();
    await page.getByRole('link', { name: 'anna@example.test' }).waitFor();
    expect(await page.locator('tbody tr').count()).toBe(5);
    await page.getByLabel('Identity starts with').fill('car');
    await page.getByRole('link', { name: 'anna@example.test' }).waitFor({ state: 'detached' });
    const row = page.getByRole('row', { name: /carla@example\.test/ });
    expect(await row.textContent()).toContain('Carla');
    expect(await row.textContent()).toContain('Email: opted in');
    await shot('04-list-filtered');

    await row.getByRole('link', { name: 'carla@example.test' }).click();
    await page.getByRole('heading', { level: 2, name: 'carla@example.test' }).waitFor();
    expect(new URL(page.url()).pathname).toMatch(/^\/profiles\/[0-9a-f-]{36}$/);
    const tree = page.getByRole('tree', { name: 'Attributes' });
    await tree.getByText('firstName').waitFor();
    expect(await tree.textContent()).toContain('"Carla"');
    expect(await tree.textContent()).toContain('tier');
    expect(await tree.textContent()).toContain('"gold"');
    await shot('05-profile-attributes', true);

    await page.getByRole('tab', { name: 'Consent' }).click();
    expect(new URL(page.url()).search).toBe('?tab=consent');
    const consent = page.getByRole('table', { name: 'Consent by channel' });
    const emailRow = consent.getByRole('row', { name: /^Email/ });
    expect(await emailRow.textContent()).toContain('Opted in');
    await page.getByRole('table', { name: 'Consent history' }).waitFor();
    await page.getByRole('button', { name: 'Change Email consent' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('Opted out').click();
    await dialog.getByLabel('Source').fill('support call');
    await dialog.getByRole('button', { name: 'Save consent' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByRole('table', { name: 'Consent history' }).getByText('support call').waitFor();
    expect(await emailRow.textContent()).toContain('Opted out');
    await shot('06-profile-consent', true);

    await page.getByRole('tab', { name: 'Messages' }).click();
    await page.getByText('No messages yet').waitFor();
    await page.getByRole('tab', { name: 'Events' }).click();
    await page.getByText('No events yet').waitFor();
    await page.getByRole('tab', { name: 'Push & subscriptions' }).click();
    await page.getByText('This profile is not subscribed to any list.').waitFor();
    await shot('06b-profile-devices');

    await button('Erase profile').click();
    const confirm = page.getByRole('dialog');
    await confirm.getByText('its consent and the whole consent history;').waitFor();
    await shot('06c-erase-confirmation');
    await confirm.getByRole('button', { name: 'Erase profile' }).click();
    await page.getByRole('heading', { level: 2, name: 'Profiles' }).waitFor();
    await page.getByLabel('Identity starts with').fill('');
    await page.getByRole('link', { name: 'anna@example.test' }).waitFor();
    // The list may first show what it had cached; the erased profile leaves it when it refreshes.
    await page.getByRole('link', { name: 'carla@example.test' }).waitFor({ state: 'detached' });
    expect(await page.locator('tbody tr').count()).toBe(4);
  });

  it('lists the import in the history with its counts', async () => {
    const { page, shot } = c;
    await page.goto(`${c.base}/profiles/imports`);
    const row = page.getByRole('row', { name: /people\.csv/ });
    await row.waitFor();
    const text = await row.textContent();
    expect(text).toContain('Completed');
    expect(text).toContain('Profiles');
    await row.getByRole('button', { name: /Download rejected rows/ }).waitFor();
    await shot('07-imports-history');
    await row.getByRole('link', { name: 'people.csv' }).click();
    await page.getByRole('region', { name: 'Import progress' }).getByText('5 accepted').waitFor();
    expect(new URL(page.url()).pathname).toMatch(/^\/profiles\/imports\/[0-9a-f-]{36}$/);
    await shot('07b-import-page');
  });

  it('shows a Campaign Viewer profiles without write actions', async () => {
    const { page, nav, shot } = c;
    await c.addUser(VIEWER.email, VIEWER.password, 'campaignViewer');
    await c.signOut();
    await c.signIn(VIEWER.email, VIEWER.password);

    await nav().getByRole('link', { name: 'Profiles', exact: true }).click();
    await page.getByRole('link', { name: 'anna@example.test' }).click();
    await page.getByRole('heading', { level: 2, name: 'anna@example.test' }).waitFor();
    await page.getByRole('tab', { name: 'Consent' }).click();
    await page.getByText('Changing consent needs the permission profiles.write.').waitFor();
    for (const name of ['Erase profile', 'Change', 'Import profiles'])
      expect(await page.getByRole('button', { name }).count(), name).toBe(0);
    expect(await page.getByRole('link', { name: 'Import profiles' }).count()).toBe(0);
    await shot('08-viewer-consent');

    await page.goto(`${c.base}/profiles/import`);
    await page.getByText(/you do not have access/i).waitFor();
  });
});
