// The population targeting tests run on: 6 profiles with loyalty tiers and 10 purchases (the demo's
// `purchases` dataset, linked by email), loyalty cards linked by profile id (1-1) and reviews of
// purchases (a dataset linked to a dataset, N-1). Made through the HTTP API.
import { PURCHASES_DATASET } from '../../demo/purchases.ts';
import type { TestApp } from '../../http/testing.ts';
import { findSandboxByName } from '../../platform/sandboxes.ts';

export const PEOPLE = {
  ada: { email: 'ada@example.com', loyalty: { tier: 'gold', points: 1200 } },
  bob: { email: 'bob@example.com', loyalty: { tier: 'silver', points: 300 } },
  cy: { email: 'cy@example.com', loyalty: { tier: 'gold', points: 900 } },
  dee: { email: 'dee@example.com', loyalty: { tier: 'bronze', points: 50 } },
  eve: { email: 'eve@example.com', loyalty: { tier: 'silver', points: 20 } },
  fay: { email: 'fay@example.com', loyalty: null },
} as const;
export type Person = keyof typeof PEOPLE;

const DAY = 86_400_000;

/** order id, buyer's email as the shop wrote it, product, category, quantity, amount, days ago. */
const PURCHASES: [string, string, string, string, number, string, number][] = [
  ['O01', 'ada@example.com', 'Headlamp', 'gear', 1, '45.00', 10],
  ['O02', 'Ada@Example.com', 'Rain jacket', 'outerwear', 1, '189.00', 200],
  ['O03', 'ada@example.com', 'Yoga mat', 'fitness', 2, '70.00', 30],
  ['O04', 'bob@example.com', 'Water bottle', 'gear', 2, '39.00', 5],
  ['O05', 'bob@example.com', 'Backpack 30L', 'gear', 1, '149.00', 120],
  ['O06', 'cy@example.com', 'Trail running shoes', 'footwear', 1, '129.00', 100],
  ['O07', 'dee@example.com', 'Merino base layer', 'apparel', 1, '79.00', 2],
  ['O08', 'eve@example.com', 'Running socks (3 pairs)', 'apparel', 3, '74.70', 60],
  ['O09', 'ghost@example.com', 'Headlamp', 'gear', 1, '45.00', 1],
  ['O10', 'eve@example.com', 'Yoga mat', 'fitness', 1, '35.00', 89],
];

export interface TargetingFixture {
  sandboxId: string;
  ids: Record<Person, string>;
  /** The person whose id this is. */
  nameOf(id: unknown): Person;
  orderedAt(orderId: string): string;
}

export async function createTargetingFixture(t: TestApp): Promise<TargetingFixture> {
  const h = await t.keyHeaders('campaignAdministrator');
  const post = async (url: string, payload: object) => {
    const response = await t.app.inject({ method: 'POST', url, headers: h, payload });
    if (response.statusCode >= 300)
      throw new Error(`${url}: ${response.statusCode} ${response.body}`);
    return response.json<Record<string, unknown>>();
  };
  const ids = {} as Record<Person, string>;
  for (const [name, person] of Object.entries(PEOPLE) as [Person, (typeof PEOPLE)[Person]][]) {
    const created = await post('/profiles', {
      identities: [{ namespace: 'email', value: person.email }],
      attributes: person.loyalty ? { loyalty: person.loyalty } : { language: 'en' },
    });
    ids[name] = String(created.id);
  }
  const now = t.clock.now().getTime();
  const orderedAt = new Map(
    PURCHASES.map((p) => [p[0], new Date(now - p[6] * DAY).toISOString()] as const),
  );
  await post('/datasets', PURCHASES_DATASET);
  await post('/datasets/purchases/rows', {
    rows: PURCHASES.map(([order_id, customer_email, product, category, quantity, amount]) => ({
      order_id,
      customer_email,
      product,
      category,
      quantity,
      amount,
      currency: 'EUR',
      ordered_at: orderedAt.get(order_id),
    })),
  });
  await post('/datasets', {
    name: 'loyalty_cards',
    title: 'Loyalty cards',
    columns: [
      { name: 'card_no', type: 'string' },
      { name: 'holder', type: 'string' },
      { name: 'issued_on', type: 'date' },
    ],
    primaryKey: ['card_no'],
    link: { kind: 'profile', column: 'holder', by: 'profileId', cardinality: '1-1' },
  });
  await post('/datasets/loyalty_cards/rows', {
    rows: [
      { card_no: 'C1', holder: ids.ada, issued_on: '2024-03-01' },
      { card_no: 'C2', holder: ids.cy, issued_on: '2025-07-15' },
      { card_no: 'C3', holder: 'not-a-profile', issued_on: '2025-01-01' },
    ],
  });
  await post('/datasets', {
    name: 'reviews',
    title: 'Reviews',
    columns: [
      { name: 'review_id', type: 'string' },
      { name: 'order_id', type: 'string' },
      { name: 'stars', type: 'integer' },
    ],
    primaryKey: ['review_id'],
    link: { kind: 'dataset', dataset: 'purchases', columns: ['order_id'], cardinality: 'N-1' },
  });
  await post('/datasets/reviews/rows', {
    rows: [
      { review_id: 'R1', order_id: 'O01', stars: 5 },
      { review_id: 'R2', order_id: 'O01', stars: 3 },
      { review_id: 'R3', order_id: 'O04', stars: 4 },
      { review_id: 'R4', order_id: 'O99', stars: 1 },
    ],
  });
  const sandbox = await findSandboxByName(t.db, 'prod');
  if (!sandbox) throw new Error('no prod sandbox');
  const names = new Map(Object.entries(ids).map(([name, id]) => [id, name as Person]));
  return {
    sandboxId: sandbox.id,
    ids,
    nameOf(id) {
      const name = names.get(String(id));
      if (!name) throw new Error(`not a fixture profile: ${String(id)}`);
      return name;
    },
    orderedAt(orderId) {
      const at = orderedAt.get(orderId);
      if (!at) throw new Error(`no order ${orderId}`);
      return at;
    },
  };
}
