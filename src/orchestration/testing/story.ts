// The loyalty story's data and workflow: seven shoppers with tiers, addresses, consent and
// purchases, and the definition Build audience → Enrichment → Split → Email / SMS / Save audience.
import { expect } from 'vitest';
import type { TestApp } from '../../http/testing.ts';
import type { Activity, WorkflowDefinition } from '../model.ts';

export type Headers = Record<string, string>;

const DAY = 86_400_000;

/** name, tier, email consent, purchases as [amount, days ago]. */
const SHOPPERS: [string, string, 'y' | 'n', [number, number][]][] = [
  [
    'Ann',
    'gold',
    'y',
    [
      [120, 10],
      [80, 40],
    ],
  ],
  ['Bob', 'gold', 'y', [[30, 200]]], // no purchase in the last 90 days
  ['Cid', 'gold', 'n', [[50, 5]]], // no email consent: excluded from the send, with its reason
  [
    'Dee',
    'silver',
    'y',
    [
      [70, 20],
      [10, 100],
    ],
  ],
  ['Eve', 'silver', 'y', [[20, 30]]], // spent under 50: the rest
  ['Fay', 'bronze', 'y', [[500, 1]]],
  ['Gus', 'silver', 'y', []],
];

export async function storyShoppers(t: TestApp, h: Headers): Promise<void> {
  const dataset = await t.app.inject({
    method: 'POST',
    url: '/datasets',
    headers: h,
    payload: {
      name: 'purchases',
      title: 'Purchases',
      columns: [
        { name: 'order_id', type: 'string' },
        { name: 'customer_email', type: 'string' },
        { name: 'amount', type: 'decimal' },
        { name: 'ordered_at', type: 'timestamp' },
      ],
      primaryKey: ['order_id'],
      link: { kind: 'profile', column: 'customer_email', by: 'email', cardinality: 'N-1' },
    },
  });
  expect(dataset.statusCode, dataset.body).toBe(201);
  const now = t.clock.now().getTime();
  const rows: Record<string, string | number>[] = [];
  for (const [index, [name, tier, consent, purchases]] of SHOPPERS.entries()) {
    const email = `${name.toLowerCase()}@example.com`;
    const profile = await t.app.inject({
      method: 'POST',
      url: '/profiles',
      headers: h,
      payload: {
        identities: [
          { namespace: 'email', value: email },
          { namespace: 'phone', value: `+3360000000${index}` },
        ],
        attributes: { name, loyalty: { tier } },
        consent: { email: consent, sms: 'y' },
      },
    });
    expect(profile.statusCode, profile.body).toBe(201);
    purchases.forEach(([amount, daysAgo], n) =>
      rows.push({
        order_id: `${name}-${n}`,
        customer_email: email,
        amount,
        ordered_at: new Date(now - daysAgo * DAY).toISOString(),
      }),
    );
  }
  const inserted = await t.app.inject({
    method: 'POST',
    url: '/datasets/purchases/rows',
    headers: h,
    payload: { rows },
  });
  expect(inserted.statusCode, inserted.body).toBeLessThan(300);
}

const at = (x: number, y = 0) => ({ x, y });

/** Build audience (gold and silver loyalty members who bought in the last 90 days) → Enrichment (tier, total spend). */
export function loyaltyTargeting(): Activity[] {
  return [
    {
      id: 'build',
      kind: 'buildAudience',
      label: 'Gold and silver buyers',
      position: at(0),
      config: {
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
                  operator: 'in',
                  values: ['gold', 'silver'],
                },
                {
                  kind: 'dataset',
                  dataset: 'purchases',
                  exists: true,
                  where: [{ field: 'ordered_at', type: 'date', operator: 'inLastDays', days: 90 }],
                },
              ],
            },
          },
        },
      },
    },
    {
      id: 'enrich',
      kind: 'enrichment',
      label: 'Total spend',
      position: at(220),
      config: {
        attributes: [{ name: 'tier', source: { kind: 'profile', path: 'loyalty.tier' } }],
        aggregates: [{ name: 'totalSpend', dataset: 'purchases', fn: 'sum', column: 'amount' }],
        collected: [],
      },
    },
  ];
}

export function storyDefinition(emailConfigurationId: string, smsConfigurationId: string) {
  const definition: WorkflowDefinition = {
    version: 1,
    activities: [
      ...loyaltyTargeting(),
      {
        id: 'split',
        kind: 'split',
        label: 'By tier',
        position: at(440),
        config: {
          subsets: [
            {
              key: 'gold',
              label: 'Gold',
              filter: {
                where: [{ field: 'tier', type: 'string', operator: 'equals', value: 'gold' }],
              },
            },
            {
              key: 'silver',
              label: 'Silver, 50 or more',
              filter: {
                where: [
                  { field: 'tier', type: 'string', operator: 'equals', value: 'silver' },
                  { field: 'totalSpend', type: 'number', operator: 'gte', value: 50 },
                ],
              },
            },
          ],
          overlap: false,
          complement: true,
        },
      },
      {
        id: 'email',
        kind: 'email',
        label: 'Thank gold members',
        position: at(660, -120),
        config: {
          configurationId: emailConfigurationId,
          category: 'marketing',
          confirmSending: true,
          content: {
            subject: '{{profile.name}}, thank you: {{target.totalSpend}} spent',
            format: 'html',
            body: '<p>Dear {{profile.name}}, you spent {{target.totalSpend}} with us.</p>',
          },
        },
      },
      {
        id: 'sms',
        kind: 'sms',
        label: 'Offer to silver members',
        position: at(660, 0),
        config: {
          configurationId: smsConfigurationId,
          category: 'marketing',
          confirmSending: true,
          content: { body: '{{profile.name}}: {{target.totalSpend}} spent, here is 10% off' },
        },
      },
      {
        id: 'save',
        kind: 'saveAudience',
        label: 'Keep the rest',
        position: at(660, 120),
        config: { name: 'Low spenders' },
      },
    ],
    transitions: [
      { id: 't1', from: { activity: 'build', port: 'out' }, to: 'enrich' },
      { id: 't2', from: { activity: 'enrich', port: 'out' }, to: 'split' },
      { id: 't3', from: { activity: 'split', port: 'gold' }, to: 'email' },
      { id: 't4', from: { activity: 'split', port: 'silver' }, to: 'sms' },
      { id: 't5', from: { activity: 'split', port: 'complement' }, to: 'save' },
    ],
  };
  return definition;
}
