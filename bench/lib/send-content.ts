// The email the send benchmark delivers: a short newsletter (≈ 3 KB of HTML, personalised with the
// recipient's first name and member number), and the profiles it goes to.

export const FIRST_NAMES = [
  'Ada',
  'Grace',
  'Alan',
  'Katherine',
  'Edsger',
  'Barbara',
  'Donald',
  'Frances',
] as const;

const PRODUCTS = [
  ['Linen shirt', 'Breathable, pre-washed, in six colours', '39.00'],
  ['Canvas tote', 'Heavy cotton with an inside pocket', '24.50'],
  ['Trail runners', 'Grippy soles for wet spring paths', '89.00'],
  ['Rain shell', 'Packs into its own pocket, 240 g', '119.00'],
  ['Wool socks', 'Merino blend, three pairs', '18.00'],
];

export const SEND_CONTENT = {
  subject: 'Spring picks for you, {{profile.firstName}}',
  format: 'html' as const,
  body: `<!doctype html>
<html><head><meta charset="utf-8"><title>Spring picks</title></head>
<body style="margin:0;padding:0;background:#f4f4f4;font-family:Helvetica,Arial,sans-serif;color:#222">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0"><tr><td align="center">
<table role="presentation" width="600" cellpadding="0" cellspacing="0" style="background:#ffffff">
<tr><td style="padding:24px 32px;font-size:22px;font-weight:bold">Clarion Shop</td></tr>
<tr><td style="padding:0 32px 16px 32px;font-size:16px;line-height:24px">
<p>Hello {{profile.firstName}},</p>
<p>Spring is here, and so are the things our customers asked for all winter. We picked five of
them for you, each in stock in every size this week, with free returns for thirty days.</p>
</td></tr>
${PRODUCTS.map(
  ([name, line, price]) => `<tr><td style="padding:8px 32px;border-top:1px solid #eeeeee">
<p style="margin:0;font-size:16px;font-weight:bold">${name}</p>
<p style="margin:4px 0 0 0;font-size:14px;color:#555555">${line} &middot; EUR ${price}</p>
</td></tr>`,
).join('\n')}
<tr><td style="padding:16px 32px;font-size:14px;line-height:20px;color:#555555">
<p>Your member number is {{profile.n}}. Show it in any of our shops for the spring discount, or
enter it at checkout online.</p>
<p>Questions? Reply to this email and a person will answer within a day.</p>
</td></tr>
<tr><td style="padding:16px 32px 32px 32px;font-size:12px;color:#888888">
You receive this email because you subscribed to news from Clarion Shop.
Clarion Shop, 1 Example Street, 1000 Example City.
</td></tr>
</table></td></tr></table>
</body></html>`,
};
