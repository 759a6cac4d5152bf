// Channel configurations in the console end to end: an email configuration made through the
// form, refused on activation for its missing DKIM key (shown at that field), fixed and activated,
// its secrets shown only as "set"; the SMS and push forms with their providers and keys.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_EMAIL, ADMIN_PASSWORD } from '../src/http/testing.ts';
import {
  DKIM_PEM,
  openChannelsConsole,
  SMTP_PASSWORD,
  type ChannelsConsole,
} from './channels.testing.ts';
import { runSuite, type BrowserConsole } from './console.ts';

describe.skipIf(!runSuite)('channels console', () => {
  let c: BrowserConsole;
  let shot: ChannelsConsole['shot'];
  let textbox: ChannelsConsole['textbox'];
  let section: ChannelsConsole['section'];
  let openChannels: ChannelsConsole['openChannels'];
  beforeAll(async () => {
    ({ c, shot, textbox, section, openChannels } = await openChannelsConsole());
  });
  afterAll(async () => {
    await c?.close();
  });

  it('creates an email configuration through the form, with checks before sending', async () => {
    const { page, button } = c;
    await page.goto(c.base);
    await c.signIn(ADMIN_EMAIL, ADMIN_PASSWORD);
    await openChannels('Configurations', 'Channel configurations');
    await page.getByText('No channel configurations yet').waitFor();
    await button('New configuration').first().click();
    await page.getByRole('menuitem', { name: 'Email' }).click();
    await page.getByRole('heading', { level: 2, name: 'New email configuration' }).waitFor();

    await textbox('Sender address').fill('news@');
    await button('Create draft').click();
    const problems = page.getByRole('alert').filter({ hasText: 'Fix these before saving' });
    await problems.waitFor();
    expect(await problems.textContent()).toContain('Sender address');
    await section('Sender').getByText('Enter a valid email address').waitFor();
    await section('General').getByText('Required').waitFor();
    await shot('01-form-checks', true);

    await textbox('Name').fill('Newsletter');
    await textbox('Sender name').fill('Clarion Shop');
    await textbox('Sender address').fill('news@shop.example.com');
    await textbox('Bounce address').fill('bounces@shop.example.com');
    await textbox('Reply-to address').fill('help@shop.example.com');
    await button('Add parameter').click();
    await textbox('Parameter 1 name').fill('utm_source');
    await textbox('Parameter 1 value').fill('clarion');
    await textbox('DKIM domain').fill('shop.example.com');
    await textbox('DKIM selector').fill('s2026');
    await section('Provider').getByText('SMTP', { exact: true }).click();
    await textbox('SMTP host').fill('smtp.shop.example.com');
    await textbox('SMTP username').fill('clarion');
    await page.getByRole('button', { name: 'Set smtp password' }).click();
    await page.getByLabel('SMTP password', { exact: true }).fill(SMTP_PASSWORD);
    expect(await problems.isVisible()).toBe(false);
    await button('Create draft').click();
    await page.getByRole('heading', { level: 2, name: 'Newsletter' }).waitFor();
    expect(new URL(page.url()).pathname).toMatch(/^\/channels\/configurations\/[0-9a-f-]{36}$/);
    await page.locator('[data-status="draft"]').waitFor();
    await page.getByLabel('SMTP password is set').waitFor();
    await page.getByLabel('DKIM private key is not set').waitFor();
  });

  it('shows each activation problem at its field, then activates once fixed', async () => {
    const { page, button } = c;
    await button('Activate').click();
    const problems = page
      .getByRole('alert')
      .filter({ hasText: 'The configuration cannot be activated yet' });
    await problems.waitFor();
    expect(await problems.textContent()).toContain('DKIM private key — Is not a PEM private key');
    const dkimKey = page.locator('[data-credential="dkimPrivateKey"]');
    await dkimKey.getByText('Is not a PEM private key').waitFor();
    await shot('02-activation-problem', true);

    // The summary's link takes the cursor to the field.
    await problems.getByRole('button', { name: /DKIM private key/ }).click();
    const setKey = page.getByRole('button', { name: 'Set dkim private key' });
    await expect.poll(() => setKey.evaluate((el) => el === document.activeElement)).toBe(true);
    await setKey.click();
    await page.getByRole('textbox', { name: 'DKIM private key' }).fill(DKIM_PEM);
    // Editing the field clears its problem.
    await problems.waitFor({ state: 'detached' });
    await button('Save and activate').click();
    await page.locator('[data-status="active"]').waitFor();
    await page.getByLabel('DKIM private key is set').waitFor();
    await page.getByLabel('SMTP password is set').waitFor();
    const html = await page.content();
    expect(html).not.toContain('PRIVATE KEY');
    expect(html).not.toContain(SMTP_PASSWORD);
    await shot('03-active', true);

    // Removing the password of an active configuration with a username is refused at that field.
    await page.getByRole('button', { name: 'Remove smtp password' }).click();
    await page.getByText('Removed on save').waitFor();
    await button('Save').click();
    await page
      .locator('[data-credential="smtpPassword"]')
      .getByText('Is required with a username')
      .waitFor();
    await page.getByRole('button', { name: 'Undo' }).click();
    await page.getByLabel('SMTP password is set').waitFor();
    await button('Save').waitFor({ state: 'detached' });

    await page.getByRole('link', { name: 'Channel configurations' }).click();
    const row = page.getByRole('row', { name: /Newsletter/ });
    await row.waitFor();
    const text = await row.textContent();
    expect(text).toContain('Active');
    expect(text).toContain('SMTP smtp.shop.example.com:587');
    await shot('04-list');
  });

  it('offers the SMS and push settings with their providers and keys', async () => {
    const { page, button } = c;
    await page.goto(`${c.base}/channels/configurations/new?channel=sms`);
    await page.getByRole('heading', { level: 2, name: 'New SMS configuration' }).waitFor();
    await textbox('Name').fill('Texts');
    await textbox('Sender number').fill('+12');
    await section('Provider').getByText('Twilio-compatible API', { exact: true }).click();
    await textbox('Account SID').fill('AC0123');
    await button('Create draft').click();
    await section('Sender and delivery')
      .getByText('Enter a number like +4915112345678, or up to 11 letters and digits')
      .waitFor();
    await textbox('Sender number').fill('ClarionShop');
    await button('Create draft').click();
    await page.getByRole('heading', { level: 2, name: 'Texts' }).waitFor();
    await button('Activate').click();
    await page.locator('[data-credential="authToken"]').getByText('Is required for a').waitFor();
    await shot('10-sms-problem', true);

    await page.goto(`${c.base}/channels/configurations/new?channel=push`);
    await page.getByRole('heading', { level: 2, name: 'New push configuration' }).waitFor();
    await page.getByRole('combobox', { name: 'Platform' }).click();
    await page.getByRole('option', { name: 'Web Push' }).click();
    await page.getByRole('switch', { name: 'Capture in the local mailbox' }).uncheck();
    await textbox('VAPID subject').fill('push@shop.example.com');
    await button('Create draft').click();
    await section('Web Push keys').getByText('Start with mailto: or https://').waitFor();
    await page.getByLabel('VAPID private key is not set').waitFor();
    await shot('11-push-form', true);
  });
});
