// Authentication and authorisation for every request, before validation: a route's declared
// access decides; credentials come from an API key or the session cookie; the sandbox from
// `x-sandbox-name`.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Selectable } from 'kysely';
import { resolveApiKey, type ApiKeyPrincipal } from '../platform/api-keys.ts';
import { platformDb, type Principal } from '../platform/context.ts';
import { AppError } from '../platform/errors.ts';
import { permissionsOf, type Role } from '../platform/permissions.ts';
import { rolesInSandbox } from '../platform/roles.ts';
import { DEFAULT_SANDBOX, findSandboxByName } from '../platform/sandboxes.ts';
import type { SandboxesTable } from '../platform/tables.ts';
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

/**
 * Routes that declare `cacheCredentials` (the execution API, called at high rates) reuse an API
 * key's principal and sandbox for up to this long: a revoked key is refused at most this late.
 */
const CREDENTIALS_TTL_MS = 1000;

export function authenticate(deps: AppDeps) {
  const db = platformDb(deps.database.db);
  const remembered = new Map<
    string,
    { expires: number; key: ApiKeyPrincipal; sandbox: Selectable<SandboxesTable> }
  >();
  return async function onRequest(request: FastifyRequest, _reply: FastifyReply): Promise<void> {
    request.principal = undefined;
    request.sandbox = undefined;
    request.sessionToken = undefined;
    const access = request.routeOptions.config.access;
    if (access === undefined || access === 'public') return;

    let roles: Set<Role>;
    let principal: Omit<Principal, 'roles' | 'permissions'>;
    const sandboxName = headerValue(request, 'x-sandbox-name');
    const sandboxFor = (keySandboxId: string | undefined) =>
      sandboxName === undefined && keySandboxId !== undefined
        ? db.selectFrom('sandboxes').selectAll().where('id', '=', keySandboxId).executeTakeFirst()
        : findSandboxByName(db, sandboxName ?? DEFAULT_SANDBOX);
    const secret = bearerSecret(request);
    let keySandboxId: string | undefined;
    let userId: string | undefined;
    let sandbox: Selectable<SandboxesTable> | undefined;
    if (secret) {
      const cacheKey = request.routeOptions.config.cacheCredentials
        ? `${secret}\n${sandboxName ?? ''}`
        : undefined;
      const hit = cacheKey ? remembered.get(cacheKey) : undefined;
      let key: ApiKeyPrincipal | undefined;
      if (hit && hit.expires > performance.now()) ({ key, sandbox } = hit);
      else {
        key = await resolveApiKey(db, deps.clock, secret);
        if (!key) throw new AppError('UNAUTHENTICATED', 'The API key is unknown or revoked.');
        sandbox = await sandboxFor(key.sandboxId);
        if (sandbox && cacheKey) {
          if (remembered.size > 1000) remembered.clear();
          remembered.set(cacheKey, {
            expires: performance.now() + CREDENTIALS_TTL_MS,
            key,
            sandbox,
          });
        }
      }
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

    if (!secret) sandbox = await sandboxFor(undefined);
    if (!sandbox)
      throw new AppError(
        'SANDBOX_NOT_FOUND',
        `No sandbox named "${sandboxName ?? DEFAULT_SANDBOX}".`,
      );
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
