// Audiences in the console end to end: build a nested rule with a live count, save it, read it
// back in the editor, and what a Campaign Viewer may do. Profiles are seeded through the API so
// counts are known. Every other kind of condition: audience-conditions.test.ts.
import type { Locator } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_EMAIL, ADMIN_PASSWORD } from '../src/http/testing.ts';
import { builderOf, choose, GOLD_REACHABLE, newAudience, seed } from './audiences-seed.ts';
import { openConsole, runSuite, type BrowserConsole } from './console.ts';

const VIEWER = { email: 'reader@example.test', password: 'reader password 2026' };

describe.skipIf(!runSuite)('audiences console', () => {
  let c: BrowserConsole;
  let goldId = '';
  beforeAll(async () => {
    c = await openConsole('audiences');
    await seed(c);
  });
  afterAll(async () => {
    await c?.close();
  });

  // The page exists once beforeAll has run.
  const live = () => builderOf(c.page).live();
  const liveCount = (text: string) => builderOf(c.page).liveCount(text);
  const condition = (name: string) => builderOf(c.page).condition(name);

  /** Fills an attribute condition: path (its type comes from the catalog) and a value. */
  async function attribute(card: Locator, path: string, value: string): Promise<void> {
    await card.getByLabel('Attribute', { exact: true }).fill(path);
    await c.page.keyboard.press('Escape');
    await card.getByLabel('Value', { exact: true }).fill(value);
  }

  it('builds a nested rule with a live count, saves it and reads it back', async () => {
    const { page, nav, button, shot } = c;
    await page.goto(c.base);
    await c.signIn(ADMIN_EMAIL, ADMIN_PASSWORD);
    await nav().getByRole('link', { name: 'Audiences', exact: true }).click();
    await page.getByRole('heading', { level: 2, name: 'Audiences' }).waitFor();
    await page.getByText('No audiences yet').waitFor();
    await shot('01-empty');

    await newAudience(page, 'Rule builder');
    await page.getByRole('heading', { level: 2, name: 'Create audience' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/audiences/new');
    await page.getByRole('textbox', { name: 'Name', exact: true }).fill('Gold, reachable');
    await page.getByLabel('Description').fill('Gold members we may email, and gold-silver.');
    await live().getByText('Complete the rule to see who matches.').waitFor();

    const top = condition('Top group');
    await top.getByRole('button', { name: 'Add condition to the top group' }).click();
    await page.getByRole('menuitem', { name: 'Attribute' }).click();
    const first = condition('Condition 1: Attribute');
    await first.getByLabel('Attribute', { exact: true }).fill('loyalty.tier');
    await page.keyboard.press('Escape');
    expect(await first.getByLabel('Type', { exact: true }).inputValue()).toBe('Text');
    // Problems are shown on request (or on save), on the field they concern.
    await live().getByRole('button', { name: 'Show what is missing' }).click();
    await first.getByText('Is required for equals').waitFor();
    await shot('02-missing-value');
    await first.getByLabel('Value', { exact: true }).fill('gold');
    await liveCount('3 profiles');

    await top.getByRole('button', { name: 'Add group to the top group' }).click();
    const nested = condition('Group 2');
    expect(await nested.getByRole('radio', { name: 'OR' }).isChecked()).toBe(true);
    await nested.getByRole('button', { name: 'Add condition to group 2' }).click();
    await page.getByRole('menuitem', { name: 'Consent' }).click();
    const consent = condition('Condition 2.1: Consent');
    await choose(page, consent.getByLabel('Channel', { exact: true }), 'Email');
    await choose(page, consent.getByLabel('Consent status', { exact: true }), 'Opted in (y)');
    await nested.getByRole('button', { name: 'Add condition to group 2' }).click();
    await page.getByRole('menuitem', { name: 'Attribute' }).click();
    await attribute(condition('Condition 2.2: Attribute'), 'loyalty.tier', 'silver');

    await liveCount('2 profiles');
    await live()
      .getByText(/^counted in [\d.]+ ms$/)
      .waitFor();
    const sample = live().getByRole('table', { name: 'Sample members' });
    await sample.getByText('carla@example.test').waitFor();
    expect(await sample.locator('tbody tr').count()).toBe(2);
    expect(await sample.textContent()).toContain('Anna');
    await live().getByRole('button', { name: 'Show SQL' }).click();
    expect(await live().getByLabel('Audience SQL').textContent()).toContain("'gold'");
    await shot('03-builder', true);

    await button('Save audience').click();
    await page.getByRole('heading', { level: 2, name: 'Gold, reachable' }).waitFor();
    expect(new URL(page.url()).pathname).toMatch(/^\/audiences\/[0-9a-f-]{36}$/);
    goldId = new URL(page.url()).pathname.split('/')[2] ?? '';
    const members = page.getByRole('status', { name: 'Member count' });
    await members.getByText('2 profiles', { exact: true }).waitFor();
    await members.getByText(/^counted in [\d.]+ ms$/).waitFor();
    const summary = await page.getByRole('region', { name: 'Rule summary' }).textContent();
    for (const line of [
      'All of:',
      'loyalty.tier equals gold',
      'Any of:',
      'Consent email = y',
      'loyalty.tier equals silver',
    ])
      expect(summary).toContain(line);
    await button('Take snapshot').click();
    const snapshots = page.getByRole('table', { name: 'Snapshots' });
    await snapshots.getByRole('cell', { name: /^2\s*in [\d.]+ ms$/ }).waitFor();
    await shot('04-detail', true);

    const stored = await c.t.app.inject({
      method: 'GET',
      url: `/audiences/${goldId}`,
      headers: await c.t.adminHeaders(),
    });
    expect(stored.json<{ rule: unknown }>().rule).toEqual(GOLD_REACHABLE);

    await page.getByRole('link', { name: 'Edit' }).click();
    await page.getByRole('heading', { level: 2, name: 'Edit Gold, reachable' }).waitFor();
    await liveCount('2 profiles');
    const field = (card: Locator, name: string) =>
      card.getByLabel(name, { exact: true }).inputValue();
    expect(await page.getByRole('textbox', { name: 'Name', exact: true }).inputValue()).toBe(
      'Gold, reachable',
    );
    expect(
      await condition('Top group').getByRole('radio', { name: 'AND' }).first().isChecked(),
    ).toBe(true);
    for (const [name, value] of [
      ['Condition 1: Attribute', 'gold'],
      ['Condition 2.2: Attribute', 'silver'],
    ] as const) {
      expect(await field(condition(name), 'Attribute')).toBe('loyalty.tier');
      expect(await field(condition(name), 'Type')).toBe('Text');
      expect(await field(condition(name), 'Operator')).toBe('equals');
      expect(await field(condition(name), 'Value')).toBe(value);
    }
    expect(await condition('Group 2').getByRole('radio', { name: 'OR' }).isChecked()).toBe(true);
    expect(await field(condition('Condition 2.1: Consent'), 'Channel')).toBe('Email');
    expect(await field(condition('Condition 2.1: Consent'), 'Consent status')).toBe('Opted in (y)');
    await shot('05-edit', true);
  });

  it('shows a Campaign Viewer audiences without write actions', async () => {
    const { page, nav, shot } = c;
    await c.addUser(VIEWER.email, VIEWER.password, 'campaignViewer');
    await c.signOut();
    await c.signIn(VIEWER.email, VIEWER.password);
    await nav().getByRole('link', { name: 'Audiences', exact: true }).click();
    await page.getByRole('link', { name: 'Gold, reachable' }).click();
    await page.getByRole('status', { name: 'Member count' }).getByText('2 profiles').waitFor();
    for (const name of ['Delete', 'Take snapshot'])
      expect(await page.getByRole('button', { name }).count(), name).toBe(0);
    expect(await page.getByRole('link', { name: 'Edit' }).count()).toBe(0);
    await shot('06-viewer-detail');
    await nav().getByRole('link', { name: 'Audiences', exact: true }).click();
    await page.getByRole('table', { name: 'Audiences' }).getByText('Gold, reachable').waitFor();
    expect(await page.getByRole('button', { name: 'New audience' }).count()).toBe(0);
    for (const path of [
      '/audiences/new',
      '/audiences/new/upload',
      '/audiences/new/combination',
      `/audiences/${goldId}/edit`,
    ]) {
      await page.goto(`${c.base}${path}`);
      await page.getByText(/you do not have access/i).waitFor();
    }
  });
});
