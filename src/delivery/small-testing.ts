// Test data for the delivery of many small executions: an SMTP email configuration towards a
// loopback sink, and API calls of one campaign stored the way the execution API stores them
// (src/campaigns/im/accept-sql.ts): one execution with one message and one batch per call.
import { writeExecutions, type AcceptedCall } from '../campaigns/im/accept-sql.ts';
import { channelsDb } from '../channels/db.ts';
import type { Configuration } from '../channels/model.ts';
import { rsaKeyPair } from '../channels/providers/testing/fixtures.ts';
import { getConfiguration } from '../channels/store.ts';
import type { TestApp } from '../http/testing.ts';

export const ORDER_CONTENT = {
  subject: 'Order {{context.order}} confirmed',
  format: 'html',
  body: '<p>Thank you for order {{context.order}}.</p>',
};

export async function prodSandbox(t: TestApp): Promise<string> {
  const found = await t.database.pool.query<{ id: string }>(
    "SELECT id FROM sandboxes WHERE name = 'prod'",
  );
  return found.rows[0]!.id;
}

/** An active transactional email configuration sending signed mail to `port`. */
export async function smtpConfiguration(
  t: TestApp,
  sandboxId: string,
  port: number,
): Promise<Configuration> {
  const h = await t.keyHeaders('campaignAdministrator');
  const created = await t.app.inject({
    method: 'POST',
    url: '/channel-configurations',
    headers: h,
    payload: {
      name: `Receipts ${port}`,
      channel: 'email',
      category: 'transactional',
      settings: {
        senderName: 'Shop',
        senderAddress: 'orders@shop.example.com',
        bounceAddress: 'bounces@shop.example.com',
        listUnsubscribe: { oneClick: false },
        urlParameters: [],
        retryPeriodMinutes: 60,
        softBounceThreshold: 5,
        sendToSpamComplainers: false,
        seedList: [],
        dkim: { domain: 'shop.example.com', selector: 's1' },
        provider: { kind: 'smtp', host: '127.0.0.1', port, security: 'none' },
      },
      credentials: { dkimPrivateKey: rsaKeyPair().privatePem },
    },
  });
  const id = created.json<Configuration>().id;
  const activated = await t.app.inject({
    method: 'POST',
    url: `/channel-configurations/${id}/activate`,
    headers: h,
  });
  if (activated.statusCode !== 200) throw new Error(activated.body);
  return getConfiguration(channelsDb(t.database.db), sandboxId, id);
}

export const buyer = (n: number) => `buyer${n}@example.net`;

/** `count` calls of one campaign, each to `buyer(n)` with order n; their execution ids. */
export async function storeCalls(
  t: TestApp,
  sandboxId: string,
  configuration: Configuration,
  count: number,
  at: Date,
): Promise<string[]> {
  const campaignId = crypto.randomUUID();
  const calls: AcceptedCall[] = Array.from({ length: count }, (_, n) => ({
    sandboxId,
    campaignId,
    requestId: `order-${n}`,
    kind: 'highthroughput',
    response: {
      executionId: crypto.randomUUID(),
      requestId: `order-${n}`,
      createdAt: at.toISOString(),
      createdBy: 'checkout',
      modifiedAt: at.toISOString(),
      modifiedBy: 'checkout',
    },
    createdBy: 'checkout',
    at,
    actionId: 'confirmation',
    channel: 'email',
    category: 'transactional',
    configuration,
    // One object for all, as a campaign's calls share its content.
    content: ORDER_CONTENT,
    feedback: false,
    recipients: [
      { key: buyer(n), profileId: null, address: buyer(n), renderData: { context: { order: n } } },
    ],
  }));
  const client = await t.database.pool.connect();
  try {
    // In groups, as the API's group commit writes them.
    for (let i = 0; i < calls.length; i += 200) {
      await client.query('BEGIN');
      await writeExecutions(client, calls.slice(i, i + 200));
      await client.query('COMMIT');
    }
  } finally {
    client.release();
  }
  return calls.map((c) => c.response.executionId);
}

/** Recipients the sink received, with how many times each. */
export function receivedCounts(received: readonly { rcptTo: string[] }[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const mail of received)
    for (const to of mail.rcptTo) counts.set(to, (counts.get(to) ?? 0) + 1);
  return counts;
}
