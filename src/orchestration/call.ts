// The service call of orchestrated campaign routes and hooks: who acts, where, with which
// permissions, and the engine's dependencies.
import { Kysely, PostgresDialect } from 'kysely';
import type pg from 'pg';
import type { Actor } from '../platform/context.ts';
import type { Permission } from '../platform/permissions.ts';
import { orchestrationDb, type OrchestrationDb } from './db.ts';
import type { EngineDeps } from './engine/index.ts';
import type { TransitionCall } from './lifecycle.ts';
import type { StoreCall } from './store.ts';

export interface OrchestratedCall extends StoreCall {
  permissions: ReadonlySet<Permission>;
  engine: EngineDeps;
}

const byPool = new WeakMap<pg.Pool, OrchestrationDb>();

/** A typed database over the engine's pool (hooks get only the pool). Never destroyed. */
export function dbOfPool(pool: pg.Pool): OrchestrationDb {
  let db = byPool.get(pool);
  if (!db) {
    db = orchestrationDb(new Kysely({ dialect: new PostgresDialect({ pool }) }));
    byPool.set(pool, db);
  }
  return db;
}

/** The call of work done by the system (the tick, a signal from another campaign). */
export function systemCall(
  engine: EngineDeps,
  sandboxId: string,
  label = 'system',
): OrchestratedCall {
  const actor: Actor = { type: 'system', id: null, label };
  return {
    db: dbOfPool(engine.pool),
    sandboxId,
    actor,
    clock: engine.clock,
    permissions: new Set(),
    engine,
  };
}

export function transitionCall(call: OrchestratedCall, now: Date): TransitionCall {
  return {
    sandboxId: call.sandboxId,
    actor: call.actor,
    permissions: call.permissions,
    requestId: call.requestId,
    now,
  };
}
