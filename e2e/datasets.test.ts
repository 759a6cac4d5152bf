// Datasets in the console end to end: define one (with field errors in place), add a column,
// import its rows, and what a Campaign Viewer may do there.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_EMAIL, ADMIN_PASSWORD } from '../src/http/testing.ts';
import { openConsole, runSuite, type BrowserConsole } from './console.ts';

const VIEWER = { email: 'reader@example.test', password: 'reader password 2026' };
const ORDERS_CSV = [
  'order_id,email,total',
  'A-1,anna@example.test,19.90',
  'A-2,ben@example.test,5',
].join('\n');

describe.skipIf(!runSuite)('datasets console', () => {
  let c: BrowserConsole;
  beforeAll(async () => {
    c = await openConsole('datasets', { 'orders.csv': ORDERS_CSV });
  });
  afterAll(async () => {
    await c?.close();
  });

  it('defines a dataset with field errors in place, lists it and imports rows', async () => {
    const { page, button, nav, shot } = c;
    await page.goto(c.base);
    await c.signIn(ADMIN_EMAIL, ADMIN_PASSWORD);
    await nav().getByText('Administration', { exact: true }).click();
    await nav().getByRole('link', { name: 'Datasets', exact: true }).click();
    await page.getByRole('heading', { level: 2, name: 'Datasets' }).waitFor();
    await page.getByText('No datasets yet').waitFor();
    await page.getByRole('link', { name: 'Define dataset' }).first().click();
    await page.getByRole('heading', { level: 2, name: 'Define dataset' }).waitFor();

    await page.getByRole('textbox', { name: 'Title', exact: true }).fill('Orders');
    expect(await page.getByRole('textbox', { name: 'Name', exact: true }).inputValue()).toBe(
      'orders',
    );
    await page.getByLabel('Name of column 1').fill('order_id');
    await button('Add column').click();
    await page.getByLabel('Name of column 2').fill('Email Address');
    await button('Add column').click();
    await page.getByLabel('Name of column 3').fill('total');
    await page.getByRole('combobox', { name: 'Type of total' }).click();
    await page.getByRole('option', { name: 'Decimal' }).click();
    await page.getByText('To profiles', { exact: true }).click();
    await button('Define dataset').click();
    await page.getByText('Lower-case letters, digits, underscores; starts with a letter').waitFor();
    await page.getByText('Choose a string column').waitFor();
    await shot('01-define-errors', true);

    await page.getByLabel('Name of column 2').fill('email');
    await page.getByRole('combobox', { name: 'Column', exact: true }).click();
    await page.getByRole('option', { name: 'email', exact: true }).click();
    await page.getByRole('combobox', { name: 'Matched by' }).click();
    await page.getByRole('option', { name: 'Identity: Email' }).click();
    await shot('02-define-filled', true);
    await button('Define dataset').click();

    await page.getByRole('heading', { level: 2, name: 'Orders' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/admin/datasets/orders');
    await page.getByText('No rows yet').waitFor();
    await button('Add column').click();
    const addColumn = page.getByRole('dialog');
    await addColumn.getByLabel(/^Name/).fill('coupon_code');
    await addColumn.getByRole('button', { name: 'Add column' }).click();
    await addColumn.waitFor({ state: 'hidden' });
    await page.getByRole('table', { name: 'Columns' }).getByText('coupon_code').waitFor();
    await page.getByText('version 2').waitFor();

    await nav().getByRole('link', { name: 'Datasets', exact: true }).click();
    const listed = page.getByRole('row', { name: /orders/ });
    await listed.waitFor();
    // The list may show the cached definition for a moment before it refreshes.
    await expect.poll(() => listed.textContent()).toContain('Orders4order_id');
    const text = await listed.textContent();
    expect(text).toContain('order_id');
    expect(text).toContain('email → profiles (by email, N-1)');
    await shot('03-list');

    // A rule only the server knows (the name is taken) is shown in place too.
    await page.getByRole('link', { name: 'Define dataset' }).click();
    await page.getByRole('textbox', { name: 'Title', exact: true }).fill('Orders');
    await button('Define dataset').click();
    await page.getByText('Is taken', { exact: true }).waitFor();
    await shot('03a-define-name-taken');
    await page.getByRole('link', { name: 'Cancel' }).click();

    await listed.getByRole('link', { name: 'orders' }).click();
    await page.getByRole('link', { name: 'Import rows' }).click();
    await page.locator('input[type="file"]').setInputFiles(c.fileOf('orders.csv'));
    await button('Start import').click();
    const progress = page.getByRole('region', { name: 'Import progress' });
    await progress.getByRole('status').getByText('2 accepted').waitFor();
    await shot('04-import-rows', true);
    await progress.getByRole('link', { name: 'Open the dataset orders' }).click();
    const rows = page.getByRole('table', { name: 'Rows of orders' });
    await rows.getByText('A-2').waitFor();
    expect(await rows.textContent()).toContain('anna@example.test');
    await shot('05-rows', true);
  });

  it('shows a Campaign Viewer datasets without write actions', async () => {
    const { page, nav, shot } = c;
    await c.addUser(VIEWER.email, VIEWER.password, 'campaignViewer');
    await c.signOut();
    await c.signIn(VIEWER.email, VIEWER.password);
    // Datasets is the viewer's one administration entry, so it stands on its own.
    expect(await nav().getByText('Administration', { exact: true }).count()).toBe(0);
    await nav().getByRole('link', { name: 'Datasets', exact: true }).click();
    await page.getByRole('link', { name: 'orders' }).click();
    await page.getByRole('heading', { level: 2, name: 'Orders' }).waitFor();
    expect(await page.getByRole('link', { name: 'Import rows' }).count()).toBe(0);
    for (const name of ['Delete', 'Add column'])
      expect(await page.getByRole('button', { name }).count(), name).toBe(0);
    await shot('06-viewer-dataset');
    await page.goto(`${c.base}/admin/datasets/new`);
    await page.getByText(/you do not have access/i).waitFor();
  });
});
