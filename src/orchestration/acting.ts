// The service call of an orchestrated campaign route: who acts, where, with which permissions,
// and the engine's dependencies (with the campaign service's hooks).
import type { FastifyRequest } from 'fastify';
import { contextOf } from '../http/auth.ts';
import type { AppDeps } from '../http/types.ts';
import { orchestrationDb } from './db.ts';
import type { EngineDeps } from './engine/index.ts';
import { orchestrationHooks } from './hooks.ts';
import type { ServiceCall } from './service.ts';

export function engineDeps(request: FastifyRequest, deps: AppDeps): EngineDeps {
  return {
    pool: deps.database.pool,
    jobs: deps.jobs,
    clock: deps.clock,
    log: {
      info: (fields, message) => request.log.info(fields, message),
      warn: (fields, message) => request.log.warn(fields, message),
      error: (fields, message) => request.log.error(fields, message),
    },
    hooks: orchestrationHooks,
  };
}

export function acting(request: FastifyRequest, deps: AppDeps): ServiceCall {
  const ctx = contextOf(request, deps);
  const principal = request.principal;
  if (!principal) throw new Error('orchestrated campaign route without a principal');
  return {
    db: orchestrationDb(deps.database.db),
    base: deps.database.db,
    sandboxId: ctx.sandboxId,
    actor: ctx.actor,
    clock: ctx.clock,
    requestId: ctx.requestId,
    permissions: principal.permissions,
    engine: { ...engineDeps(request, deps), clock: ctx.clock },
  };
}
