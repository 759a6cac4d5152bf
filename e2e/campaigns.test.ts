// Action campaigns in the console end to end: a Campaign Manager starts a campaign in the wizard,
// jumps to the review and sees what blocks it with links to the steps that fix it, fills the steps
// (each saved as it is left), and requests approval; a Campaign Approver finds it in the approvals
// inbox (counted in the top bar), sends it back with a message, then approves the next request.
// Then: the list's filters and calendar, targeted variants and an experiment in the content step,
// an experiment's report per treatment, a duplicate activated directly once no policy applies,
// and a Campaign Viewer who sees campaigns without the ways to change them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScheduler } from '../src/campaigns/testing/fixtures.ts';
import { openConsole, runSuite, type BrowserConsole } from './console.ts';
import { APPROVER, MANAGER, seedCampaigns, type Seeded } from './campaigns-seed.ts';

describe.skipIf(!runSuite)('campaigns console', () => {
  let c: BrowserConsole;
  let seeded: Seeded;
  let campaignId = '';
  let autumnId = '';
  beforeAll(async () => {
    c = await openConsole('campaigns');
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
  const stored = async () => {
    const response = await c.t.app.inject({
      method: 'GET',
      url: `/campaigns/${campaignId}`,
      headers: seeded.headers,
    });
    return response.json<Record<string, unknown>>();
  };
  const stepHeading = (name: string) =>
    c.page.getByRole('heading', { level: 4, name, exact: true }).waitFor();

  it('creates a draft in the wizard and lists what blocks it, with links to fix it', async () => {
    const { page, button } = c;
    await page.goto(c.base);
    await c.signIn(MANAGER.email, MANAGER.password);
    await c.nav().getByText('Campaigns', { exact: true }).click();
    await c.nav().getByRole('link', { name: 'Action', exact: true }).click();
    await page.getByRole('heading', { level: 2, name: 'Action campaigns' }).waitFor();
    await page.getByText('No action campaigns yet').waitFor();
    await page.getByRole('link', { name: 'New campaign' }).first().click();
    await page.getByRole('heading', { level: 2, name: 'New action campaign' }).waitFor();

    await button('Create draft and continue').click();
    await page.getByText('Required').waitFor();
    await page.getByRole('textbox', { name: 'Name', exact: true }).fill('Spring promo');
    await page.getByRole('combobox', { name: 'Tags' }).fill('spring');
    await page.getByRole('combobox', { name: 'Tags' }).press('Enter');
    await button('Create draft and continue').click();
    await stepHeading('Action');
    campaignId = new URL(page.url()).pathname.split('/')[2]!;
    expect(await stored()).toMatchObject({
      name: 'Spring promo',
      tags: ['spring'],
      status: 'draft',
    });

    // Straight to the review: every missing part blocks activation, each with its step's link.
    await page.locator('.mantine-Stepper-step', { hasText: 'Review' }).click();
    const blocking = page.getByRole('region', { name: 'Blocking problems' });
    await blocking.waitFor();
    for (const step of ['Action', 'Content', 'Audience', 'Schedule'])
      await blocking
        .getByRole('link', { name: `Fix in ${step}` })
        .first()
        .waitFor();
    await shot('01-review-problems', true);

    await blocking.getByRole('link', { name: 'Fix in Action' }).first().click();
    await stepHeading('Action');
    await page.getByRole('combobox', { name: 'Configuration' }).click();
    await page.getByRole('option', { name: /Demo mailbox/ }).click();
    await button('Save and continue').click();
    await stepHeading('Content');
    expect(await stored()).toMatchObject({
      action: { channel: 'email', configurationId: seeded.configurationId },
    });

    await page
      .getByRole('textbox', { name: 'Subject' })
      .fill('Spring is here, {{profile.person.name.firstName}}');
    // The preview renders the message for sample data, beside the fields.
    await page.getByRole('button', { name: 'Preview', exact: true }).click();
    const preview = page.getByRole('dialog', { name: 'Preview: message' });
    await preview
      .getByTestId('preview-subject')
      .getByText(/^Spring is here, /)
      .waitFor();
    await shot('02-content-preview');
    await page.keyboard.press('Escape');
    await preview.waitFor({ state: 'detached' });
    await shot('02-content', true);
    await button('Save and continue').click();
    await stepHeading('Audience');
    expect(await stored()).toMatchObject({
      content: {
        mode: 'single',
        content: { subject: 'Spring is here, {{profile.person.name.firstName}}' },
      },
    });

    await page.getByRole('combobox', { name: 'Audience' }).click();
    await page.getByRole('option', { name: 'Demo readers' }).click();
    await page.getByTestId('audience-count').getByText('3', { exact: true }).waitFor();
    await button('Save and continue').click();
    await stepHeading('Schedule');

    // A start time left empty is refused here, at its field, and nothing is saved.
    await page.getByText('At a date and time').click();
    await page.getByRole('switch', { name: 'Send in waves' }).check({ force: true });
    await shot('02-schedule', true);
    await page.getByRole('switch', { name: 'Send in waves' }).uncheck({ force: true });
    await button('Save and continue').click();
    await page
      .getByText('1 field needs attention.')
      .or(page.getByText('One field needs attention.'))
      .waitFor();
    await page.getByText('When activated').click();
    await button('Save and continue').click();
    await page.getByRole('region', { name: 'Blocking problems' }).waitFor({ state: 'detached' });
    await page.getByText('Nothing blocks this campaign.').waitFor();
    await page.getByText('Approval needed').waitFor();
    await page.getByText('Email campaigns').waitFor();
    // A manager may not activate: the way forward is a request.
    expect(await button('Activate').count()).toBe(0);
    await shot('03-review-ready', true);
    await button('Request approval').click();
    await page.getByRole('heading', { level: 2, name: 'Spring promo' }).waitFor();
    await page.locator('[data-status="inReview"]').waitFor();
    expect(await stored()).toMatchObject({ status: 'inReview' });
  });

  it('lets an approver send it back from the inbox, then approve it', async () => {
    const { page } = c;
    await c.signOut();
    await c.signIn(APPROVER.email, APPROVER.password);
    const inbox = page.getByRole('link', { name: /Approvals: 1 waiting for you/ });
    await inbox.click();
    await page.getByRole('heading', { level: 2, name: 'Approvals' }).waitFor();
    const row = page.getByRole('row').filter({ hasText: 'Spring promo' });
    await row.getByText(MANAGER.email).waitFor();
    await shot('04-inbox');

    await row.getByRole('button', { name: 'Request changes to Spring promo' }).click();
    const dialog = page.getByRole('dialog');
    expect(await dialog.getByRole('button', { name: 'Send back' }).isDisabled()).toBe(true);
    await dialog.getByLabel('What should change').fill('Add the offer code to the subject.');
    await dialog.getByRole('button', { name: 'Send back' }).click();
    await page.getByText('No request is waiting for your decision.').waitFor();
    expect(await stored()).toMatchObject({ status: 'draft' });

    // The manager asks again (through the API), and it is approved from the inbox.
    const manager = await c.t.keyHeaders('campaignManager');
    const again = await c.t.app.inject({
      method: 'POST',
      url: `/campaigns/${campaignId}/request-approval`,
      headers: manager,
    });
    expect(again.statusCode).toBe(200);
    await page.reload();
    await row.getByRole('button', { name: 'Approve Spring promo' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Approve and activate' }).click();
    await page.getByText('No request is waiting for your decision.').waitFor();
    expect(['scheduled', 'live', 'completed']).toContain((await stored()).status);

    await page.getByRole('link', { name: /Approvals: nothing waiting/ }).waitFor();
    await page.goto(`${c.base}/campaigns/${campaignId}/approvals`);
    const history = page.getByRole('table', { name: 'Approval requests' });
    await history.getByText('Add the offer code to the subject.').waitFor();
    await history.getByText('Approved').waitFor();
    await history.getByText('Changes requested').waitFor();
    await shot('05-approval-history');
  });

  it('lists campaigns with status badges and filters, and their runs in the calendar', async () => {
    const { page } = c;
    const created = await c.t.app.inject({
      method: 'POST',
      url: '/campaigns',
      headers: seeded.headers,
      payload: {
        type: 'scheduled',
        category: 'marketing',
        name: 'Autumn teaser',
        tags: ['autumn'],
        action: { channel: 'email', configurationId: seeded.configurationId },
      },
    });
    expect(created.statusCode).toBe(201);
    autumnId = created.json<{ id: string }>().id;

    await page.goto(`${c.base}/campaigns/action`);
    const table = page.getByRole('table', { name: 'Action campaigns' });
    const spring = table.getByRole('row').filter({ hasText: 'Spring promo' });
    const autumn = table.getByRole('row').filter({ hasText: 'Autumn teaser' });
    await spring.locator('[data-status="scheduled"]').waitFor();
    await autumn.locator('[data-status="draft"]').waitFor();
    await shot('06-list');

    await page.getByRole('combobox', { name: 'Status' }).click();
    await page.getByRole('option', { name: 'Draft', exact: true }).click();
    await spring.waitFor({ state: 'detached' });
    await autumn.waitFor();
    await page.getByRole('combobox', { name: 'Status' }).click();
    await page.getByRole('option', { name: 'Draft', exact: true }).click();
    await page.getByRole('textbox', { name: 'Tag' }).fill('spring');
    await autumn.waitFor({ state: 'detached' });
    await spring.waitFor();
    await page.getByRole('textbox', { name: 'Tag' }).fill('');

    await page.getByRole('tab', { name: 'Calendar' }).click();
    expect(new URL(page.url()).search).toBe('?view=calendar');
    // The run is on the test clock's day; the calendar opens on the real month.
    const runDay = new Date('2026-11-27T09:00:00Z');
    const now = new Date();
    const months =
      (runDay.getFullYear() - now.getFullYear()) * 12 + runDay.getMonth() - now.getMonth();
    for (let i = 0; i < Math.abs(months); i++)
      await page
        .getByRole('button', { name: months > 0 ? 'Next month' : 'Previous month' })
        .click();
    const day = page.getByRole('gridcell', { name: '2026-11-27' });
    await day.getByRole('link', { name: /Spring promo/ }).waitFor();
    await shot('07-calendar');
    await day.getByRole('link', { name: /Spring promo/ }).click();
    await page.getByRole('heading', { level: 2, name: 'Spring promo' }).waitFor();
  });

  it('writes targeted variants or an experiment with a holdout in the content step', async () => {
    const { page, button } = c;
    await page.goto(`${c.base}/campaigns/${autumnId}/edit?step=content`);
    await stepHeading('Content');
    // The steps the server finds incomplete are marked in the stepper.
    const marked = page.locator('.mantine-Stepper-step[data-attention]');
    await expect
      .poll(() => marked.allTextContents())
      .toEqual(['3ContentNeeds attention', '4AudienceNeeds attention', '5ScheduleNeeds attention']);
    await page.getByText('Targeting rules', { exact: true }).click();
    const variant = page.getByRole('group', { name: 'Variant 1', exact: true });
    await variant.getByRole('combobox', { name: 'Profiles in audience' }).click();
    await page.getByRole('option', { name: 'Demo readers' }).click();
    await page.getByRole('group', { name: 'Fallback', exact: true }).waitFor();
    await shot('08-content-rules');

    await page.getByText('Experiment', { exact: true }).click();
    expect(await page.getByRole('textbox', { name: 'Holdout' }).inputValue()).toBe('10 %');
    const second = page.getByRole('group', { name: 'Treatment 2', exact: true });
    await second.getByRole('textbox', { name: 'Split' }).fill('60');
    await page.getByText('their splits add up to 110 %').waitFor();
    await second.getByRole('textbox', { name: 'Split' }).fill('50');
    await second.getByRole('textbox', { name: 'Subject' }).fill('Autumn is coming (B)');
    await page.getByText('their splits add up to 100 %').waitFor();
    await shot('09-content-experiment');
    await button('Save and continue').click();
    await stepHeading('Audience');
    const stored = await c.t.app.inject({
      method: 'GET',
      url: `/campaigns/${autumnId}`,
      headers: seeded.headers,
    });
    expect(stored.json()).toMatchObject({
      content: {
        mode: 'experiment',
        holdoutPercent: 10,
        metric: 'clicks',
        treatments: [
          { key: 'A', split: 50 },
          { key: 'B', split: 50, content: { subject: 'Autumn is coming (B)' } },
        ],
      },
    });
  });

  it('reports an experiment per treatment once it has sent', async () => {
    const { page } = c;
    const call = async (
      method: 'POST' | 'PATCH',
      url: string,
      headers: object,
      payload?: object,
    ) => {
      const response = await c.t.app.inject({ method, url, headers: { ...headers }, payload });
      if (response.statusCode >= 300) throw new Error(`${url}: ${response.body}`);
    };
    await call('PATCH', `/campaigns/${autumnId}`, seeded.headers, {
      audience: { audienceId: seeded.audienceId, namespace: 'email' },
      schedule: {
        start: 'manual',
        recurrence: { frequency: 'once' },
        timeZone: 'UTC',
        localTime: false,
      },
    });
    await call(
      'POST',
      `/campaigns/${autumnId}/request-approval`,
      await c.t.keyHeaders('campaignManager'),
    );
    await call(
      'POST',
      `/campaigns/${autumnId}/approve`,
      await c.t.keyHeaders('campaignApprover'),
      {},
    );
    await runScheduler(c.t);

    await page.goto(`${c.base}/campaigns/${autumnId}/report`);
    const treatments = page.getByRole('table', { name: 'Treatments' });
    // Three profiles split at random: at least one treatment has sent.
    await treatments
      .getByRole('cell', { name: /^Treatment (A|B)/ })
      .first()
      .waitFor();
    await page.getByText(/No significant winner yet|Winner:/).waitFor();
    await shot('10-experiment-report', true);
  });

  it('duplicates a campaign and activates the copy directly once no policy applies', async () => {
    const { page, button } = c;
    const off = await c.t.app.inject({
      method: 'POST',
      url: `/approval-policies/${seeded.policyId}/deactivate`,
      headers: seeded.headers,
    });
    expect(off.statusCode).toBe(200);
    await page.goto(`${c.base}/campaigns/${campaignId}`);
    await page.getByRole('heading', { level: 2, name: 'Spring promo' }).waitFor();
    await button('More').click();
    await page.getByRole('menuitem', { name: 'Duplicate' }).click();
    await stepHeading('Properties');
    const copyId = new URL(page.url()).pathname.split('/')[2]!;
    expect(copyId).not.toBe(campaignId);

    await page.locator('.mantine-Stepper-step', { hasText: 'Review' }).click();
    await page.getByText('Nothing blocks this campaign.').waitFor();
    expect(await page.getByText('Approval needed').count()).toBe(0);
    expect(await button('Request approval').count()).toBe(0);
    await button('Activate').click();
    await page.waitForURL((url) => url.pathname === `/campaigns/${copyId}`);
    await page.locator('[data-status="scheduled"]').waitFor();
  });

  it('shows a Campaign Viewer the campaigns without the ways to change them', async () => {
    const { page, button } = c;
    await c.addUser('viewer@example.test', 'viewer password 2026', 'campaignViewer');
    await c.signOut();
    await c.signIn('viewer@example.test', 'viewer password 2026');
    await page.goto(`${c.base}/campaigns/action`);
    await page.getByRole('table', { name: 'Action campaigns' }).waitFor();
    expect(await page.getByRole('link', { name: 'New campaign' }).count()).toBe(0);
    await page.goto(`${c.base}/campaigns/${autumnId}`);
    await page.getByRole('heading', { level: 2, name: 'Autumn teaser' }).waitFor();
    await page.getByRole('tab', { name: 'Report' }).waitFor();
    for (const name of ['More', 'Edit', 'Stop', 'Approve'])
      expect(await button(name).count()).toBe(0);
    await page.goto(`${c.base}/campaigns/new`);
    await page.getByText('You do not have access to creating campaigns').waitFor();
  });
});
