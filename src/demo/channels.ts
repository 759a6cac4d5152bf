// The demo sandbox sends for real without outside services: one active configuration per
// channel whose provider is the local mailbox (GET /mailbox shows what was sent).
import { channelsDb } from '../channels/db.ts';
import type { ConfigurationInput } from '../channels/model.ts';
import { changeStatus, saveConfiguration } from '../channels/store.ts';
import type { Database } from '../db/connection.ts';
import { SYSTEM_ACTOR, type Clock } from '../platform/context.ts';

const DEMO_CONFIGURATIONS: ConfigurationInput[] = [
  {
    name: 'Demo email (local mailbox)',
    channel: 'email',
    category: 'marketing',
    settings: {
      senderName: 'Clarion Demo Shop',
      senderAddress: 'news@demo.clarion.local',
      replyTo: { address: 'help@demo.clarion.local' },
      bounceAddress: 'bounces@demo.clarion.local',
      listUnsubscribe: { oneClick: true, mailto: 'unsubscribe@demo.clarion.local' },
      urlParameters: [{ name: 'utm_source', value: 'clarion' }],
      retryPeriodMinutes: 5040,
      softBounceThreshold: 5,
      sendToSpamComplainers: false,
      seedList: [],
      provider: { kind: 'mailbox' },
    },
  },
  {
    name: 'Demo SMS (local mailbox)',
    channel: 'sms',
    category: 'marketing',
    settings: {
      senderNumber: 'ClarionDemo',
      retryPeriodMinutes: 360,
      provider: { kind: 'mailbox' },
    },
  },
  {
    name: 'Demo push (local mailbox)',
    channel: 'push',
    category: 'marketing',
    settings: {
      platform: 'fcm',
      appId: 'local.clarion.demo',
      retryPeriodMinutes: 360,
      mailbox: true,
    },
  },
];

export async function seedDemoChannels(
  deps: { database: Database; clock: Clock; secret: string },
  sandboxId: string,
): Promise<void> {
  const call = {
    db: channelsDb(deps.database.db),
    sandboxId,
    actor: SYSTEM_ACTOR,
    clock: deps.clock,
    secret: deps.secret,
  };
  for (const input of DEMO_CONFIGURATIONS) {
    const saved = await saveConfiguration(call, input);
    await changeStatus(call, saved.id, 'activate');
  }
}
