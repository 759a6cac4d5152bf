// The service call of a campaigns route: who acts, where, with which permissions and roles.
import type { FastifyRequest } from 'fastify';
import { contextOf } from '../http/auth.ts';
import type { AppDeps } from '../http/types.ts';
import { campaignsDb } from './db.ts';
import type { ActingCall } from './service.ts';

export function acting(request: FastifyRequest, deps: AppDeps): ActingCall {
  const ctx = contextOf(request, deps);
  const principal = request.principal;
  if (!principal) throw new Error('campaign route without a principal');
  return {
    db: campaignsDb(deps.database.db),
    base: deps.database.db,
    sandboxId: ctx.sandboxId,
    actor: ctx.actor,
    clock: ctx.clock,
    requestId: ctx.requestId,
    permissions: principal.permissions,
    roles: principal.roles,
    pool: deps.database.pool,
    runs: { database: deps.database, clock: deps.clock, jobs: deps.jobs },
  };
}
