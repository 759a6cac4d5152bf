// Messages in the channels console end to end: the suppression list by hand with a CSV export;
// the mailbox with an email, an SMS and a push captured by the mailbox providers, and mail
// received by its SMTP sink; a profile's message history.
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
import type { Configuration } from '../src/channels/model.ts';
import { getConfiguration } from '../src/channels/store.ts';
import { planExecution } from '../src/delivery/plan.ts';
import { ADMIN_EMAIL, ADMIN_PASSWORD } from '../src/http/testing.ts';
import {
  DKIM_PEM,
  MAILBOX_SETTINGS,
  openChannelsConsole,
  type ChannelsConsole,
} from './channels.testing.ts';
import { runSuite, type BrowserConsole } from './console.ts';

describe.skipIf(!runSuite)('channels console', () => {
  let c: BrowserConsole;
  let sandboxId = '';
  let shot: ChannelsConsole['shot'];
  let openChannels: ChannelsConsole['openChannels'];
  let post: ChannelsConsole['post'];
  beforeAll(async () => {
    ({ c, sandboxId, shot, openChannels, post } = await openChannelsConsole());
    // The first step opens a Channels page from the navigation, so it starts signed in.
    await c.page.goto(c.base);
    await c.signIn(ADMIN_EMAIL, ADMIN_PASSWORD);
  });
  afterAll(async () => {
    await c?.close();
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
