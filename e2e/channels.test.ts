// Channels in the console end to end: an email configuration made through the form, refused on
// activation for its missing DKIM key (shown at that field), fixed and activated, its secrets shown
// only as "set"; the suppression list by hand with a CSV export; the mailbox with an email, an SMS
// and a push captured by the mailbox providers, and mail received by its SMTP sink; a profile's
// message history.
import { generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createTransport } from 'nodemailer';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channelsDb } from '../src/channels/db.ts';
import {
  createMailboxEmailProvider,
  createMailboxPushProvider,
  createMailboxSmsProvider,
} from '../src/channels/mailbox/providers.ts';
import { startMailboxSmtpSink } from '../src/channels/mailbox/smtp-sink.ts';
import { mailboxDb } from '../src/channels/mailbox/store.ts';
import type { Configuration, EmailSettings } from '../src/channels/model.ts';
import { getConfiguration } from '../src/channels/store.ts';
import { planExecution } from '../src/delivery/plan.ts';
import { ADMIN_EMAIL, ADMIN_PASSWORD } from '../src/http/testing.ts';
import { openConsole, runSuite, type BrowserConsole } from './console.ts';

const DKIM_PEM = generateKeyPairSync('rsa', { modulusLength: 2048 })
  .privateKey.export({ type: 'pkcs8', format: 'pem' })
  .toString();
const SMTP_PASSWORD = 'smtp password 2026';

const MAILBOX_SETTINGS: EmailSettings = {
  senderName: 'Clarion Shop',
  senderAddress: 'news@shop.example.com',
  listUnsubscribe: { oneClick: true },
  urlParameters: [],
  retryPeriodMinutes: 360,
  softBounceThreshold: 5,
  sendToSpamComplainers: false,
  seedList: [],
  dkim: { domain: 'shop.example.com', selector: 's2026' },
  provider: { kind: 'mailbox' },
};

