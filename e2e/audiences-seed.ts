// What the audiences browser test starts from: six profiles with known tiers and consent, a
// purchases dataset linked to them, a newsletter list; and a helper for Mantine selects.
import type { Locator, Page } from 'playwright-core';
import type { BrowserConsole } from './console.ts';

// name, tier, email consent. Gold and (email y or silver): anna and carla.
const PEOPLE = [
  ['anna', 'Anna', 'gold', 'y'],
  ['ben', 'Ben', 'gold', 'n'],
  ['carla', 'Carla', 'gold', 'y'],
  ['dan', 'Dan', 'silver', 'y'],
  ['eve', 'Eve', 'silver', 'n'],
  ['fay', 'Fay', 'bronze', 'y'],
] as const;
// Purchases over 50: anna and dan. The newsletter: ben and carla.
const PURCHASES = [
  { order_id: 'A-1', email: 'anna@example.test', amount: 80 },
  { order_id: 'A-2', email: 'anna@example.test', amount: 30 },
  { order_id: 'D-1', email: 'dan@example.test', amount: 120 },
  { order_id: 'E-1', email: 'eve@example.test', amount: 10 },
];
export const GOLD_REACHABLE = {
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
      {
        kind: 'group',
        op: 'or',
        children: [
          { kind: 'consent', channel: 'email', status: 'y' },
          {
            kind: 'attribute',
            path: 'loyalty.tier',
            type: 'string',
            operator: 'equals',
            value: 'silver',
          },
        ],
      },
    ],
  },
};

/** Seeds through the API; returns the newsletter's id. */
export async function seed(c: BrowserConsole): Promise<{ listId: string }> {
  const headers = await c.t.keyHeaders('campaignAdministrator');
  const post = async (url: string, payload: Record<string, unknown>) => {
    const response = await c.t.app.inject({ method: 'POST', url, headers, payload });
    if (response.statusCode >= 300) throw new Error(`POST ${url}: ${response.body}`);
    return response.json<{ id: string }>();
  };
  const ids: Record<string, string> = {};
  for (const [id, firstName, tier, email] of PEOPLE) {
    const profile = await post('/profiles', {
      identities: [{ namespace: 'email', value: `${id}@example.test` }],
      attributes: { person: { name: { firstName } }, loyalty: { tier } },
      consent: { email },
    });
    ids[id] = profile.id;
  }
  await post('/datasets', {
    name: 'purchases',
    title: 'Purchases',
    columns: [
      { name: 'order_id', type: 'string' },
      { name: 'email', type: 'string' },
      { name: 'amount', type: 'decimal' },
    ],
    primaryKey: ['order_id'],
    link: { kind: 'profile', column: 'email', by: 'email', cardinality: 'N-1' },
  });
  await post('/datasets/purchases/rows', { rows: PURCHASES });
  const list = await post('/subscription-lists', { name: 'Newsletter' });
  for (const who of ['ben', 'carla']) {
    const added = await c.t.app.inject({
      method: 'POST',
      url: `/subscription-lists/${list.id}/members`,
      headers,
      payload: { profileId: ids[who] },
    });
    if (added.statusCode !== 204) throw new Error(`subscribing ${who}: ${added.body}`);
  }
  return { listId: list.id };
}

/** Picks an option of a Mantine select (its list opens in a portal). */
export async function choose(page: Page, select: Locator, option: string): Promise<void> {
  await select.click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

/** Opens the "New audience" menu of the audiences list and picks one way to make one. */
export async function newAudience(
  page: Page,
  way: 'Rule builder' | 'Upload a CSV' | 'Combine audiences',
): Promise<void> {
  await page.getByRole('button', { name: 'New audience' }).first().click();
  await page.getByRole('menuitem', { name: way }).click();
}

/** The rule builder's parts as tests reach them. */
export function builderOf(page: Page) {
  const live = () => page.getByRole('region', { name: 'Live count' });
  return {
    live,
    /** The count once the rule has settled and been counted (not the previous one, kept on screen). */
    liveCount: (text: string) =>
      live()
        .locator('[role="status"][aria-busy="false"]')
        .getByText(text, { exact: true })
        .waitFor(),
    /** A card of the tree: "Top group", "Group 2", "Condition 2.1: Consent"… */
    condition: (name: string) => page.getByRole('group', { name, exact: true }),
  };
}
