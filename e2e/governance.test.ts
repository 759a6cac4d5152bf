// Governance in the console end to end: an approval policy made through its form (checks before
// sending, a name the server refuses at its field), activated and deactivated; a business rule
// set with two caps; quiet hours in a fixed time zone; each found again in its list.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_EMAIL, ADMIN_PASSWORD } from '../src/http/testing.ts';
import { openConsole, runSuite, type BrowserConsole } from './console.ts';

describe.skipIf(!runSuite)('governance console', () => {
  let c: BrowserConsole;
  let headers: Record<string, string>;
  beforeAll(async () => {
    c = await openConsole('governance');
    headers = await c.t.keyHeaders('campaignAdministrator');
  });
  afterAll(async () => {
    await c?.close();
  });

  const shot = async (name: string, fullPage = false) => {
    const closers = c.page.locator('.mantine-Notification-closeButton');
    await closers.evaluateAll((buttons) => buttons.forEach((b) => (b as HTMLElement).click()));
    await expect.poll(() => closers.count()).toBe(0);
    await c.shot(name, fullPage);
  };
  const openGovernance = async (entry: string, heading: string) => {
    const nav = c.nav();
    const link = nav.getByRole('link', { name: entry, exact: true });
    if (!(await link.isVisible())) await nav.getByText('Governance', { exact: true }).click();
    await link.click();
    await c.page.getByRole('heading', { level: 2, name: heading }).waitFor();
  };
  const textbox = (name: string) => c.page.getByRole('textbox', { name, exact: true });
  const section = (name: string) => c.page.getByRole('region', { name, exact: true });

  it('creates an approval policy with checks before sending and at the server', async () => {
    const { page, button } = c;
    const taken = await c.t.app.inject({
      method: 'POST',
      url: '/approval-policies',
      headers,
      payload: {
        name: 'Newsletters',
        match: { tags: ['newsletter'] },
        approvers: { users: [], roles: ['campaignApprover'] },
        blockSelfApproval: false,
      },
    });
    expect(taken.statusCode).toBe(201);

    await page.goto(c.base);
    await c.signIn(ADMIN_EMAIL, ADMIN_PASSWORD);
    await openGovernance('Approval policies', 'Approval policies');
    await page.getByRole('link', { name: 'Newsletters' }).waitFor();
    await page.getByRole('link', { name: 'New approval policy' }).click();
    await page.getByRole('heading', { level: 2, name: 'New approval policy' }).waitFor();

    // Nothing named: the schema's check, before anything is sent.
    await button('Create draft').click();
    await section('General').getByText('Required').waitFor();

    // A name the server refuses comes back at the name field.
    await textbox('Name').fill('newsletters');
    await button('Create draft').click();
    await section('General').getByText(/taken/).waitFor();

    await textbox('Name').fill('Marketing email');
    const covers = section('Campaigns it covers');
    await covers.getByRole('checkbox', { name: 'Email' }).check();
    await covers.getByLabel('Tags').fill('promo');
    await covers.getByLabel('Tags').press('Enter');
    await textbox('Name pattern').fill('Promo*');
    await page.getByRole('switch', { name: /Block self-approval/ }).check({ force: true });
    await shot('01-policy-form', true);
    await button('Create draft').click();
    await page.getByRole('heading', { level: 2, name: 'Marketing email' }).waitFor();
    expect(new URL(page.url()).pathname).toMatch(
      /^\/governance\/approval-policies\/[0-9a-f-]{36}$/,
    );
    await page.locator('[data-status="draft"]').waitFor();

    await button('Activate').click();
    await page.locator('[data-status="active"]').waitFor();
    const id = new URL(page.url()).pathname.split('/').pop()!;
    const stored = await c.t.app.inject({
      method: 'GET',
      url: `/approval-policies/${id}`,
      headers,
    });
    expect(stored.json()).toMatchObject({
      status: 'active',
      match: { channels: ['email'], tags: ['promo'], namePattern: 'Promo*' },
      approvers: { roles: ['campaignApprover'] },
      blockSelfApproval: true,
    });

    await button('Deactivate').click();
    await page.getByRole('dialog').getByRole('button', { name: 'Deactivate' }).click();
    await page.locator('[data-status="inactive"]').waitFor();

    await page.getByRole('link', { name: 'Approval policies' }).first().click();
    const row = page.getByRole('row').filter({ hasText: 'Marketing email' });
    await row.getByText('Inactive').waitFor();
    expect(await row.textContent()).toContain('Email');
    await shot('02-policy-list');
  });

  it('creates a business rule set with two caps, found again in the list', async () => {
    const { page, button } = c;
    await openGovernance('Business rules', 'Business rules');
    await page.getByText('No business rules yet').waitFor();
    await page.getByRole('link', { name: 'New business rule set' }).first().click();
    await textbox('Name').fill('Marketing pressure');

    const first = page.getByRole('group', { name: 'Cap 1' });
    await first.getByRole('textbox', { name: 'Messages' }).fill('');
    await button('Create draft').click();
    await first.getByText('Required').waitFor();
    await first.getByRole('textbox', { name: 'Messages' }).fill('3');

    await button('Add a cap').click();
    const second = page.getByRole('group', { name: 'Cap 2' });
    await second.getByRole('textbox', { name: 'Messages' }).fill('10');
    await second.getByRole('combobox', { name: 'Period' }).click();
    await page.getByRole('option', { name: 'Monthly' }).click();
    await second.getByRole('textbox', { name: 'Over periods' }).fill('2');
    await second.getByRole('combobox', { name: 'Channels' }).click({ force: true });
    await page.getByRole('option', { name: 'SMS' }).click();
    await page.keyboard.press('Escape');
    await second.getByText('10 per 2 months (Email + SMS)').waitFor();
    await shot('03-rule-set-form', true);
    await button('Create draft').click();
    await page.getByRole('heading', { level: 2, name: 'Marketing pressure' }).waitFor();
    await button('Activate').click();
    await page.locator('[data-status="active"]').waitFor();

    await openGovernance('Business rules', 'Business rules');
    const row = page.getByRole('row').filter({ hasText: 'Marketing pressure' });
    await row.getByText('3 per week (Email) · 10 per 2 months (Email + SMS)').waitFor();
    await row.getByText('Active').waitFor();
  });

  it('creates quiet hours in a fixed time zone and deletes a draft', async () => {
    const { page, button } = c;
    await openGovernance('Quiet hours', 'Quiet hours');
    await page.getByRole('link', { name: 'New quiet hours' }).first().click();
    await textbox('Name').fill('Nights in Berlin');
    await page.getByText('Fixed time zone').click();
    await page.getByRole('combobox', { name: 'Zone' }).fill('Europe/Berl');
    await page.getByRole('option', { name: 'Europe/Berlin' }).click();
    const window = page.getByRole('group', { name: 'Window 1' });
    await window.getByText('Sat', { exact: true }).click();
    await window.getByText('Sun', { exact: true }).click();
    await window.getByLabel('From').fill('22:00');
    await window.getByLabel('To').fill('07:30');
    await window.getByText('Weekdays 22:00–07:30, ending the next morning').waitFor();
    await page.getByText('Discard them').click();
    await shot('04-quiet-hours-form', true);
    await button('Create draft').click();
    await page.getByRole('heading', { level: 2, name: 'Nights in Berlin' }).waitFor();
    const id = new URL(page.url()).pathname.split('/').pop()!;
    const stored = await c.t.app.inject({ method: 'GET', url: `/quiet-hours/${id}`, headers });
    expect(stored.json()).toMatchObject({
      timeZone: { mode: 'fixed', zone: 'Europe/Berlin' },
      windows: [{ days: [1, 2, 3, 4, 5], from: '22:00', to: '07:30' }],
      behaviour: 'discard',
    });

    await button('Delete').click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('heading', { level: 2, name: 'Quiet hours' }).waitFor();
    await page.getByText('No quiet hours yet').waitFor();
  });
});
