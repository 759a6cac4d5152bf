// The every-minute task: collect new events into the outbox, then send what is due, a batch at a
// time, for at most about 40 seconds so the next run is not kept waiting.
import type { Database } from '../db/connection.ts';
import type { Clock } from '../platform/context.ts';
import { collectFeedbackEvents } from './collect.ts';
import { deliverDueEvents } from './deliver.ts';

const BATCH = 200;
const BUDGET_MS = 40_000;

export interface RunResult {
  events: number;
  delivered: number;
  retrying: number;
  failed: number;
}

export async function runFeedbackWebhooks(deps: {
  database: Database;
  clock: Clock;
  secret?: string | undefined;
  log: { warn(message: string): void };
}): Promise<RunResult> {
  const { pool, db } = deps.database;
  const collected = await collectFeedbackEvents({ pool, clock: deps.clock });
  const total: RunResult = { events: collected.events, delivered: 0, retrying: 0, failed: 0 };
  if (!deps.secret) {
    deps.log.warn('feedback webhooks: no CLARION_SECRET given to the workers; nothing sent');
    return total;
  }
  const started = Date.now();
  for (;;) {
    const sent = await deliverDueEvents(
      { pool, db, clock: deps.clock, secret: deps.secret },
      { limit: BATCH },
    );
    total.delivered += sent.delivered;
    total.retrying += sent.retrying;
    total.failed += sent.failed;
    if (sent.claimed < BATCH || Date.now() - started > BUDGET_MS) return total;
  }
}
