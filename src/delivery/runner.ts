// Delivery lanes inside `clarion start` and `clarion worker`: each lane claims and sends due
// batches until none is left, then waits a moment and looks again. Any number of processes can
// run lanes against one database; batch leases keep them from sending the same batch twice.
import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';
import type { Database } from '../db/connection.ts';
import type { Clock } from '../platform/context.ts';
import { deliveryWorker, type DeliveryWorker } from './dispatch.ts';
import { executionSenders } from './senders.ts';

export interface DeliveryRunner {
  stop(): Promise<void>;
}

export function startDelivery(deps: {
  database: Database;
  clock: Clock;
  secret: string;
  publicUrl: string;
  log: Logger;
  lanes: number;
  leaseMs?: number;
  /** How long an idle lane waits before looking for due batches again. */
  idleMs?: number;
}): DeliveryRunner {
  const senderFor = executionSenders({
    pool: deps.database.pool,
    db: deps.database.db,
    clock: deps.clock,
    secret: deps.secret,
    publicUrl: deps.publicUrl,
  });
  let running = true;
  const workers: DeliveryWorker[] = [];
  const loops = Array.from({ length: deps.lanes }, async (_, lane) => {
    const worker = deliveryWorker({
      pool: deps.database.pool,
      clock: deps.clock,
      workerId: `${hostname()}:${process.pid}:${lane}`,
      senderFor,
      leaseMs: deps.leaseMs,
    });
    workers.push(worker);
    while (running) {
      try {
        const sent = await worker.drain();
        if (sent === 0) await sleep(deps.idleMs ?? 500);
      } catch (error) {
        // A broken execution (e.g. its configuration was deactivated) must not stop the lane.
        deps.log.error({ err: error }, 'delivery lane failed; retrying');
        await sleep(deps.idleMs ?? 500);
      }
    }
  });
  return {
    async stop() {
      running = false;
      await Promise.all(workers.map((w) => w.stop()));
      await Promise.allSettled(loops);
      // The providers the lanes shared; they are closed as lanes let go, this catches the rest.
      await senderFor.close();
    },
  };
}
