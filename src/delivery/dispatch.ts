// Delivery workers: each claims due batches, several at a time (claim.ts), and sends them
// (send-batch.ts) with their executions' senders: the batches of different executions side by
// side, those of one execution one after another. A few senders stay open between rounds.
import type pg from 'pg';
import type { Clock } from '../platform/context.ts';
import type { QueuedMessage } from './batches.ts';
import { claimBatches, type ClaimedWork, type StoredExecution } from './claim.ts';
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
  /** The execution as stored, read with its claim (a sender need not read it again). */
  stored?: StoredExecution;
}

export type SenderFactory = ((execution: ExecutionInfo) => Promise<ExecutionSender>) & {
  /** Called before each claim: what senders read once per round may be read again. */
  beginRound?(): void;
};

export interface DeliveryWorker {
  /** Claims and sends batches until none is due; the number sent. */
  drain(): Promise<number>;
  stop(): Promise<void>;
}

/**
 * Senders a worker lane keeps open between rounds. Each holds its configuration's provider (an
 * SMTP pool, an HTTP/2 session), shared with the other executions of that configuration: many
 * small executions — API calls — on many configurations must not pile up open connections.
 */
export const MAX_OPEN_SENDERS = 4;
/** Batches one claim takes at most (within the claim's message budget). */
export const CLAIM_LIMIT = 50;
/** Executions whose batches a lane sends at once. */
export const PARALLEL_EXECUTIONS = 8;

/** Runs `work` over `items` with at most `limit` at once; every item runs, errors are collected. */
async function inParallel<T>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<void>,
): Promise<unknown[]> {
  const errors: unknown[] = [];
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const item = items[next++]!;
      await work(item).catch((error: unknown) => void errors.push(error));
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return errors;
}

/** A worker: claims due batches a round at a time, each sent with its execution's sender. */
export function deliveryWorker(deps: {
  pool: pg.Pool;
  clock: Clock;
  workerId: string;
  senderFor: SenderFactory;
  leaseMs?: number | undefined;
  concurrency?: number;
  claimLimit?: number;
  sleep?: ((ms: number) => Promise<void>) | undefined;
}): DeliveryWorker {
  const senders = new Map<string, Promise<ExecutionSender>>();
  let stopped = false;
  let current: Promise<unknown> = Promise.resolve();
  /** The execution's sender, made once and kept most recently used last. */
  const senderOf = (work: ClaimedWork) => {
    const { batch } = work;
    let sender = senders.get(batch.executionId);
    senders.delete(batch.executionId);
    sender ??= deps.senderFor({
      sandboxId: batch.sandboxId,
      id: batch.executionId,
      startsAt: work.startsAt,
      stored: work.execution,
    });
    senders.set(batch.executionId, sender);
    return sender;
  };
  const drainOnce = async () => {
    let batches = 0;
    while (!stopped) {
      deps.senderFor.beginRound?.();
      const claimed = await claimBatches(
        deps.pool,
        deps.workerId,
        deps.clock.now(),
        deps.leaseMs ?? DEFAULT_LEASE_MS,
        deps.claimLimit ?? CLAIM_LIMIT,
      );
      if (claimed.length === 0) break;
      const byExecution = new Map<string, ClaimedWork[]>();
      for (const work of claimed) {
        const list = byExecution.get(work.batch.executionId);
        if (list) list.push(work);
        else byExecution.set(work.batch.executionId, [work]);
      }
      const errors = await inParallel(
        [...byExecution.values()],
        PARALLEL_EXECUTIONS,
        async (list) => {
          const sender = senderOf(list[0]!);
          for (const work of list) {
            const info = {
              sandboxId: work.batch.sandboxId,
              id: work.batch.executionId,
              startsAt: work.startsAt,
            };
            if (await processBatch(deps, work.batch, info, await sender, deps.concurrency))
              batches++;
          }
        },
      );
      // Only now, with no batch in hand, may senders (and their providers) be closed.
      await closeBeyond(MAX_OPEN_SENDERS);
      // A sender that could not be made (e.g. its configuration was deactivated) is made anew
      // when its batch is claimed again after its lease.
      for (const [id, sender] of senders) if (await isBroken(sender)) senders.delete(id);
      if (errors.length > 0) throw errors[0];
    }
    // Idle: nothing holds connections open until there is work again.
    await closeBeyond(0);
    return batches;
  };
  const isBroken = (sender: Promise<ExecutionSender>) =>
    sender.then(
      () => false,
      () => true,
    );
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
    /** Lets the batches in hand finish, then closes the providers. */
    async stop() {
      stopped = true;
      await current;
      for (const sender of senders.values()) await (await sender.catch(() => undefined))?.close();
      senders.clear();
    },
  };
}
