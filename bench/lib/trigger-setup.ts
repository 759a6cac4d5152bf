// The trigger benchmark's sandbox: the demo people of `clarion demo` (their email addresses are
// the `aep` recipients), a transactional SMTP email configuration with a DKIM key towards the
// sink, two live API-triggered campaigns (standard and high-throughput) with an order
// confirmation personalised from profile and context, and an API key of a campaign manager.
import { channelsDb } from '../../src/channels/db.ts';
import { changeStatus, saveConfiguration } from '../../src/channels/store.ts';
import type { Campaign } from '../../src/campaigns/model.ts';
import { activateCampaign } from '../../src/campaigns/service.ts';
import { createCampaign } from '../../src/campaigns/store.ts';
import type { EmailContent } from '../../src/content/model.ts';
import type { Database } from '../../src/db/connection.ts';
import { DEMO_SANDBOX } from '../../src/demo/seed.ts';
import { createApiKey } from '../../src/platform/api-keys.ts';
import { platformDb, SYSTEM_ACTOR, systemClock } from '../../src/platform/context.ts';
import { administratorCall, importDemoPeople } from './campaign-setup.ts';
import { BENCH_SECRET, emailSettings } from './smtp-setup.ts';

export const ORDER_EMAIL: EmailContent = {
  subject: 'Order {{context.order.id}} confirmed',
  format: 'html',
  body:
    '<p>Hi {{profile.person.name.firstName}},</p><p>Thank you for your order {{context.order.id}}.</p>' +
    '<ul>{{#each context.order.items}}<li>{{this.qty}} × {{this.name}}</li>{{/each}}</ul>',
};

export interface TriggerSandbox {
  sandboxId: string;
  sandboxName: string;
  configurationId: string;
  standard: Campaign;
  highThroughput: Campaign;
  /** `Authorization: Bearer` secret of a campaign manager's API key. */
  apiSecret: string;
  clientId: string;
  /** Email addresses of demo profiles, for `aep` recipients. */
  addresses: string[];
}

export async function prepareTriggerSandbox(
  database: Database,
  options: { profiles: number; sinkPort: number; connections: number; privateKey: string },
): Promise<TriggerSandbox> {
  const { sandboxId } = await importDemoPeople(database, options.profiles, 42);
  const channels = {
    db: channelsDb(database.db),
    sandboxId,
    actor: { ...SYSTEM_ACTOR, label: 'bench' },
    clock: systemClock,
    secret: BENCH_SECRET,
  };
  const draft = await saveConfiguration(channels, {
    name: 'Receipts (SMTP)',
    channel: 'email',
    category: 'transactional',
    settings: emailSettings(options.sinkPort, options.connections),
    credentials: { dkimPrivateKey: options.privateKey },
  });
  const configuration = await changeStatus(channels, draft.id, 'activate');
  const call = await administratorCall(database, sandboxId);
  const live = async (name: string, highThroughput: boolean): Promise<Campaign> => {
    const campaign = await createCampaign(call, {
      type: 'api',
      category: 'transactional',
      name,
      action: { channel: 'email', configurationId: configuration.id },
      content: { mode: 'single', content: ORDER_EMAIL },
      trigger: { createProfiles: false, highThroughput, feedback: false },
    });
    const activated = await activateCampaign(call, campaign.id);
    if (activated.status !== 'live') throw new Error(`campaign ${name} is ${activated.status}`);
    return activated;
  };
  const standard = await live('Order confirmation', false);
  const highThroughput = await live('Order confirmation (high throughput)', true);
  const { key, secret } = await createApiKey(
    { db: platformDb(database.db), actor: SYSTEM_ACTOR, clock: systemClock, sandboxId },
    { name: 'Checkout service', role: 'campaignManager' },
  );
  const found = await database.pool.query<{ value: string }>(
    `SELECT value FROM profile_identities WHERE sandbox_id = $1 AND namespace = 'email' ORDER BY value`,
    [sandboxId],
  );
  return {
    sandboxId,
    sandboxName: DEMO_SANDBOX,
    configurationId: configuration.id,
    standard,
    highThroughput,
    apiSecret: secret,
    clientId: key.clientId,
    addresses: found.rows.map((r) => r.value),
  };
}

const ITEMS = ['Gaming laptop', 'LED TV', 'Headphones', 'Coffee machine', 'Running shoes'];

/** One recipient's context: an order of one to three items. */
export function orderContext(n: number): Record<string, unknown> {
  return {
    order: {
      id: `A-${n}`,
      items: Array.from({ length: 1 + (n % 3) }, (_, i) => ({
        name: ITEMS[(n + i) % ITEMS.length] ?? 'Gift card',
        qty: 1 + ((n + i) % 2),
      })),
    },
  };
}
