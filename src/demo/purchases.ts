// Demo purchases: a few orders per person, deterministic for a seed and a day.
import { demoPerson } from './people.ts';
import { SeededRandom } from './random.ts';

const PRODUCTS = [
  { product: 'Trail running shoes', category: 'footwear', price: 129 },
  { product: 'Rain jacket', category: 'outerwear', price: 189 },
  { product: 'Merino base layer', category: 'apparel', price: 79 },
  { product: 'Headlamp', category: 'gear', price: 45 },
  { product: 'Water bottle', category: 'gear', price: 19.5 },
  { product: 'Yoga mat', category: 'fitness', price: 35 },
  { product: 'Backpack 30L', category: 'gear', price: 149 },
  { product: 'Running socks (3 pairs)', category: 'apparel', price: 24.9 },
] as const;

export const PURCHASES_DATASET = {
  name: 'purchases',
  title: 'Purchases',
  description: 'Orders from the web shop, one row per order.',
  columns: [
    { name: 'order_id', type: 'string' as const, title: 'Order' },
    { name: 'customer_email', type: 'string' as const, title: 'Customer email' },
    { name: 'product', type: 'string' as const },
    { name: 'category', type: 'string' as const },
    { name: 'quantity', type: 'integer' as const },
    { name: 'amount', type: 'decimal' as const },
    { name: 'currency', type: 'string' as const },
    { name: 'ordered_at', type: 'timestamp' as const },
  ],
  primaryKey: ['order_id'],
  link: {
    kind: 'profile' as const,
    column: 'customer_email',
    by: 'email',
    cardinality: 'N-1' as const,
  },
};

export function* demoPurchasesCsv(
  count: number,
  seed: number,
  now: Date,
  testProfiles = 5,
): Generator<string> {
  const people = new SeededRandom(seed);
  const orders = new SeededRandom(seed ^ 0x5eed);
  yield 'order_id,customer_email,product,category,quantity,amount,currency,ordered_at\n';
  let chunk: string[] = [];
  let order = 0;
  for (let i = 0; i < count; i++) {
    const person = demoPerson(people, i, testProfiles);
    const purchases = orders.int(0, 4);
    for (let p = 0; p < purchases; p++) {
      const item = orders.pick(PRODUCTS);
      const quantity = orders.int(1, 3);
      const at = new Date(now.getTime() - orders.int(0, 365 * 24 * 60) * 60_000);
      order++;
      chunk.push(
        [
          `ORD-${String(order).padStart(8, '0')}`,
          person.email,
          `"${item.product}"`,
          item.category,
          String(quantity),
          (item.price * quantity).toFixed(2),
          'EUR',
          at.toISOString(),
        ].join(','),
      );
    }
    if (chunk.length >= 2000) {
      yield chunk.join('\n') + '\n';
      chunk = [];
    }
  }
  if (chunk.length) yield chunk.join('\n') + '\n';
}
