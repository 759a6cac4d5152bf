// The loyalty workflow drawn in the console as a marketer would: six activities dragged from the
// palette, their ports joined, each configured in its side panel — Build audience (gold and
// silver members who bought in the last 90 days) → Enrichment (tier, total spend) → Split (gold /
// silver who spent 50 or more / the rest) → Email to gold with {{target.totalSpend}}, SMS to
// silver, Save audience for the rest. The saved definition is the intended one; a test run shows
// the counts of the API-level story on every transition; the published run sends, once confirmed,
// each person's own values, and saves the rest as an audience.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  deliverDueBatches,
  mailbox,
  mailboxConfiguration,
} from '../src/orchestration/channels/testing.ts';
import { storyDefinition, storyShoppers } from '../src/orchestration/testing/story.ts';
import { choose } from './audiences-seed.ts';
import { canvasHelpers } from './canvas.ts';
import { openConsole, runSuite, type BrowserConsole } from './console.ts';

const USER = { email: 'loyalty-approver@example.test', password: 'loyalty approver 2026' };
const GOLD_SUBJECT = '{{profile.name}}, thank you: {{target.totalSpend}} spent';
const GOLD_BODY = '<p>Dear {{profile.name}}, you spent {{target.totalSpend}} with us.</p>';
const SILVER_TEXT = '{{profile.name}}: {{target.totalSpend}} spent, here is 10% off';
/** The canvas checks the workflow after each edit, when the browser is idle. */
const SETTLED = { timeout: 10_000 };

