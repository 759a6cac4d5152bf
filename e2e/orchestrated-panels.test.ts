// The Wait form: a duration shown in hours, a date and time picked on the calendar (stored in
// UTC), and a time of day in a time zone chosen from the list; each saved as the model's shape.
// A Fork branch renamed in its form keeps the transition drawn from it. A Load file opened again
// later names the file it reads, as the server describes it, and is not marked as changed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_EMAIL, ADMIN_PASSWORD } from '../src/http/testing.ts';
import { openConsole, runSuite, type BrowserConsole } from './console.ts';
import { panelDriver } from './orchestrated-forms-driver.ts';

describe.skipIf(!runSuite)('orchestrated side panels: Wait, Fork, Load file', () => {
  let c: BrowserConsole;
  let headers: Record<string, string> = {};
  let campaignId = '';

  beforeAll(async () => {
    c = await openConsole('orchestrated-panels');
    headers = await c.t.adminHeaders();
    const created = await c.t.app.inject({
      method: 'POST',
      url: '/orchestrated-campaigns',
      headers,
      payload: { name: 'Pauses' },
    });
    expect(created.statusCode, created.body).toBe(201);
    campaignId = created.json<{ id: string }>().id;
  });
  afterAll(async () => {
    await c?.close();
  });

  const { add, choose, shot, connect } = panelDriver(() => c);
  const savedConfigs = async () => {
    await c.button('Save').click();
    await c.page.getByTestId('save-state').getByText('All changes saved').waitFor();
    const url = `/orchestrated-campaigns/${campaignId}`;
    const response = await c.t.app.inject({ method: 'GET', url, headers });
    const { definition } = response.json<{
      definition: { activities: { id: string; config: unknown }[] };
    }>();
    return Object.fromEntries(definition.activities.map((a) => [a.id, a.config]));
  };

  it('saves a duration, a calendar date and a time of day in a zone', async () => {
    const { page } = c;
    await page.goto(c.base);
    await c.signIn(ADMIN_EMAIL, ADMIN_PASSWORD);
    await page.goto(`${c.base}/campaigns/orchestrated/${campaignId}`);
    await page.getByRole('heading', { level: 2, name: /Pauses/ }).waitFor();

    const first = await add('Wait', 'wait1', 200, 160);
    await first.getByRole('textbox', { name: 'Minutes' }).fill('150');
    await first.getByText('2.5 hours').waitFor();

    const second = await add('Wait', 'wait2', 200, 320);
    await choose(second, 'Wait', 'Until a date and time');
    await second.getByRole('button', { name: 'Until (UTC)' }).click();
    const calendar = page.getByRole('dialog');
    const now = new Date();
    const month = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1));
    const monthName = month.toLocaleString('en-GB', { month: 'long', timeZone: 'UTC' });
    await calendar.getByRole('button', { name: 'Next month' }).click();
    await calendar
      .getByRole('button', { name: `3 ${monthName} ${month.getUTCFullYear()}`, exact: true })
      .click();
    // The picker starts at tomorrow 09:00; the day picked keeps that time.
    await calendar.getByRole('button', { name: 'Set until' }).click();

    const third = await add('Wait', 'wait3', 200, 480);
    await choose(third, 'Wait', 'Until a time of day');
    await third.getByLabel('Time of day', { exact: true }).fill('18:15');
    await third.getByLabel('Time zone', { exact: true }).fill('Tokyo');
    await page.getByRole('option', { name: 'Asia/Tokyo' }).click();
    await shot('01-time-of-day');

    const day = `${month.toISOString().slice(0, 8)}03`;
    expect(await savedConfigs()).toEqual({
      wait1: { kind: 'duration', minutes: 150 },
      wait2: { kind: 'until', at: `${day}T09:00:00Z` },
      wait3: { kind: 'timeOfDay', time: '18:15', zone: 'Asia/Tokyo' },
    });
  });

  it('moves a transition with the Fork branch it leaves when the branch is renamed', async () => {
    const { page } = c;
    const fork = await add('Fork', 'fork1', 520, 160);
    await add('Wait', 'wait4', 760, 160);
    await page.getByRole('button', { name: 'Close the settings' }).click();
    await connect('fork1', 'branch1', 'wait4');
    await page.locator('.react-flow__edge').first().waitFor();
    await page.getByTestId('activity-fork1').click();
    await fork.getByRole('textbox', { name: 'Branch 1' }).fill('vip');
    await c.button('Save').click();
    await page.getByTestId('save-state').getByText('All changes saved').waitFor();
    const url = `/orchestrated-campaigns/${campaignId}`;
    const response = await c.t.app.inject({ method: 'GET', url, headers });
    const { definition } = response.json<{
      definition: { transitions: { from: { activity: string; port: string }; to: string }[] };
    }>();
    expect(definition.transitions.map((t) => [t.from.activity, t.from.port, t.to])).toEqual([
      ['fork1', 'vip', 'wait4'],
    ]);
    await shot('02-renamed-branch');
  });

  it('names the file a Load file reads when the campaign is opened again', async () => {
    const { page } = c;
    const uploaded = await c.t.app.inject({
      method: 'POST',
      url: '/orchestrated-files?name=people.csv',
      headers: { ...headers, 'content-type': 'text/csv' },
      payload: 'email,points\nann@example.com,10\nben@example.com,20\n',
    });
    expect(uploaded.statusCode, uploaded.body).toBe(201);
    const fileId = uploaded.json<{ id: string }>().id;
    const patched = await c.t.app.inject({
      method: 'PATCH',
      url: `/orchestrated-campaigns/${campaignId}`,
      headers,
      payload: {
        definition: {
          version: 1,
          activities: [
            {
              id: 'loadFile1',
              kind: 'loadFile',
              label: 'People',
              position: { x: 200, y: 160 },
              config: {
                fileId,
                columns: [{ name: 'email', type: 'string' }],
                rejects: 'skip',
              },
            },
          ],
          transitions: [],
        },
      },
    });
    expect(patched.statusCode, patched.body).toBe(200);
    await page.reload();
    // Opened again, the stored workflow (its keys in the database's order) is not a change.
    await page.getByTestId('save-state').getByText('All changes saved').waitFor();
    await page.getByTestId('activity-loadFile1').click();
    const panel = page.getByRole('complementary', { name: 'Activity settings' });
    await panel.getByText('people.csv', { exact: true }).waitFor();
    await panel.getByText('2 lines', { exact: false }).waitFor();
    await shot('03-load-file-reopened');
  });
});
