// The whole story of an action campaign in the console: a Campaign Manager creates a marketing
// email campaign for a demo audience and requests approval; a Campaign Approver approves it; the
// run sends (the scheduler is run at once instead of waiting for its minute); the messages arrive
// in the local mailbox; the report shows what was sent, who was excluded for lack of consent,
// and, after one tracked link is opened, a click.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScheduler } from '../src/campaigns/testing/fixtures.ts';
import { openConsole, runSuite, type BrowserConsole } from './console.ts';
import { APPROVER, MANAGER, seedCampaigns, type Seeded } from './campaigns-seed.ts';

const BODY = `<html><body>
  <h1>Spring sale, {{profile.person.name.firstName}}</h1>
  <p><a href="https://shop.example.com/spring">See the offers</a></p>
  <p><a href="{{unsubscribeUrl}}">Unsubscribe</a></p>
</body></html>`;

describe.skipIf(!runSuite)('campaign story in the console', () => {
  let c: BrowserConsole;
  let seeded: Seeded;
  let campaignId = '';
  beforeAll(async () => {
    c = await openConsole('campaign-story');
    seeded = await seedCampaigns(c);
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
  const get = async <T>(url: string): Promise<T> => {
    const response = await c.t.app.inject({ method: 'GET', url, headers: seeded.headers });
    if (response.statusCode !== 200) throw new Error(`${url}: ${response.body}`);
    return response.json<T>();
  };
  const stepHeading = (name: string) =>
    c.page.getByRole('heading', { level: 4, name, exact: true }).waitFor();

  it('a manager creates a marketing email campaign and requests approval', async () => {
    const { page, button } = c;
    await page.goto(c.base);
    await c.signIn(MANAGER.email, MANAGER.password);
    await page.goto(`${c.base}/campaigns/new`);
    await page.getByRole('textbox', { name: 'Name', exact: true }).fill('Spring sale');
    await button('Create draft and continue').click();
    await stepHeading('Action');
    campaignId = new URL(page.url()).pathname.split('/')[2]!;

    await page.getByRole('combobox', { name: 'Configuration' }).click();
    await page.getByRole('option', { name: /Demo mailbox/ }).click();
    await button('Save and continue').click();
    await stepHeading('Content');
    await page
      .getByRole('textbox', { name: 'Subject' })
      .fill('Spring sale for {{profile.person.name.firstName}}');
    // The body editor is CodeMirror: its text is replaced as a person would, select all and type.
    const body = page.locator('.cm-content').first();
    await body.click();
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Delete');
    await page.keyboard.insertText(BODY);
    await button('Save and continue').click();
    await stepHeading('Audience');
    await page.getByRole('combobox', { name: 'Audience' }).click();
    await page.getByRole('option', { name: 'Demo readers' }).click();
    await button('Save and continue').click();
    await stepHeading('Schedule');
    await button('Save and continue').click();
    await page.getByText('Nothing blocks this campaign.').waitFor();
    await button('Request approval').click();
    await page.locator('[data-status="inReview"]').waitFor();
    const stored = await get<{ content: { content: { body: string } } }>(
      `/campaigns/${campaignId}`,
    );
    expect(stored.content.content.body).toContain('https://shop.example.com/spring');
  });

  it('an approver approves it; the run sends to the consenting profiles', async () => {
    const { page } = c;
    await c.signOut();
    await c.signIn(APPROVER.email, APPROVER.password);
    await page.getByRole('link', { name: /Approvals: 1 waiting for you/ }).click();
    await page.getByRole('button', { name: 'Approve Spring sale' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Approve and activate' }).click();
    await page.getByText('No request is waiting for your decision.').waitFor();

    await runScheduler(c.t);
    await page.goto(`${c.base}/campaigns/${campaignId}`);
    const runs = page.getByRole('table', { name: 'Runs' });
    await runs.locator('[data-run-status="completed"]').waitFor();
    await runs.getByText('3 of 3 done').waitFor();
    await shot('01-overview', true);

    const mailbox = await get<{ items: { recipient: string; subject: string }[] }>(
      '/mailbox?limit=50',
    );
    expect(mailbox.items.map((m) => `${m.recipient} ${m.subject}`).sort()).toEqual([
      'ann@example.test Spring sale for Ann',
      'cyd@example.test Spring sale for Cyd',
    ]);
  });

  it('the report shows sent, excluded without consent and, after a click, the click', async () => {
    const { page } = c;
    const mailbox = await get<{ items: { id: string; recipient: string }[] }>('/mailbox?limit=50');
    const ann = mailbox.items.find((m) => m.recipient === 'ann@example.test')!;
    const message = await get<{ email: { html: string } }>(`/mailbox/${ann.id}`);
    const link = /href="http:\/\/clarion\.test(\/t\/c\/[^"]+)"/.exec(message.email.html)?.[1];
    expect(link).toBeDefined();
    const click = await c.t.app.inject({ method: 'GET', url: link!.replace(/&amp;/g, '&') });
    expect(click.statusCode).toBe(302);
    expect(click.headers.location).toBe('https://shop.example.com/spring');

    await page.getByRole('tab', { name: 'Report' }).click();
    expect(new URL(page.url()).pathname).toBe(`/campaigns/${campaignId}/report`);
    await page.getByTestId('kpi-sent').getByText('2', { exact: true }).waitFor();
    await page.getByTestId('kpi-targeted').getByText('3', { exact: true }).waitFor();
    await page.getByTestId('kpi-excluded').getByText('1', { exact: true }).waitFor();
    const reasons = page.getByRole('table', { name: 'Excluded by reason' });
    await reasons.getByRole('row', { name: /EmailNoConsent\s*1/ }).waitFor();
    await page.getByTestId('kpi-unique-clicks').getByText('1', { exact: true }).waitFor();
    const links = page.getByRole('table', { name: 'Clicks per link' });
    await links.getByText('https://shop.example.com/spring').waitFor();
    await shot('02-report', true);

    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Download CSV' }).click();
    expect((await download).suggestedFilename()).toMatch(/\.csv$/);
  });
});