describe.skipIf(!runSuite)('the loyalty workflow drawn on the canvas', () => {
  let c: BrowserConsole;
  let h: ReturnType<typeof canvasHelpers>;
  let headers: Record<string, string> = {};
  let campaignId = '';
  let emailConfigurationId = '';
  let smsConfigurationId = '';

  beforeAll(async () => {
    c = await openConsole('orchestrated-story');
    h = canvasHelpers(c);
    headers = await c.t.adminHeaders();
    await storyShoppers(c.t, headers);
    emailConfigurationId = (await mailboxConfiguration(c.t, headers, 'email', 'Loyalty email')).id;
    smsConfigurationId = (await mailboxConfiguration(c.t, headers, 'sms', 'Loyalty SMS')).id;
    await c.addUser(USER.email, USER.password, 'orchestratedCampaignApprover');
  });
  afterAll(async () => {
    await c?.close();
  });

  const panel = () => h.panel();
  const open = (id: string, label: string) => h.openActivity(id, label);
  const typeInEditor = (name: string, text: string) => h.typeInEditor(name, text);

  it('drags the six activities from the palette and joins them', async () => {
    const { page, button } = c;
    await page.goto(c.base);
    await c.signIn(USER.email, USER.password);
    await c.nav().getByRole('link', { name: 'Orchestrated', exact: true }).click();
    await button('New orchestrated campaign').first().click();
    await page.getByRole('textbox', { name: 'Name' }).fill('Loyalty thank-you');
    await button('Create and open the canvas').click();
    await page.waitForURL(/\/campaigns\/orchestrated\/[0-9a-f-]{36}$/);
    campaignId = new URL(page.url()).pathname.split('/')[3]!;
    await page.getByText('The workflow has no activity yet.').waitFor();

    // Zoomed out once, the four columns of the workflow fit beside the palette.
    await page.getByRole('button', { name: 'Zoom Out' }).click();
    await h.drop('Build audience', 110, 200);
    await h.drop('Enrichment', 310, 200);
    await h.drop('Split', 510, 200);
    await h.drop('Email', 720, 70);
    await h.drop('SMS', 720, 230);
    await h.drop('Save audience', 720, 390);
    for (const id of ['buildAudience1', 'enrichment1', 'split1', 'email1', 'sms1', 'saveAudience1'])
      await h.node(id).waitFor();
    await h.connect('buildAudience1', 'out', 'enrichment1');
    await h.connect('enrichment1', 'out', 'split1');
    await expect.poll(() => page.locator('.react-flow__edge').count()).toBe(2);
    await h.shot('01-dropped');
  });

  it('configures Build audience and Enrichment in their side panels', async () => {
    const { page } = c;
    await open('buildAudience1', 'Gold and silver buyers');
    const top = panel();
    await top.getByRole('button', { name: 'Add condition to the top group' }).click();
    await page.getByRole('menuitem', { name: 'Attribute', exact: true }).click();
    const tier = top.getByRole('group', { name: 'Condition 1: Attribute', exact: true });
    await tier.getByLabel('Attribute', { exact: true }).fill('loyalty.tier');
    await page.keyboard.press('Escape');
    await choose(page, tier.getByLabel('Operator', { exact: true }), 'is one of');
    for (const value of ['gold', 'silver']) {
      await tier.getByLabel('Values', { exact: true }).fill(value);
      await page.keyboard.press('Enter');
    }
    await top.getByRole('button', { name: 'Add condition to the top group' }).click();
    await page.getByRole('menuitem', { name: 'Dataset', exact: true }).click();
    const bought = top.getByRole('group', { name: 'Condition 2: Dataset', exact: true });
    await choose(page, bought.getByLabel('Dataset', { exact: true }), 'Purchases (purchases)');
    await bought.getByRole('button', { name: 'Add column filter' }).click();
    const recent = bought.getByRole('group', { name: 'Filter 1' });
    await choose(page, recent.getByLabel('Column', { exact: true }), 'ordered_at');
    await choose(page, recent.getByLabel('Operator', { exact: true }), 'in the last … days');
    await recent.getByLabel('Days', { exact: true }).fill('90');
    await expect
      .poll(() => h.node('buildAudience1').getAttribute('data-problems'), SETTLED)
      .toBe('0');
    await h.shot('02-build-audience');

    await open('enrichment1', 'Total spend');
    await panel().getByRole('button', { name: 'Add aggregate' }).click();
    const spend = panel().getByRole('group', { name: 'Aggregate 1' });
    await spend.getByLabel('Column name').fill('totalSpend');
    await choose(page, spend.getByLabel('Function'), 'Sum');
    await choose(page, spend.getByLabel('Column', { exact: true }), 'amount');
    await panel().getByRole('button', { name: 'Profile attribute' }).click();
    const tierColumn = panel().getByRole('group', { name: 'Attribute 1' });
    await tierColumn.getByLabel('Column name').fill('tier');
    await tierColumn.getByLabel('Profile attribute path').fill('loyalty.tier');
    await page.keyboard.press('Escape');
    await expect.poll(() => h.node('enrichment1').getAttribute('data-problems'), SETTLED).toBe('0');
    await h.shot('03-enrichment');
  });

  it('configures the Split with a subset per tier and the complement, then joins its ports', async () => {
    const { page } = c;
    await open('split1', 'By tier');
    /** A filter on a column of the incoming population, picked from those arriving: its type follows. */
    const filter = async (
      subset: number,
      n: number,
      column: string,
      rest: { type: string; operator?: string; value: string; shot?: string },
    ) => {
      const card = panel().getByRole('group', { name: `Subset ${subset}`, exact: true });
      await card.getByRole('button', { name: 'Add column filter' }).click();
      const row = card.getByRole('group', { name: `Filter ${n}`, exact: true });
      await row.getByLabel('Column', { exact: true }).click();
      // The Enrichment's columns arrive after the profile's key, each with its type.
      expect(await page.getByRole('option').allTextContents()).toEqual([
        'profile_idText',
        'tierText',
        'totalSpendNumber',
      ]);
      if (rest.shot) await h.shot(rest.shot);
      await page.getByRole('option', { name: new RegExp(`^${column}`) }).click();
      expect(await row.getByLabel('Type', { exact: true }).inputValue()).toBe(rest.type);
      if (rest.operator)
        await choose(page, row.getByLabel('Operator', { exact: true }), rest.operator);
      await row.getByLabel('Value', { exact: true }).fill(rest.value);
    };
    const subset = (n: number) => panel().getByRole('group', { name: `Subset ${n}`, exact: true });
    await subset(1).getByRole('textbox', { name: 'Subset 1' }).fill('Gold');
    await filter(1, 1, 'tier', { type: 'Text', value: 'gold', shot: '04-split-columns' });
    await panel().getByRole('button', { name: 'Add subset' }).click();
    await subset(2).getByRole('textbox', { name: 'Subset 2' }).fill('Silver, 50 or more');
    await filter(2, 1, 'tier', { type: 'Text', value: 'silver' });
    await filter(2, 2, 'totalSpend', { type: 'Number', operator: 'at least', value: '50' });
    const complement = panel().getByRole('switch', { name: /^Complement output/ });
    expect(await complement.isChecked()).toBe(true);
    await h.shot('04-split');
    await panel().getByRole('button', { name: 'Close the settings' }).click();
    await h.connect('split1', 'subset1', 'email1');
    await h.connect('split1', 'subset2', 'sms1');
    await h.connect('split1', 'complement', 'saveAudience1');
    await expect.poll(() => page.locator('.react-flow__edge').count()).toBe(5);
  });

  it('configures the Email, the SMS and Save audience, and saves the intended definition', async () => {
    const { page, button } = c;
    await open('email1', 'Thank gold members');
    await panel().getByRole('combobox', { name: 'Channel configuration' }).click();
    await page.getByRole('option', { name: 'Loyalty email' }).click();
    await panel().getByRole('textbox', { name: 'Subject' }).fill(GOLD_SUBJECT);
    await typeInEditor('Body (HTML)', GOLD_BODY);
    await expect.poll(() => h.node('email1').getAttribute('data-problems'), SETTLED).toBe('0');
    await h.shot('05-email');

    await open('sms1', 'Offer to silver members');
    await panel().getByRole('combobox', { name: 'Channel configuration' }).click();
    await page.getByRole('option', { name: 'Loyalty SMS' }).click();
    await typeInEditor('Message', SILVER_TEXT);
    await expect.poll(() => h.node('sms1').getAttribute('data-problems'), SETTLED).toBe('0');

    await open('saveAudience1', 'Keep the rest');
    await panel().getByRole('textbox', { name: 'Audience name' }).fill('Low spenders');
    await panel().getByRole('button', { name: 'Close the settings' }).click();

    await button('Save').click();
    await page.getByTestId('save-state').getByText('All changes saved').waitFor();
    await h.shot('06-saved');

    const { status, definition } = await h.stored(campaignId, headers);
    expect(status).toBe('draft');
    const intended = storyDefinition(emailConfigurationId, smsConfigurationId);
    const ids: Record<string, string> = {
      build: 'buildAudience1',
      enrich: 'enrichment1',
      split: 'split1',
      email: 'email1',
      sms: 'sms1',
      save: 'saveAudience1',
    };
    // Split ports are named by the console (subset1, subset2); the story names them gold, silver.
    const ports: Record<string, string> = { gold: 'subset1', silver: 'subset2' };
    expect(definition.activities.map((a) => [a.id, a.kind, a.label])).toEqual(
      intended.activities.map((a) => [ids[a.id], a.kind, a.label]),
    );
    expect(definition.transitions).toEqual(
      intended.transitions.map((t) => ({
        id: t.id,
        from: { activity: ids[t.from.activity], port: ports[t.from.port] ?? t.from.port },
        to: ids[t.to],
      })),
    );
    const configs = definition.activities.map((a) => a.config);
    const expected = intended.activities.map((a) => {
      if (a.kind === 'split')
        return {
          ...a.config,
          subsets: a.config.subsets.map((s) => ({ ...s, key: ports[s.key] ?? s.key })),
        };
      // The console's email starts with an empty preheader, left as it is.
      if (a.kind === 'email')
        return { ...a.config, content: { ...a.config.content, preheader: '' } };
      return a.config;
    });
    expect(configs).toEqual(expected);
  });

  it('runs a test run: the counts of the story on every transition', async () => {
    const { page, button } = c;
    await button('Test run').click();
    await page.getByText('The test run has started', { exact: false }).waitFor();
    await h.drain();
    // Gold and silver buyers: Ann, Cid, Dee, Eve. Gold: Ann, Cid; silver at 50 or more: Dee.
    const counts = { t1: '4', t2: '4', t3: '2', t4: '1', t5: '1' };
    for (const [transition, count] of Object.entries(counts))
      await expect
        .poll(() => page.getByTestId(`count-${transition}`).textContent(), { timeout: 30_000 })
        .toBe(count);
    for (const id of ['buildAudience1', 'enrichment1', 'split1', 'email1', 'sms1', 'saveAudience1'])
      await expect.poll(() => h.node(id).getAttribute('data-status')).toBe('done');
    // The finished test run leaves nothing to stop; its Split's rows are named by their subsets.
    await expect.poll(() => button('Stop').count(), SETTLED).toBe(0);
    await expect
      .poll(() => page.getByTestId('rows-out-split1').textContent())
      .toBe('Gold: 2 · Silver, 50 or more: 1 · Complement: 1');
    await h.shot('07-test-run', true);
    await deliverDueBatches(c.t);
    expect(await mailbox(c.t, headers, 'email')).toEqual([]);
    expect(await mailbox(c.t, headers, 'sms')).toEqual([]);
  });

  it('publishes, confirms the Email and the SMS, and delivers each person’s values', async () => {
    const { page, button } = c;
    await button('Publish').click();
    await page.getByRole('dialog').getByRole('button', { name: 'Publish' }).click();
    await page.locator('[data-status="live"]').first().waitFor();
    await h.drain();
    for (const id of ['email1', 'sms1'])
      await expect
        .poll(() => h.node(id).getAttribute('data-status'), { timeout: 20_000 })
        .toBe('needsAttention');
    await page.getByRole('tab', { name: 'Tasks & logs' }).click();
    await h.shot('08-confirm-sending', true);
    for (const id of ['email1', 'sms1']) {
      await page.getByTestId(`task-${id}`).getByRole('button', { name: 'Confirm sending' }).click();
      await page.getByText('Sending confirmed.').first().waitFor();
      await page.locator('.mantine-Notification-closeButton').first().click();
    }
    await h.drain();
    await deliverDueBatches(c.t);
    for (const id of ['email1', 'sms1', 'saveAudience1'])
      await expect
        .poll(() => h.node(id).getAttribute('data-status'), { timeout: 20_000 })
        .toBe('done');
    // Cid is gold too, but has no email consent.
    expect(await mailbox(c.t, headers, 'email')).toEqual([
      expect.stringMatching(
        /^ann@example\.com \| Ann, thank you: 200 spent \| Dear Ann, you spent 200/,
      ),
    ]);
    expect(await mailbox(c.t, headers, 'sms')).toEqual([
      '+33600000003 |  | Dee: 80 spent, here is 10% off',
    ]);
    expect(await savedMembers('Low spenders')).toEqual([await profileOf('eve@example.com')]);
    await h.shot('09-published-run', true);
  });

  async function get<T>(url: string): Promise<T> {
    const response = await c.t.app.inject({ method: 'GET', url, headers });
    expect(response.statusCode, response.body).toBe(200);
    return response.json<T>();
  }
  async function profileOf(email: string): Promise<string> {
    return (await get<{ id: string }>(`/profiles/lookup?namespace=email&value=${email}`)).id;
  }
  /** The profile ids of a saved audience's members. */
  async function savedMembers(name: string): Promise<string[]> {
    const list = await get<{ items: { id: string; name: string }[] }>(
      `/audiences?q=${encodeURIComponent(name)}`,
    );
    const audience = list.items.find((a) => a.name === name);
    expect(audience, `audience ${name}`).toBeDefined();
    const members = await get<{ items: { profileId: string }[] }>(
      `/audiences/${audience!.id}/members`,
    );
    return members.items.map((m) => m.profileId).sort();
  }
});
