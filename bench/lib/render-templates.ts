// Templates and recipient data for bench/render.ts: a short SMS and a ~10 KB email with ten
// variables and an #each over five items, written so that Clarion and plain Handlebars do the
// same work (the email is the same text for both; the SMS calls upperCase in each one's syntax).

export const SMS_CLARION = 'Hi {{profile.firstName}}, your code is {%= upperCase(context.code) %}';
export const SMS_HANDLEBARS = 'Hi {{profile.firstName}}, your code is {{upperCase context.code}}';

const FILLER = `<tr><td style="padding:12px 24px;font-family:Arial,Helvetica,sans-serif;font-size:14px;line-height:20px;color:#333333">
Our spring collection is here: light fabrics, bright colours and the classics you asked for, back in stock.
Free delivery on orders over 50 euros and free returns within 30 days, as always.</td></tr>
`;

/** ~10 KB of HTML: ten variables, one helper call, and a loop over five order lines. */
export const EMAIL = `<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Your order {{context.orderId}}</title>
<style>body{margin:0;padding:0}table{border-collapse:collapse}.btn{background:#0b5fff;color:#fff;padding:10px 18px;border-radius:4px;text-decoration:none}</style>
</head><body>
<table width="100%" cellpadding="0" cellspacing="0" role="presentation">
<tr><td style="padding:24px;font-family:Arial,Helvetica,sans-serif;font-size:20px">Hello {{profile.person.firstName}} {{upperCase profile.person.lastName}},</td></tr>
<tr><td style="padding:0 24px">Thank you for your order {{context.orderId}} placed on {{context.orderDate}}. It ships to {{profile.address.city}}, {{profile.address.country}}.</td></tr>
${FILLER.repeat(14)}<tr><td style="padding:12px 24px"><table width="100%" role="presentation">
{{#each context.items as |item|}}
<tr><td style="padding:6px 0">{{item.name}}</td><td style="padding:6px 0;text-align:right">{{item.quantity}} × {{item.price}} EUR</td></tr>
{{/each}}
</table></td></tr>
<tr><td style="padding:12px 24px">Total: {{context.total}} EUR. Loyalty tier: {{profile.loyalty.tier}}, points: {{profile.loyalty.points}}.</td></tr>
${FILLER.repeat(14)}<tr><td style="padding:24px"><a class="btn" href="https://shop.example.com/orders/{{context.orderId}}?email={{profile.email}}">Track your order</a></td></tr>
</table></body></html>
`;

export interface Recipient {
  profile: Record<string, unknown>;
  context: Record<string, unknown>;
}

/** `count` different recipients, so no engine renders the same data twice in a row. */
export function recipients(count: number): Recipient[] {
  return Array.from({ length: count }, (_, i) => ({
    profile: {
      firstName: `Ada${i}`,
      email: `ada${i}@example.com`,
      person: { firstName: `Ada${i}`, lastName: `Lovelace & Co ${i}` },
      address: { city: 'Paris', country: 'France' },
      loyalty: { tier: ['bronze', 'silver', 'gold'][i % 3], points: i * 7 },
    },
    context: {
      code: `ab${i}x`,
      orderId: `O-${100000 + i}`,
      orderDate: '2025-03-14',
      total: 129.5 + i,
      items: Array.from({ length: 5 }, (_, k) => ({
        name: `Item <${k}> "special"`,
        quantity: 1 + ((i + k) % 3),
        price: 9.99 + k,
      })),
    },
  }));
}
