// Authentication and authorisation for every request, before validation: a route's declared
// access decides; credentials come from an API key or the session cookie; the sandbox from
// `x-sandbox-name`.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { resolveApiKey } from '../platform/api-keys.ts';
import { platformDb, type Principal } from '../platform/context.ts';
import { AppError } from '../platform/errors.ts';
import { permissionsOf, type Role } from '../platform/permissions.ts';
import { rolesInSandbox } from '../platform/roles.ts';
import { DEFAULT_SANDBOX, findSandboxByName } from '../platform/sandboxes.ts';
import { resolveSession, SESSION_COOKIE } from '../platform/sessions.ts';
import { safeEqual } from '../platform/tokens.ts';
import type { AppDeps } from './types.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function bearerSecret(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (header?.toLowerCase().startsWith('bearer ')) return header.slice(7).trim() || undefined;
  const apiKey = request.headers['x-api-key'];
  return typeof apiKey === 'string' && apiKey ? apiKey : undefined;
}

function headerValue(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return typeof value === 'string' && value ? value : undefined;
}

export function authenticate(deps: AppDeps) {
  const db = platformDb(deps.database.db);
  return async function onRequest(request: FastifyRequest, _reply: FastifyReply): Promise<void> {
    request.principal = undefined;
    request.sandbox = undefined;
    request.sessionToken = undefined;
    const access = request.routeOptions.config.access;
    if (access === undefined || access === 'public') return;

    let roles: Set<Role>;
    let principal: Omit<Principal, 'roles' | 'permissions'>;
    let sandboxName = headerValue(request, 'x-sandbox-name');
    const secret = bearerSecret(request);
    let keySandboxId: string | undefined;
    let userId: string | undefined;
    if (secret) {
      const key = await resolveApiKey(db, deps.clock, secret);
      if (!key) throw new AppError('UNAUTHENTICATED', 'The API key is unknown or revoked.');
      keySandboxId = key.sandboxId;
      roles = new Set([key.role]);
      principal = { actor: { type: 'apiKey', id: key.id, label: `${key.name} (${key.clientId})` } };
    } else {
      const token = request.cookies[SESSION_COOKIE];
      const session = token ? await resolveSession(db, deps.clock, token) : undefined;
      if (!session || !token) throw new AppError('UNAUTHENTICATED');
      request.sessionToken = token;
      userId = session.userId;
      roles = new Set();
      principal = {
        actor: { type: 'user', id: session.userId, label: session.email },
        csrfToken: session.csrfToken,
      };
      if (!SAFE_METHODS.has(request.method)) {
        const sent = headerValue(request, 'x-csrf-token');
        if (!sent || !safeEqual(sent, session.csrfToken)) throw new AppError('CSRF_TOKEN_INVALID');
      }
    }

    let sandbox;
    if (sandboxName === undefined && keySandboxId !== undefined) {
      sandbox = await db
        .selectFrom('sandboxes')
        .selectAll()
        .where('id', '=', keySandboxId)
        .executeTakeFirst();
    } else {
      sandboxName ??= DEFAULT_SANDBOX;
      sandbox = await findSandboxByName(db, sandboxName);
    }
    if (!sandbox) throw new AppError('SANDBOX_NOT_FOUND', `No sandbox named "${sandboxName}".`);
    if (keySandboxId !== undefined && sandbox.id !== keySandboxId)
      throw new AppError('SANDBOX_FORBIDDEN');
    if (userId !== undefined) roles = await rolesInSandbox(db, userId, sandbox.id);

    const permissions = permissionsOf(roles);
    request.principal = { ...principal, roles, permissions };
    request.sandbox = { id: sandbox.id, name: sandbox.name, title: sandbox.title };
    if (access === 'authenticated') return;
    if (!permissions.has(access)) {
      throw new AppError('FORBIDDEN', `This needs the permission ${access}.`, {
        permission: access,
      });
    }
  };
}

/** The service context of an authenticated request. */
export function contextOf(request: FastifyRequest, deps: AppDeps) {
  const principal = request.principal;
  const sandbox = request.sandbox;
  if (!principal || !sandbox)
    throw new Error(`Route ${request.url} used contextOf without authentication`);
  return {
    db: platformDb(deps.database.db),
    sandboxId: sandbox.id,
    actor: principal.actor,
    requestId: request.id,
    clock: deps.clock,
  };
}
