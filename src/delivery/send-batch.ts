// Sending a claimed batch: each message is rendered and handed to the provider (outside any
// transaction), outcomes are recorded in small groups as they arrive, and transient failures
// wait for a retry with exponential backoff within the configuration's retry period. A batch of
// a configuration with a rate limit first reserves its send slots (pace.ts); a batch that takes
// long keeps renewing its lease, so another worker does not take it over while it is sent.
import { setTimeout as sleepFor } from 'node:timers/promises';
import type pg from 'pg';
import { assertNever } from '../platform/assert.ts';
import type { Clock } from '../platform/context.ts';
import {
  finishBatch,
  recordOutcomes,
  renewLease,
  startBatch,
  type ClaimedBatch,
  type MessageOutcome,
  type QueuedMessage,
} from './batches.ts';
import type { ExecutionInfo, ExecutionSender, SendOutcome } from './dispatch.ts';
import { deferBatch, RESERVE_AHEAD_MS, reserveSlots, type PacedSlots } from './pace.ts';

export const DEFAULT_LEASE_MS = 120_000;

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

export interface BatchDeps {
  pool: pg.Pool;
  clock: Clock;
  workerId: string;
  /** The lease a claim gives (CLARION_DELIVERY_LEASE_SECONDS); renewed every third of it. */
  leaseMs?: number | undefined;
  /** Waits this many milliseconds (pacing); injected with the clock in tests. */
  sleep?: ((ms: number) => Promise<void>) | undefined;
}

interface LeaseKeeper {
  /** Renews the lease when a third of it has passed since the last renewal. */
  keep(): Promise<void>;
  /** The batch was taken over: stop sending it. */
  readonly lost: boolean;
  stop(): void;
}

/**
 * Keeps a batch's lease while it is sent: checked before each message, and on a timer for a
 * provider call that hangs. A batch that has become another worker's is not sent on: its messages
 * not recorded as sent are that worker's to send, once.
 */
function leaseKeeper(deps: BatchDeps, batch: ClaimedBatch): LeaseKeeper {
  const leaseMs = deps.leaseMs ?? DEFAULT_LEASE_MS;
  const every = leaseMs / 3;
  // A batch that waited its turn after its claim has had its lease running since then.
  let renewedAt = (batch.claimedAt ?? deps.clock.now()).getTime();
  let lost = false;
  let renewing: Promise<void> | undefined;
  const keep = () => {
    const now = deps.clock.now();
    if (lost || now.getTime() - renewedAt < every) return renewing ?? Promise.resolve();
    renewing ??= renewLease(deps.pool, batch, deps.workerId, now, leaseMs)
      .then((held) => {
        if (held) renewedAt = now.getTime();
        else lost = true;
      })
      // A failed renewal (the database busy for a moment) is tried again at the next check.
      .catch(() => undefined)
      .finally(() => {
        renewing = undefined;
      });
    return renewing;
  };
  const timer = setInterval(() => void keep(), every);
  timer.unref();
  return {
    keep,
    get lost() {
      return lost;
    },
    stop: () => clearInterval(timer),
  };
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
  const lease = leaseKeeper(deps, batch);
  try {
    return await sendBatch(deps, batch, execution, sender, concurrency, lease);
  } finally {
    lease.stop();
  }
}

async function sendBatch(
  deps: BatchDeps,
  batch: ClaimedBatch,
  execution: ExecutionInfo,
  sender: ExecutionSender,
  concurrency: number,
  lease: LeaseKeeper,
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
      await lease.keep();
      if (lease.lost) {
        next = messages.length;
        break;
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
  // Outcomes recorded are true whoever holds the batch now; finishing it is the holder's.
  await flush();
  if (lease.lost) return true;
  const retryAt = retrying
    ? new Date(deps.clock.now().getTime() + retryDelayMs(batch.claims))
    : undefined;
  await finishBatch(deps.pool, batch, deps.workerId, deps.clock.now(), retryAt);
  return true;
}
