// The rule builder's other conditions end to end: datasets with column filters, subscription
// lists, events with filters and an aggregate, other audiences, date presets in a time zone,
// lists of values; and the server's refusals shown where they apply (cycles, deleting an
// audience in use). Starts from the seeded profiles and one audience saved through the API.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_EMAIL, ADMIN_PASSWORD } from '../src/http/testing.ts';
import { builderOf, choose, GOLD_REACHABLE, newAudience, seed } from './audiences-seed.ts';
import { openConsole, runSuite, type BrowserConsole } from './console.ts';

describe.skipIf(!runSuite)('audience conditions console', () => {
  let c: BrowserConsole;
  let goldId = '';
  let listId = '';
  beforeAll(async () => {
    c = await openConsole('audience-conditions');
    ({ listId } = await seed(c));
    const saved = await c.t.app.inject({
      method: 'POST',
      url: '/audiences',
      headers: await c.t.keyHeaders('campaignAdministrator'),
      payload: { name: 'Gold, reachable', rule: GOLD_REACHABLE },
    });
    if (saved.statusCode !== 201) throw new Error(`saving Gold, reachable: ${saved.body}`);
    goldId = saved.json<{ id: string }>().id;
  });
  afterAll(async () => {
    await c?.close();
  });

  // The page exists once beforeAll has run.
  const liveCount = (text: string) => builderOf(c.page).liveCount(text);
  const condition = (name: string) => builderOf(c.page).condition(name);

  it('offers an editor for every kind of condition', async () => {
    const { page, nav, button, shot } = c;
    await page.goto(c.base);
    await c.signIn(ADMIN_EMAIL, ADMIN_PASSWORD);
    await nav().getByRole('link', { name: 'Audiences', exact: true }).click();
    await page.getByRole('table', { name: 'Audiences' }).getByText('Gold, reachable').waitFor();
    await newAudience(page, 'Rule builder');
    await page.getByRole('textbox', { name: 'Name', exact: true }).fill('Spenders or subscribers');
    const top = condition('Top group');
    const add = async (kind: string) => {
      await top.getByRole('button', { name: 'Add condition to the top group' }).click();
      await page.getByRole('menuitem', { name: kind, exact: true }).click();
    };

    await add('Dataset');
    const dataset = condition('Condition 1: Dataset');
    await choose(page, dataset.getByLabel('Dataset', { exact: true }), 'Purchases (purchases)');
    await dataset.getByRole('button', { name: 'Add column filter' }).click();
    const filter = dataset.getByRole('group', { name: 'Filter 1' });
    await choose(page, filter.getByLabel('Column', { exact: true }), 'amount');
    await choose(page, filter.getByLabel('Operator', { exact: true }), 'greater than');
    await filter.getByLabel('Value', { exact: true }).fill('50');
    await liveCount('2 profiles');

    await top.locator('label', { hasText: /^OR$/ }).first().click();
    await add('Subscription list');
    const list = condition('Condition 2: Subscription list');
    await choose(
      page,
      list.getByLabel('Subscription list', { exact: true }),
      'Newsletter (2 members)',
    );
    await liveCount('4 profiles');

    await add('Event');
    const event = condition('Condition 3: Event');
    await event.getByLabel('Event type', { exact: true }).fill('purchase');
    await page.keyboard.press('Escape');
    await event.getByLabel('Times', { exact: true }).fill('2');
    await choose(page, event.getByLabel('When', { exact: true }), 'In the last … days');
    await event.getByRole('button', { name: 'Add property filter' }).click();
    const property = event.getByRole('group', { name: 'Filter 1' });
    await property.getByLabel('Property', { exact: true }).fill('amount');
    await choose(page, property.getByLabel('Type', { exact: true }), 'Number');
    await choose(page, property.getByLabel('Operator', { exact: true }), 'greater than');
    await property.getByLabel('Value', { exact: true }).fill('10');
    await event.getByRole('switch', { name: /^Compare a sum, average/ }).check();
    await event.getByLabel('Of property', { exact: true }).fill('amount');
    await event.getByLabel('Amount', { exact: true }).fill('100');

    // The builder works from the keyboard: open the menu, walk down to its last entry.
    await top.getByRole('button', { name: 'Add condition to the top group' }).focus();
    await page.keyboard.press('Enter');
    const audienceItem = page.getByRole('menuitem', { name: 'Audience', exact: true });
    for (let i = 0; i < 10; i++) {
      if (await audienceItem.evaluate((item) => item === document.activeElement)) break;
      await page.keyboard.press('ArrowDown');
    }
    await shot('01-keyboard-menu');
    await page.keyboard.press('Enter');
    const member = condition('Condition 4: Audience');
    await choose(
      page,
      member.getByLabel('Members of audience', { exact: true }),
      'Gold, reachable',
    );
    await liveCount('4 profiles');

    // A path no profile has yet, typed as a date, relative to today in a time zone.
    await add('Attribute');
    const since = condition('Condition 5: Attribute');
    await since.getByLabel('Attribute', { exact: true }).fill('member.since');
    await page.keyboard.press('Escape');
    await choose(page, since.getByLabel('Type', { exact: true }), 'Date');
    await choose(page, since.getByLabel('Operator', { exact: true }), 'in the last … days');
    await since.getByLabel('Days', { exact: true }).fill('30');
    await since.getByLabel('Time zone', { exact: true }).fill('Paris');
    await page.getByRole('option', { name: 'Europe/Paris' }).click();
    await add('Attribute');
    const tiers = condition('Condition 6: Attribute');
    await tiers.getByLabel('Attribute', { exact: true }).fill('loyalty.tier');
    await page.keyboard.press('Escape');
    await choose(page, tiers.getByLabel('Operator', { exact: true }), 'is one of');
    await tiers.getByLabel('Values', { exact: true }).fill('platinum');
    await page.keyboard.press('Enter');
    await tiers.getByLabel('Values', { exact: true }).fill('diamond');
    await page.keyboard.press('Enter');
    await liveCount('4 profiles');
    await shot('02-every-kind', true);

    await button('Save audience').click();
    await page.getByRole('heading', { level: 2, name: 'Spenders or subscribers' }).waitFor();
    await page.getByRole('status', { name: 'Member count' }).getByText('4 profiles').waitFor();
    const summary = await page.getByRole('region', { name: 'Rule summary' }).textContent();
    for (const line of [
      'Any of:',
      'Has a row in purchases where amount greater than 50',
      'Subscribed to list Newsletter',
      'Event purchase at least 2 times in the last 30 days where amount greater than 10, sum of amount at least 100',
      'Member of audience Gold, reachable',
      'member.since in the last 30 days (Europe/Paris)',
      'loyalty.tier is one of platinum, diamond',
    ])
      expect(summary).toContain(line);
    await shot('03-every-kind-detail', true);
    const id = new URL(page.url()).pathname.split('/')[2] ?? '';
    const stored = await c.t.app.inject({
      method: 'GET',
      url: `/audiences/${id}`,
      headers: await c.t.adminHeaders(),
    });
    const number = { type: 'number', operator: 'gt' };
    expect(stored.json<{ rule: unknown }>().rule).toEqual({
      version: 1,
      root: {
        kind: 'group',
        op: 'or',
        children: [
          {
            kind: 'dataset',
            dataset: 'purchases',
            exists: true,
            where: [{ field: 'amount', ...number, value: 50 }],
          },
          { kind: 'subscription', listId },
          {
            kind: 'event',
            type: 'purchase',
            count: { comparison: 'gte', value: 2 },
            window: { lastDays: 30 },
            where: [{ field: 'amount', ...number, value: 10 }],
            aggregate: { fn: 'sum', field: 'amount', comparison: 'gte', value: 100 },
          },
          { kind: 'audience', audienceId: goldId },
          {
            kind: 'attribute',
            path: 'member.since',
            type: 'date',
            operator: 'inLastDays',
            days: 30,
            timezone: 'Europe/Paris',
          },
          {
            kind: 'attribute',
            path: 'loyalty.tier',
            type: 'string',
            operator: 'in',
            values: ['platinum', 'diamond'],
          },
        ],
      },
    });
  });

  it('shows what the server refuses where it applies', async () => {
    const { page, button, shot } = c;
    await page.goto(`${c.base}/audiences/${goldId}`);
    await page.getByRole('heading', { level: 2, name: 'Gold, reachable' }).waitFor();
    await button('Delete').click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete audience' }).click();
    await page.getByText('Used by: Spenders or subscribers.').waitFor();
    expect(new URL(page.url()).pathname).toBe(`/audiences/${goldId}`);

    // Gold, reachable may not contain an audience that contains it: the server names the node.
    await page.getByRole('link', { name: 'Edit' }).click();
    await liveCount('2 profiles');
    const top = condition('Top group');
    await top.getByRole('button', { name: 'Add condition to the top group' }).click();
    await page.getByRole('menuitem', { name: 'Audience', exact: true }).click();
    const cycle = condition('Condition 3: Audience');
    const options = cycle.getByLabel('Members of audience', { exact: true });
    await options.click();
    // An audience is never offered as a part of itself.
    expect(await page.getByRole('option', { name: 'Gold, reachable' }).count()).toBe(0);
    await page.getByRole('option', { name: 'Spenders or subscribers' }).click();
    await liveCount('2 profiles');
    await button('Save changes').click();
    await cycle
      .getByText('Refers back to this audience through Spenders or subscribers → Gold, reachable')
      .waitFor();
    await liveCount('2 profiles');
    await shot('04-server-error-in-place', true);
    await cycle.getByRole('button', { name: 'Remove condition 3' }).click();
    await page.getByRole('link', { name: 'Cancel' }).click();
    await page.getByRole('heading', { level: 2, name: 'Gold, reachable' }).waitFor();
  });
});