describe.skipIf(!runSuite)('channels console', () => {
  let c: BrowserConsole;
  let headers: Record<string, string>;
  let sandboxId = '';
  beforeAll(async () => {
    c = await openConsole('channels');
    headers = await c.t.keyHeaders('campaignAdministrator');
    const found = await c.t.database.pool.query<{ id: string }>(
      "SELECT id FROM sandboxes WHERE name = 'prod'",
    );
    sandboxId = found.rows[0]!.id;
  });
  afterAll(async () => {
    await c?.close();
  });

  /** Notifications from earlier steps would cover the screenshots. */
  const shot = async (name: string, fullPage = false) => {
    const closers = c.page.locator('.mantine-Notification-closeButton');
    await closers.evaluateAll((buttons) => buttons.forEach((b) => (b as HTMLElement).click()));
    await expect.poll(() => closers.count()).toBe(0);
    await c.shot(name, fullPage);
  };
  const textbox = (name: string) => c.page.getByRole('textbox', { name, exact: true });
  const section = (name: string) => c.page.getByRole('region', { name, exact: true });
  const openChannels = async (entry: string, heading: string) => {
    const nav = c.nav();
    const link = nav.getByRole('link', { name: entry, exact: true });
    if (!(await link.isVisible())) await nav.getByText('Channels', { exact: true }).click();
    await link.click();
    await c.page.getByRole('heading', { level: 2, name: heading }).waitFor();
  };
  async function post<T>(url: string, payload: object): Promise<T> {
    const response = await c.t.app.inject({ method: 'POST', url, headers, payload });
    if (response.statusCode >= 300) throw new Error(`${url}: ${response.body}`);
    return response.json<T>();
  }

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

  it('adds a suppression by hand, exports it as CSV and removes it', async () => {
    const { page, button } = c;
    await openChannels('Suppression list', 'Suppression list');
    await page.getByText('No suppressed addresses').waitFor();
    await button('Add address').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: 'Suppress' }).click();
    await dialog.getByText('Required').first().waitFor();
    await dialog.getByLabel('Email address').fill('not-an-email');
    await dialog.getByLabel('Reason').fill('Asked by phone not to be contacted');
    await dialog.getByRole('button', { name: 'Suppress' }).click();
    await dialog.getByText('Enter a valid email address').waitFor();
    await shot('05-suppress-checks');
    await dialog.getByLabel('Email address').fill('Someone@Example.com');
    await dialog.getByRole('button', { name: 'Suppress' }).click();
    await dialog.waitFor({ state: 'hidden' });

    const row = page.getByRole('row', { name: /someone@example\.com/ });
    await row.waitFor();
    expect(await row.textContent()).toContain('Added by hand');
    expect(await row.textContent()).toContain('Asked by phone not to be contacted');
    await shot('06-suppression-list');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      button('Export CSV').click(),
    ]);
    const csv = readFileSync(await download.path(), 'utf8')
      .trim()
      .split('\n');
    expect(csv[0]).toBe('channel,address,category,reason,created_by,created_at');
    expect(csv.slice(1)).toHaveLength(1);
    expect(csv[1]).toMatch(
      /^email,someone@example\.com,manual,Asked by phone not to be contacted,[^,]+,\d{4}-/,
    );

    await page.getByRole('button', { name: 'Remove someone@example.com' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Remove' }).click();
    await page.getByText('No suppressed addresses').waitFor();
  });

  it('shows captured email, SMS and push in the mailbox', async () => {
    const { page } = c;
    const config = await post<Configuration>('/channel-configurations', {
      name: 'Local mailbox',
      channel: 'email',
      category: 'marketing',
      settings: MAILBOX_SETTINGS,
    });
    const target = {
      db: mailboxDb(c.t.database.db),
      sandboxId,
      configurationId: config.id,
      clock: c.t.clock,
    };
    const email = createMailboxEmailProvider(
      MAILBOX_SETTINGS,
      { dkimPrivateKey: DKIM_PEM },
      target,
    );
    await email.send({
      messageId: '<exec-1.ada@shop.example.com>',
      from: { name: 'Clarion Shop', address: 'news@shop.example.com' },
      to: { name: 'Ada Lovelace', address: 'ada@example.org' },
      subject: 'Winter sale — 20% off',
      html: '<h1 style="color:#1c7ed6">Hello Ada</h1><p>The <b>winter sale</b> is on.</p>',
      text: 'Hello Ada, the winter sale is on.',
      listUnsubscribe: { url: 'https://shop.example.com/u/abc' },
    });
    await email.close();
    const sms = createMailboxSmsProvider(
      { senderNumber: 'ClarionShop', retryPeriodMinutes: 360, provider: { kind: 'mailbox' } },
      target,
    );
    await sms.send({ messageId: 'sms-1', to: '+442079460001', body: 'Your code is 4711.' });
    const push = createMailboxPushProvider(
      { platform: 'fcm', appId: 'com.example.shop', mailbox: true, retryPeriodMinutes: 360 },
      target,
    );
    await push.send({
      messageId: 'push-1',
      token: 'device-token-1',
      message: { title: 'Your order shipped', body: 'It arrives tomorrow.', data: { order: '42' } },
    });

    await openChannels('Mailbox', 'Mailbox');
    const list = page.getByRole('navigation', { name: 'Captured messages' });
    await list.getByText('Winter sale — 20% off').click();
    const frame = page.frameLocator('iframe[title="Email to ada@example.org"]');
    await frame.getByText('Hello Ada').waitFor();
    expect(await page.locator('iframe').getAttribute('sandbox')).toBe('');
    await shot('07-mailbox-email');
    await page.getByRole('tab', { name: /Headers/ }).click();
    const headerTable = page.getByRole('table', { name: 'Headers' });
    await headerTable.getByText('DKIM-Signature', { exact: true }).waitFor();
    await headerTable.getByText('List-Unsubscribe-Post', { exact: true }).waitFor();
    const [raw] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Raw MIME (.eml)' }).click(),
    ]);
    const mime = readFileSync(await raw.path(), 'utf8');
    expect(mime).toMatch(/^DKIM-Signature: /);
    expect(mime).toContain('Message-ID: <exec-1.ada@shop.example.com>');
    await page.getByRole('tab', { name: 'Text part' }).click();
    await page
      .getByRole('tabpanel', { name: 'Text part' })
      .getByText('Hello Ada, the winter sale is on.')
      .waitFor();

    await list.getByText('Your code is 4711.').click();
    await page.getByLabel('SMS text').getByText('Your code is 4711.').waitFor();
    await page.getByText('From ClarionShop to +442079460001').waitFor();
    await list.getByText('Your order shipped').click();
    const payload = await page.getByLabel('Push payload').textContent();
    expect(JSON.parse(payload ?? '')).toMatchObject({
      platform: 'fcm',
      appId: 'com.example.shop',
      token: 'device-token-1',
      body: { message: { token: 'device-token-1', notification: { title: 'Your order shipped' } } },
    });
    await shot('08-mailbox-push');

    await page.getByRole('textbox', { name: 'Search the mailbox' }).fill('ada@example.org');
    await expect.poll(() => list.getByRole('button').count()).toBe(1);
    await page.locator('label').filter({ hasText: /^SMS$/ }).click();
    await page.getByText('No messages match').waitFor();
  });

  it('shows mail received by the SMTP sink, and why a malformed one could not be read', async () => {
    const { page } = c;
    const log = pino({ level: 'silent' });
    const sink = await startMailboxSmtpSink(
      { db: c.t.database.db, clock: c.t.clock, log },
      { port: 0 },
    );
    try {
      const smtp = createTransport({ host: '127.0.0.1', port: sink.port, ignoreTLS: true });
      await smtp.sendMail({
        from: 'Clarion Shop <news@shop.example.com>',
        to: 'Grace Hopper <grace@example.org>',
        subject: 'Your receipt',
        html: '<h2 style="color:#2f9e44">Thank you, Grace</h2><p>Order 42: 3 items.</p>',
        text: 'Thank you, Grace. Order 42: 3 items.',
        envelope: { from: 'bounces@shop.example.com', to: ['grace@example.org'] },
      });
      await smtp.sendMail({
        envelope: { from: 'odd@app.example.com', to: ['odd@example.org'] },
        raw: 'X-Filler: y\r\n'.repeat(90_000) + '\r\nbody\r\n',
      });
    } finally {
      await sink.close();
    }

    await page.goto(`${c.base}/channels/mailbox`);
    const list = page.getByRole('navigation', { name: 'Captured messages' });
    await list.getByText('Your receipt').click();
    const message = page.getByRole('article', { name: 'Message' });
    await message.getByText('Received by SMTP').waitFor();
    await message.getByText('bounces@shop.example.com').waitFor();
    const frame = page.frameLocator('iframe[title="Email to grace@example.org"]');
    await frame.getByText('Thank you, Grace').waitFor();
    await shot('12-mailbox-smtp');

    await list.getByText('odd@example.org').click();
    await message.getByText('This message could not be parsed').waitFor();
    await message.getByText(/Max header size/).waitFor();
    await message.getByRole('button', { name: 'Raw MIME (.eml)' }).waitFor();
  });

  it("lists a profile's messages with status and reason", async () => {
    const { page } = c;
    const profile = await post<{ id: string }>('/profiles', {
      identities: [{ namespace: 'email', value: 'grace@example.org' }],
      attributes: { person: { name: { firstName: 'Grace' } } },
    });
    const config = await post<Configuration>('/channel-configurations', {
      name: 'Receipts',
      channel: 'email',
      category: 'marketing',
      settings: MAILBOX_SETTINGS,
      credentials: { dkimPrivateKey: DKIM_PEM },
    });
    await post(`/channel-configurations/${config.id}/activate`, {});
    const client = await c.t.database.pool.connect();
    try {
      // Without email consent, marketing leaves her out, with the reason on her message.
      await planExecution(
        client,
        {
          sandboxId,
          actionId: 'a1',
          channel: 'email',
          category: 'marketing',
          configurationId: config.id,
          content: { subject: 'Hi', format: 'html', body: '<p>Hi</p>' },
          source: { profileIds: [profile.id] },
          startsAt: c.t.clock.now(),
          createdBy: 'test',
        },
        await getConfiguration(channelsDb(c.t.database.db), sandboxId, config.id),
        c.t.clock.now(),
      );
    } finally {
      client.release();
    }

    await page.goto(`${c.base}/profiles/${profile.id}?tab=messages`);
    const row = page.getByRole('table', { name: 'Messages' }).getByRole('row').nth(1);
    await row.waitFor();
    const text = await row.textContent();
    expect(text).toContain('Excluded');
    expect(text).toContain('No email consent');
    expect(text).toContain('EmailNoConsent');
    expect(text).toContain('grace@example.org');
    await shot('09-profile-messages');
  });
});
