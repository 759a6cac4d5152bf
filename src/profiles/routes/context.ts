// The profiles area's service context from an authenticated request.
import type { FastifyRequest } from 'fastify';
import { contextOf } from '../../http/auth.ts';
import type { AppDeps } from '../../http/types.ts';
import { profilesDb } from '../db.ts';
import type { ProfilesCall } from '../profiles.ts';

export function profilesCall(request: FastifyRequest, deps: AppDeps): ProfilesCall {
  const ctx = contextOf(request, deps);
  return {
    db: profilesDb(deps.database.db),
    sandboxId: ctx.sandboxId,
    actor: ctx.actor,
    clock: ctx.clock,
    requestId: ctx.requestId,
  };
}
