// Demo audiences: ready-made targets for a first campaign in the demo sandbox.
import { audiencesDb, saveAudience } from '../audiences/store.ts';
import type { AudienceInput } from '../audiences/model.ts';
import type { Database } from '../db/connection.ts';
import { SYSTEM_ACTOR, type Clock } from '../platform/context.ts';

export const DEMO_AUDIENCES: AudienceInput[] = [
  {
    name: 'Gold and platinum members',
    description: 'Loyalty tiers gold and platinum, whatever their consent (the send checks it).',
    rule: {
      version: 1,
      root: {
        kind: 'attribute',
        path: 'loyalty.tier',
        type: 'string',
        operator: 'in',
        values: ['gold', 'platinum'],
      },
    },
  },
  {
    name: 'Recent buyers',
    description: 'At least one purchase in the last 90 days.',
    rule: {
      version: 1,
      root: {
        kind: 'event',
        type: 'purchase',
        count: { comparison: 'gte', value: 1 },
        window: { lastDays: 90 },
      },
    },
  },
  {
    name: 'Abandoned carts',
    description: 'Left a cart in the last 30 days.',
    rule: {
      version: 1,
      root: { kind: 'event', type: 'cart.abandoned', window: { lastDays: 30 } },
    },
  },
];

export async function seedDemoAudiences(
  deps: { database: Database; clock: Clock },
  sandboxId: string,
): Promise<void> {
  const call = {
    db: audiencesDb(deps.database.db),
    sandboxId,
    actor: SYSTEM_ACTOR,
    clock: deps.clock,
  };
  for (const audience of DEMO_AUDIENCES) await saveAudience(call, audience);
}
