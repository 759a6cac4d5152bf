// API-triggered campaigns in the console end to end: a Campaign Administrator creates a
// transactional email campaign on its page (saved as a draft, reviewed, activated), finds a ready
// curl command for it in "Call it" with the context fields its content uses, the campaign is
// called through the execution API with an API key, and the call is found in the execution log
// by its requestId.
import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mailboxSubjects, runScheduler } from '../src/campaigns/testing/fixtures.ts';
import { openConsole, runSuite, type BrowserConsole } from './console.ts';

const ADMIN = { email: 'txn-admin@example.test', password: 'txn admin password 2026' };
const DKIM_PEM = generateKeyPairSync('rsa', { modulusLength: 2048 })
  .privateKey.export({ type: 'pkcs8', format: 'pem' })
  .toString();

describe.skipIf(!runSuite)('API-triggered campaigns console', () => {
  let c: BrowserConsole;
  let headers: Record<string, string> = {};
  let campaignId = '';
  beforeAll(async () => {
    c = await openConsole('api-campaigns');
    headers = await c.t.keyHeaders('campaignAdministrator');
    const post = async (url: string, payload: object) => {
      const response = await c.t.app.inject({ method: 'POST', url, headers, payload });
      if (response.statusCode >= 300) throw new Error(`POST ${url}: ${response.body}`);
      return response.json<{ id: string }>();
    };
    // The sandbox needs an active transactional email configuration on the local mailbox.
    const configuration = await post('/channel-configurations', {
      name: 'Orders mailbox',
      channel: 'email',
      category: 'transactional',
      settings: {
        senderName: 'Clarion Shop',
        senderAddress: 'orders@shop.example.com',
        listUnsubscribe: { oneClick: false },
        urlParameters: [],
        retryPeriodMinutes: 360,
        softBounceThreshold: 5,
        sendToSpamComplainers: false,
        seedList: [],
        dkim: { domain: 'shop.example.com', selector: 's2026' },
        provider: { kind: 'mailbox' },
      },
      credentials: { dkimPrivateKey: DKIM_PEM },
    });
    await post(`/channel-configurations/${configuration.id}/activate`, {});
    await c.addUser(ADMIN.email, ADMIN.password, 'campaignAdministrator');
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
  const stored = async () => {
    const response = await c.t.app.inject({
      method: 'GET',
      url: `/campaigns/${campaignId}`,
      headers,
    });
    return response.json<Record<string, unknown>>();
  };

  it('creates, reviews and activates a transactional email campaign', async () => {
    const { page, button } = c;
    await page.goto(c.base);
    await c.signIn(ADMIN.email, ADMIN.password);
    await c.nav().getByText('Campaigns', { exact: true }).click();
    await c.nav().getByRole('link', { name: 'API-triggered', exact: true }).click();
    await page.getByRole('heading', { level: 2, name: 'API-triggered campaigns' }).waitFor();
    await page.getByText('No API-triggered campaigns yet').waitFor();
    await shot('01-empty-list');
    await page.getByRole('link', { name: 'New API-triggered campaign' }).first().click();
    await page.getByRole('heading', { level: 2, name: 'New API-triggered campaign' }).waitFor();

    await page.getByRole('textbox', { name: 'Name', exact: true }).fill('Order confirmation');
    await button('Create draft').click();
    await page.waitForURL(/\/campaigns\/api-triggered\/[^/]+\/edit$/);
    campaignId = new URL(page.url()).pathname.split('/')[3]!;
    expect(await stored()).toMatchObject({
      type: 'api',
      category: 'transactional',
      name: 'Order confirmation',
      status: 'draft',
    });

    // The review lists what blocks activation, each with a link to its field.
    const review = page.getByRole('region', { name: 'Review' });
    await review.getByRole('button', { name: 'Fix in Action' }).first().waitFor();
    expect(await button('Activate').isDisabled()).toBe(true);
    await shot('02-draft-problems', true);
    await review.getByRole('button', { name: 'Fix in Action' }).first().click();

    await page.getByRole('combobox', { name: 'Configuration' }).click();
    await page.getByRole('option', { name: /Orders mailbox/ }).click();
    await page
      .getByRole('textbox', { name: 'Subject' })
      .fill('Order {{context.order.id}} is confirmed, {{profile.person.name.firstName}}');
    await page
      .getByRole('switch', { name: 'Create profiles for unknown recipients' })
      .check({ force: true });
    // Saved as you go: no button needed; the review follows each save.
    await expect
      .poll(async () => JSON.stringify(await stored()), { timeout: 10_000 })
      .toContain('"createProfiles":true');
    await review.getByText('Nothing blocks this campaign.').waitFor();
    await page.getByText('All changes saved').waitFor();
    expect(await stored()).toMatchObject({
      action: { channel: 'email' },
      content: { mode: 'single' },
      trigger: { createProfiles: true, highThroughput: false },
    });
    expect(JSON.stringify((await stored()).content)).toContain('{{context.order.id}}');
    expect(JSON.stringify((await stored()).content)).toContain('{{context.order.id}}');
    await shot('03-draft-ready', true);

    await button('Activate').click();
    await page.getByRole('heading', { level: 2, name: 'Order confirmation' }).waitFor();
    await page.locator('[data-status="live"]').first().waitFor();
    expect(await stored()).toMatchObject({ status: 'live' });
  });

  it('shows a ready curl command, and finds a real call in the execution log', async () => {
    const { page, base } = c;
    const callIt = page.getByRole('region', { name: 'Call it' });
    const curl = (await callIt.getByTestId('call-it-curl').textContent()) ?? '';
    expect(curl).toContain(`${base}/im/executions/unitary`);
    expect(curl).toContain(`"campaignId": "${campaignId}"`);
    expect(curl).toContain('Authorization: Bearer $CLARION_API_KEY');
    expect(curl).toContain('x-sandbox-name: prod');
    expect(curl).toMatch(/"order": \{\s*"id": "…"\s*\}/);
    await callIt.getByText('the content uses: order.id.').waitFor();
    await page.getByRole('region', { name: 'Execution log' }).getByText('No calls yet.').waitFor();
    await shot('04-call-it', true);

    const key = await c.t.keyHeaders('campaignManager');
    const call = async (requestId: string, orderId: string) => {
      const response = await fetch(`${base}/im/executions/unitary`, {
        method: 'POST',
        headers: {
          ...key,
          'content-type': 'application/json',
          'x-sandbox-name': 'prod',
          'x-api-key': 'ignored',
          'x-gw-ims-org-id': 'ignored@AdobeOrg',
        },
        body: JSON.stringify({
          requestId,
          campaignId,
          recipients: [
            {
              type: 'aep',
              userId: 'dana@example.test',
              namespace: 'email',
              context: { order: { id: orderId } },
            },
          ],
        }),
      });
      expect(response.status, await response.clone().text()).toBe(202);
    };
    await call('order-7001', 'A-7001');
    await call('refund-9', 'R-9');

    const log = page.getByRole('region', { name: 'Execution log' });
    await log.getByRole('button', { name: 'Refresh' }).click();
    await log.getByText('refund-9').waitFor();
    await log.getByRole('textbox', { name: 'Request ID' }).fill('order-70');
    const row = log.getByRole('row').filter({ hasText: 'order-7001' });
    await row.waitFor();
    await expect.poll(() => log.getByText('refund-9').count()).toBe(0);
    // The message goes out through the mailbox with the call's context; the row's counts follow.
    await runScheduler(c.t);
    expect(await mailboxSubjects(c.t, headers)).toContain(
      'dana@example.test Order A-7001 is confirmed, ',
    );
    await expect
      .poll(
        async () => {
          await log.getByRole('button', { name: 'Refresh' }).click();
          return (await row.getByRole('cell').allTextContents()).join('|');
        },
        { timeout: 20_000 },
      )
      .toMatch(/order-7001\|unitary\|.*\|1\|1\|0\|0\|0$/);
    // Refreshing the log refreshes the report below it: both calls were sent.
    const sent = page.getByRole('region', { name: 'Report' }).getByTestId('kpi-sent');
    await expect.poll(() => sent.textContent()).toBe('2');
    await shot('05-execution-log', true);
  });

  it('lists the campaign with its status, and filters by status and text', async () => {
    const { page } = c;
    await page.getByRole('link', { name: 'API-triggered campaigns' }).first().click();
    const table = page.getByRole('table', { name: 'API-triggered campaigns' });
    const row = table.getByRole('row').filter({ hasText: 'Order confirmation' });
    await row.locator('[data-status="live"]').waitFor();
    await row.getByText('Unitary').waitFor();
    await shot('06-list');
    await page.getByRole('textbox', { name: 'Search' }).fill('nothing like it');
    await page.getByText('No campaigns match').waitFor();
    await page.getByRole('textbox', { name: 'Search' }).fill('order');
    await row.waitFor();
    await page.getByRole('combobox', { name: 'Status' }).click();
    await page.getByRole('option', { name: 'Draft' }).click();
    await page.getByText('No campaigns match').waitFor();
  });
});
