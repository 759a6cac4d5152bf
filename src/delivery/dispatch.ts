// Delivery workers: each claims due batches one after another and sends them (send-batch.ts) with
// its execution's sender, keeping a few senders open between batches.
import type pg from 'pg';
import type { Clock } from '../platform/context.ts';
import { claimNextBatch, type ClaimedBatch, type QueuedMessage } from './batches.ts';
import type { SendPace } from './pace.ts';
import { DEFAULT_LEASE_MS, processBatch } from './send-batch.ts';

export type SendOutcome =
  | { status: 'sent'; providerId: string }
  | { status: 'failed'; kind: 'transient' | 'permanent'; reason: string }
  | { status: 'renderError'; error: string };

/** Sends the messages of one execution; built once per execution and worker. */
export interface ExecutionSender {
  /**
   * Called as each batch starts, before its messages are taken: brings the configuration up to
   * date and gives its shared pace when it has a maxPerSecond.
   */
  beginBatch?(): Promise<SendPace | undefined>;
  /** Called with a batch's messages before they are sent, e.g. to load their data at once. */
  prepare?(messages: QueuedMessage[]): Promise<void>;
  send(message: QueuedMessage): Promise<SendOutcome>;
  /** Transient failures are retried until this long after the execution's start. */
  retryPeriodMs: number;
  close(): Promise<void>;
}

export interface ExecutionInfo {
  sandboxId: string;
  id: string;
  startsAt: Date;
}

export type SenderFactory = (execution: ExecutionInfo) => Promise<ExecutionSender>;

async function executionInfo(pool: pg.Pool, batch: ClaimedBatch): Promise<ExecutionInfo> {
  const found = await pool.query<{ starts_at: Date }>(
    `UPDATE executions SET status = CASE WHEN status = 'planned' THEN 'sending' ELSE status END
      WHERE sandbox_id = $1 AND id = $2 RETURNING starts_at`,
    [batch.sandboxId, batch.executionId],
  );
  const row = found.rows[0];
  if (!row) throw new Error(`execution ${batch.executionId} is gone`);
  return { sandboxId: batch.sandboxId, id: batch.executionId, startsAt: row.starts_at };
}

export interface DeliveryWorker {
  /** Claims and sends batches until none is due; the number sent. */
  drain(): Promise<number>;
  stop(): Promise<void>;
}

/**
 * Senders a worker lane keeps open at once. Each holds its configuration's provider (an SMTP pool,
 * an HTTP/2 session), shared with the other executions of that configuration: many small
 * executions — API calls — on many configurations must not pile up open connections.
 */
export const MAX_OPEN_SENDERS = 4;

/** A worker: claims due batches one after another, each with its execution's sender. */
export function deliveryWorker(deps: {
  pool: pg.Pool;
  clock: Clock;
  workerId: string;
  senderFor: SenderFactory;
  leaseMs?: number | undefined;
  concurrency?: number;
  sleep?: ((ms: number) => Promise<void>) | undefined;
}): DeliveryWorker {
  const senders = new Map<string, Promise<ExecutionSender>>();
  let stopped = false;
  let current: Promise<unknown> = Promise.resolve();
  const drainOnce = async () => {
    let batches = 0;
    while (!stopped) {
      const batch = await claimNextBatch(
        deps.pool,
        deps.workerId,
        deps.clock.now(),
        deps.leaseMs ?? DEFAULT_LEASE_MS,
      );
      if (!batch) break;
      const execution = await executionInfo(deps.pool, batch);
      let sender = senders.get(execution.id);
      senders.delete(execution.id);
      if (!sender) sender = deps.senderFor(execution);
      // Most recently used last: the least recently used sender is closed past the limit.
      senders.set(execution.id, sender);
      await closeBeyond(MAX_OPEN_SENDERS);
      if (await processBatch(deps, batch, execution, await sender, deps.concurrency)) batches++;
    }
    // Idle: nothing holds connections open until there is work again.
    await closeBeyond(0);
    return batches;
  };
  /** Closes the least recently used senders (their provider connections) down to `keep`. */
  const closeBeyond = async (keep: number) => {
    while (senders.size > keep) {
      const [id, oldest] = senders.entries().next().value as [string, Promise<ExecutionSender>];
      senders.delete(id);
      await (await oldest.catch(() => undefined))?.close();
    }
  };
  return {
    drain() {
      const run = drainOnce();
      current = run.catch(() => undefined);
      return run;
    },
    /** Lets the batch in hand finish, then closes the providers. */
    async stop() {
      stopped = true;
      await current;
      for (const sender of senders.values()) await (await sender).close();
      senders.clear();
    },
  };
}
