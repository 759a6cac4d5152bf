// Sign-in, sign-out, the current principal, and invitation links.
import { Type } from '@sinclair/typebox';
import { contextOf } from '../../http/auth.ts';
import type { AppDeps, TypedApp } from '../../http/types.ts';
import { platformDb } from '../context.ts';
import {
  ErrorBody,
  RoleInfo,
  InvitationAccept,
  InvitationInfo,
  LoginRequest,
  Me,
  TokenParams,
  User,
} from '../model.ts';
import { PERMISSIONS, ROLE_DEFINITIONS, ROLES } from '../permissions.ts';
import { listSandboxes } from '../sandboxes.ts';
import { login, logout, SESSION_COOKIE, SESSION_TTL_MS } from '../sessions.ts';
import { acceptInvitation, describeInvitation } from '../users.ts';

const tags = ['Authentication'];

export function authRoutes(app: TypedApp, deps: AppDeps): void {
  const db = platformDb(deps.database.db);

  app.post('/auth/login', {
    config: { access: 'public' },
    schema: {
      tags,
      summary: 'Sign in with email and password; sets the session cookie',
      body: LoginRequest,
      response: { 200: Type.Object({ csrfToken: Type.String() }), 401: ErrorBody, 429: ErrorBody },
    },
    handler: async (request, reply) => {
      const session = await login(db, deps.clock, {
        email: request.body.email,
        password: request.body.password,
        ip: request.ip,
        userAgent: request.headers['user-agent'] ?? '',
        requestId: request.id,
      });
      void reply.setCookie(SESSION_COOKIE, session.token, {
        path: '/',
        httpOnly: true,
        sameSite: 'lax',
        secure: request.protocol === 'https',
        maxAge: SESSION_TTL_MS / 1000,
      });
      return { csrfToken: session.user.csrfToken };
    },
  });

  app.post('/auth/logout', {
    config: { access: 'authenticated' },
    schema: { tags, summary: 'End the current session', response: { 204: Type.Null() } },
    handler: async (request, reply) => {
      if (request.sessionToken) await logout(db, request.sessionToken);
      void reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.status(204).send(null);
    },
  });

  app.get('/auth/me', {
    config: { access: 'authenticated' },
    schema: {
      tags,
      summary: 'Who is signed in, in which sandbox, with which roles and permissions',
      response: { 200: Me },
    },
    handler: async (request) => {
      const ctx = contextOf(request, deps);
      const principal = request.principal!;
      const sandbox = request.sandbox!;
      const all = await listSandboxes(db);
      let visible = all.filter((s) => s.id === sandbox.id);
      if (principal.actor.type === 'user') {
        const userId = principal.actor.id;
        const rows = await ctx.db
          .selectFrom('role_assignments')
          .select('sandbox_id')
          .where('user_id', '=', userId)
          .execute();
        const global = rows.some((row) => row.sandbox_id === null);
        const ids = new Set(rows.map((row) => row.sandbox_id));
        visible = global ? all : all.filter((s) => ids.has(s.id));
      }
      return {
        actor: principal.actor,
        sandbox,
        sandboxes: visible.map((s) => ({ name: s.name, title: s.title })),
        roles: ROLES.filter((role) => principal.roles.has(role)),
        permissions: PERMISSIONS.filter((permission) => principal.permissions.has(permission)),
        csrfToken: principal.csrfToken ?? null,
      };
    },
  });

  app.get('/auth/invitations/:token', {
    config: { access: 'public' },
    schema: {
      tags,
      summary: 'Who an invitation link is for',
      params: TokenParams,
      response: { 200: InvitationInfo, 404: ErrorBody },
    },
    handler: async (request) => describeInvitation(db, request.params.token, deps.clock.now()),
  });

  app.post('/auth/invitations/:token/accept', {
    config: { access: 'public' },
    schema: {
      tags,
      summary: 'Set a password from an invitation link (works once)',
      params: TokenParams,
      body: InvitationAccept,
      response: { 200: User, 404: ErrorBody },
    },
    handler: async (request) =>
      acceptInvitation(
        { db, clock: deps.clock, requestId: request.id },
        request.params.token,
        request.body.password,
      ),
  });

  app.get('/roles', {
    config: { access: 'authenticated' },
    schema: {
      tags: ['Users and roles'],
      summary: 'The built-in roles and their permissions',
      response: { 200: Type.Array(RoleInfo) },
    },
    handler: async () =>
      ROLES.map((name) => ({
        name,
        ...ROLE_DEFINITIONS[name],
        permissions: [...ROLE_DEFINITIONS[name].permissions],
      })),
  });
}
