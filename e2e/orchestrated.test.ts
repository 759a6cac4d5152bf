// Orchestrated campaigns in the console end to end: an approver creates a campaign, drags Build
// audience and Email from the palette onto the canvas, joins them, configures each in the side
// panel (a rule from the audience builder; a channel configuration and a subject that uses
// target.*), saves, and the definition read back through the API is the drawn one. With the engine
// and the API in place, a test run shows the rows on the transition and the tasks with their logs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  deliverDueBatches,
  mailbox,
  mailboxConfiguration,
} from '../src/orchestration/channels/testing.ts';
import { storyShoppers } from '../src/orchestration/testing/story.ts';
import { canvasHelpers } from './canvas.ts';
import { openConsole, runSuite, type BrowserConsole } from './console.ts';

const USER = { email: 'workflow-approver@example.test', password: 'workflow approver 2026' };

describe.skipIf(!runSuite)('orchestrated campaigns console', () => {
  let c: BrowserConsole;
  let headers: Record<string, string> = {};
  let campaignId = '';
  let configurationId = '';

  beforeAll(async () => {
    c = await openConsole('orchestrated');
    helpers = canvasHelpers(c);
    headers = await c.t.adminHeaders();
    await storyShoppers(c.t, headers);
    configurationId = (await mailboxConfiguration(c.t, headers, 'email', 'Loyalty mailbox')).id;
    await c.addUser(USER.email, USER.password, 'orchestratedCampaignApprover');
  });
  afterAll(async () => {
    await c?.close();
  });

  // Bound once the console is open.
  let helpers: ReturnType<typeof canvasHelpers>;
  const shot = (name: string) => helpers.shot(name);
  const stored = () => helpers.stored(campaignId, headers);
  const drain = () => helpers.drain();
  const node = (id: string) => helpers.node(id);
  const drop = (label: string, x: number, y: number) => helpers.drop(label, x, y);
  const connect = (from: string, port: string, to: string) => helpers.connect(from, port, to);

  it('draws Build audience → Email by drag and drop and saves the definition', async () => {
    const { page, button } = c;
    await page.goto(c.base);
    await c.signIn(USER.email, USER.password);
    // Orchestrated campaigns are the only campaigns this role opens: the entry stands alone.
    await c.nav().getByRole('link', { name: 'Orchestrated', exact: true }).click();
    await page.getByRole('heading', { level: 2, name: 'Orchestrated campaigns' }).waitFor();
    await page.getByText('No orchestrated campaigns yet').waitFor();
    await shot('01-empty-list');

    await button('New orchestrated campaign').first().click();
    await page.getByRole('textbox', { name: 'Name' }).fill('Gold members');
    await button('Create and open the canvas').click();
    await page.waitForURL(/\/campaigns\/orchestrated\/[0-9a-f-]{36}$/);
    campaignId = new URL(page.url()).pathname.split('/')[3]!;
    await page.getByRole('heading', { level: 2, name: /Gold members/ }).waitFor();
    await page.getByText('The workflow has no activity yet.').waitFor();

    await drop('Build audience', 260, 160);
    await node('buildAudience1').waitFor();
    await drop('Email', 640, 200);
    await node('email1').waitFor();
    await page.getByTestId('save-state').getByText('Unsaved changes').waitFor();
    await connect('buildAudience1', 'out', 'email1');
    await page.locator('.react-flow__edge').first().waitFor();

    // Build audience: gold members, from the audience rule builder in the side panel.
    await node('buildAudience1').click();
    const panel = page.getByRole('complementary', { name: 'Activity settings' });
    await panel.getByRole('textbox', { name: 'Label' }).fill('Gold members');
    await panel.getByRole('button', { name: 'Add condition to the top group' }).click();
    await page.getByRole('menuitem', { name: 'Attribute' }).click();
    const condition = panel.getByRole('group', { name: 'Condition 1: Attribute', exact: true });
    await condition.getByLabel('Attribute', { exact: true }).fill('loyalty.tier');
    await page.keyboard.press('Escape');
    await condition.getByLabel('Value', { exact: true }).fill('gold');
    await shot('02-build-audience-panel');

    // Email: the configuration, and a subject with a worktable column.
    await panel.getByRole('button', { name: 'Close the settings' }).click();
    await node('email1').click();
    await panel.getByRole('combobox', { name: 'Channel configuration' }).click();
    await page.getByRole('option', { name: /Loyalty mailbox/ }).click();
    await panel
      .getByRole('textbox', { name: 'Subject' })
      .fill('Thank you {{profile.person.name.firstName}}');
    await expect.poll(() => node('email1').getAttribute('data-problems')).toBe('0');
    await shot('03-email-panel');

    await button('Save').click();
    await page.getByTestId('save-state').getByText('All changes saved').waitFor();
    const saved = await stored();
    expect(saved.status).toBe('draft');
    const definition = saved.definition as {
      activities: { id: string; kind: string; label: string; config: Record<string, unknown> }[];
      transitions: unknown[];
    };
    expect(definition.activities.map((a) => [a.id, a.kind, a.label])).toEqual([
      ['buildAudience1', 'buildAudience', 'Gold members'],
      ['email1', 'email', 'Email'],
    ]);
    expect(definition.transitions).toEqual([
      { id: 't1', from: { activity: 'buildAudience1', port: 'out' }, to: 'email1' },
    ]);
    expect(definition.activities[0]!.config).toEqual({
      dimension: { kind: 'profiles' },
      targeting: {
        rule: {
          version: 1,
          root: {
            kind: 'group',
            op: 'and',
            children: [
              {
                kind: 'attribute',
                path: 'loyalty.tier',
                type: 'string',
                operator: 'equals',
                value: 'gold',
              },
            ],
          },
        },
      },
    });
    expect(definition.activities[1]!.config).toMatchObject({
      configurationId,
      category: 'marketing',
      confirmSending: true,
      content: { subject: 'Thank you {{profile.person.name.firstName}}' },
    });
    await page.locator('.react-flow__pane').click({ position: { x: 40, y: 40 } });
    await shot('04-saved-canvas');
  });

  it('copies and pastes an activity with a new id, and deletes it', async () => {
    const { page } = c;
    await node('email1').click();
    await page.keyboard.press('Control+c');
    await page.keyboard.press('Control+v');
    await node('email2').waitFor();
    await page.getByTestId('save-state').getByText('Unsaved changes').waitFor();
    await page.keyboard.press('Delete');
    await expect.poll(() => node('email2').count()).toBe(0);
    await page.getByTestId('save-state').getByText('All changes saved').waitFor();
  });

  it('runs a test run and shows the rows on the transition', async () => {
    const { page, button } = c;
    await button('Test run').click();
    await page.getByText('The test run has started', { exact: false }).waitFor();
    await drain();
    await expect
      .poll(() => page.getByTestId('count-t1').textContent(), { timeout: 30_000 })
      .toBe('3');
    await expect.poll(() => node('buildAudience1').getAttribute('data-status')).toBe('done');
    await page.getByTestId('task-buildAudience1').waitFor();
    await page.getByRole('button', { name: 'Show the logs of buildAudience1' }).click();
    await page.getByRole('log', { name: 'Logs of buildAudience1' }).waitFor();
    await shot('05-test-run');
    await page.getByTestId('count-t1').click();
    const preview = page.getByRole('region', { name: 'Transition preview' });
    await preview.getByText('3 rows').waitFor();
    await shot('06-transition-preview');
  });

  it('publishes, and sends once sending is confirmed', async () => {
    const { page, button } = c;
    await page.getByRole('button', { name: 'Close the preview' }).click();
    await button('Publish').click();
    await page.getByRole('dialog').getByRole('button', { name: 'Publish' }).click();
    await page.locator('[data-status="live"]').first().waitFor();
    expect((await stored()).status).toBe('live');
    await drain();
    // The live run of a one-shot campaign waits for a person before its email goes out.
    await expect
      .poll(() => node('email1').getAttribute('data-status'), { timeout: 20_000 })
      .toBe('needsAttention');
    await page.getByRole('tab', { name: 'Tasks & logs' }).click();
    await shot('07-confirm-sending');
    await page.getByTestId('task-email1').getByRole('button', { name: 'Confirm sending' }).click();
    await page.getByText('Sending confirmed.').waitFor();
    await drain();
    await deliverDueBatches(c.t);
    await expect
      .poll(() => node('email1').getAttribute('data-status'), { timeout: 20_000 })
      .toBe('done');
    // Gold members with email consent: Ann and Bob (Cid has none).
    expect(
      (await mailbox(c.t, headers, 'email')).map((line) => line.split(' | ')[0]).sort(),
    ).toEqual(['ann@example.com', 'bob@example.com']);
    await page.getByRole('tab', { name: 'Reports' }).click();
    const report = page.getByRole('table', { name: 'Channel reports' });
    // Run 2 (live), the email: 3 targeted, 1 excluded (Cid has no email consent), 2 sent.
    await report.getByRole('row', { name: /^2 live Email completed 3 1 2 / }).waitFor();
    await shot('08-published-run');
  });
});
