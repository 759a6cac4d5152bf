// The audiences area's service context from an authenticated request.
import type { FastifyRequest } from 'fastify';
import { contextOf } from '../http/auth.ts';
import type { AppDeps } from '../http/types.ts';
import { audiencesDb, type AudiencesCall } from './db.ts';

export function audiencesCall(request: FastifyRequest, deps: AppDeps): AudiencesCall {
  const ctx = contextOf(request, deps);
  return {
    db: audiencesDb(deps.database.db),
    sandboxId: ctx.sandboxId,
    actor: ctx.actor,
    clock: ctx.clock,
    requestId: ctx.requestId,
  };
}
