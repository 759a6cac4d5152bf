// Sending a claimed batch: each message is rendered and handed to the provider (outside any
// transaction), outcomes are recorded in small groups as they arrive, and transient failures
// wait for a retry with exponential backoff within the configuration's retry period.
import { setTimeout as sleepFor } from 'node:timers/promises';
import type pg from 'pg';
import { assertNever } from '../platform/assert.ts';
import type { Clock } from '../platform/context.ts';
import {
  claimNextBatch,
  finishBatch,
  recordOutcomes,
  startBatch,
  type ClaimedBatch,
  type MessageOutcome,
  type QueuedMessage,
} from './batches.ts';
import {
  deferBatch,
  RESERVE_AHEAD_MS,
  reserveSlots,
  type PacedSlots,
  type SendPace,
} from './pace.ts';

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

/** Outcomes are written in groups this size: a crash repeats at most one group's worth. */
const RECORD_EVERY = 50;
const BASE_BACKOFF_MS = 60_000;

export function retryDelayMs(claims: number): number {
  return Math.min(BASE_BACKOFF_MS * 2 ** Math.max(0, claims - 1), 6 * 3600_000);
}

function toOutcome(message: QueuedMessage, result: SendOutcome, canRetry: boolean): MessageOutcome {
  const base = { recipientKey: message.recipientKey, actionId: message.actionId };
  switch (result.status) {
    case 'sent':
      return { ...base, status: 'sent', reason: null, providerId: result.providerId, error: null };
    case 'failed':
      return {
        ...base,
        status: result.kind === 'transient' && canRetry ? 'retrying' : 'failed',
        reason: result.kind,
        providerId: null,
        error: result.reason.slice(0, 1000),
      };
    case 'renderError':
      return {
        ...base,
        status: 'excluded',
        reason: 'RuntimeRenderingError',
        providerId: null,
        error: result.error.slice(0, 1000),
      };
    default:
      return assertNever(result);
  }
}

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

export interface BatchDeps {
  pool: pg.Pool;
  clock: Clock;
  workerId: string;
  /** Waits this many milliseconds (pacing); injected with the clock in tests. */
  sleep?: ((ms: number) => Promise<void>) | undefined;
}

/**
 * Sends one claimed batch with up to `concurrency` messages in flight; false when the batch was
 * given back because its configuration's pace has no slot for it yet.
 */
export async function processBatch(
  deps: BatchDeps,
  batch: ClaimedBatch,
  execution: ExecutionInfo,
  sender: ExecutionSender,
  concurrency = 10,
): Promise<boolean> {
  const pace = await sender.beginBatch?.();
  let slots: PacedSlots | undefined;
  if (pace) {
    const reserved = await reserveSlots(deps.pool, batch, pace, deps.clock.now());
    if ('busyUntil' in reserved) {
      const at = new Date(reserved.busyUntil.getTime() - RESERVE_AHEAD_MS);
      await deferBatch(deps.pool, batch, deps.workerId, at);
      return false;
    }
    slots = reserved.slots;
  }
  const messages = await startBatch(deps.pool, batch, deps.clock.now());
  await sender.prepare?.(messages);
  const canRetry =
    deps.clock.now().getTime() + retryDelayMs(batch.claims) <
    execution.startsAt.getTime() + sender.retryPeriodMs;
  let pending: MessageOutcome[] = [];
  let retrying = false;
  const flush = async () => {
    const group = pending;
    pending = [];
    await recordOutcomes(deps.pool, batch, group, deps.clock.now());
  };
  const sleep = deps.sleep ?? ((ms: number) => sleepFor(ms));
  let next = 0;
  const lane = async () => {
    while (next < messages.length) {
      const index = next++;
      const message = messages[index]!;
      if (slots) {
        const wait = slots.from.getTime() + index * slots.intervalMs - deps.clock.now().getTime();
        if (wait > 0) await sleep(wait);
      }
      let result: SendOutcome;
      try {
        result = await sender.send(message);
      } catch (error) {
        result = { status: 'failed', kind: 'transient', reason: (error as Error).message };
      }
      const outcome = toOutcome(message, result, canRetry);
      if (outcome.status === 'retrying') retrying = true;
      pending.push(outcome);
      if (pending.length >= RECORD_EVERY) await flush();
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, messages.length) }, lane));
  await flush();
  const retryAt = retrying
    ? new Date(deps.clock.now().getTime() + retryDelayMs(batch.claims))
    : undefined;
  await finishBatch(deps.pool, batch, deps.workerId, deps.clock.now(), retryAt);
  return true;
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
        deps.leaseMs ?? 120_000,
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
