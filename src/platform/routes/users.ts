// Users and their role assignments (Platform Administrator).
import { contextOf } from '../../http/auth.ts';
import type { AppDeps, TypedApp } from '../../http/types.ts';
import { Type } from '@sinclair/typebox';
import { listDirectory } from '../directory.ts';
import {
  DirectoryEntry,
  DirectoryQuery,
  ErrorBody,
  IdParams,
  InvitationLink,
  Page,
  RoleAssignmentsReplace,
  User,
  UserCreate,
  UserCreated,
  UserQuery,
  UserUpdate,
} from '../model.ts';
import {
  createUser,
  getUser,
  listUsers,
  reissueInvitation,
  setUserRoles,
  updateUser,
} from '../users.ts';

const tags = ['Users and roles'];
const errors = { 400: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };

export function userRoutes(app: TypedApp, deps: AppDeps): void {
  const invitationUrl = (token: string) => `${deps.publicUrl}/invite/${token}`;

  app.get('/users', {
    config: { access: 'users.manage' },
    schema: { tags, summary: 'List users', querystring: UserQuery, response: { 200: Page(User) } },
    handler: async (request) => {
      const ctx = contextOf(request, deps);
      return listUsers(ctx.db, {
        q: request.query.q,
        status: request.query.status,
        limit: request.query.limit ?? 50,
        cursor: request.query.cursor,
      });
    },
  });

  app.get('/users/directory', {
    config: { access: 'authenticated' },
    schema: {
      tags,
      summary: "The sandbox's people (active users with a role in it): id, email and name",
      querystring: DirectoryQuery,
      response: { 200: Type.Object({ items: Type.Array(DirectoryEntry) }) },
    },
    handler: async (request) => {
      const ctx = contextOf(request, deps);
      const items = await listDirectory(ctx.db, {
        sandboxId: ctx.sandboxId,
        q: request.query.q,
        limit: request.query.limit ?? 50,
      });
      return { items };
    },
  });

  app.post('/users', {
    config: { access: 'users.manage' },
    schema: {
      tags,
      summary: 'Create a user; without a password, returns a one-time invitation link',
      body: UserCreate,
      response: { 201: UserCreated, ...errors },
    },
    handler: async (request, reply) => {
      const created = await createUser(contextOf(request, deps), request.body);
      return reply.status(201).send({
        user: created.user,
        invitationUrl: created.invitationToken ? invitationUrl(created.invitationToken) : null,
      });
    },
  });

  app.get('/users/:id', {
    config: { access: 'users.manage' },
    schema: {
      tags,
      summary: 'Get a user',
      params: IdParams,
      response: { 200: User, 404: ErrorBody },
    },
    handler: async (request) => getUser(contextOf(request, deps).db, request.params.id),
  });

  app.patch('/users/:id', {
    config: { access: 'users.manage' },
    schema: {
      tags,
      summary: 'Rename, disable or re-enable a user',
      params: IdParams,
      body: UserUpdate,
      response: { 200: User, ...errors },
    },
    handler: async (request) =>
      updateUser(contextOf(request, deps), request.params.id, request.body),
  });

  app.put('/users/:id/roles', {
    config: { access: 'users.manage' },
    schema: {
      tags,
      summary: "Replace a user's role assignments",
      params: IdParams,
      body: RoleAssignmentsReplace,
      response: { 200: User, ...errors },
    },
    handler: async (request) =>
      setUserRoles(contextOf(request, deps), request.params.id, request.body.roles),
  });

  app.post('/users/:id/invite', {
    config: { access: 'users.manage' },
    schema: {
      tags,
      summary: 'Issue a new one-time link to set a password (invitation or reset)',
      params: IdParams,
      response: { 200: InvitationLink, ...errors },
    },
    handler: async (request) => ({
      invitationUrl: invitationUrl(
        await reissueInvitation(contextOf(request, deps), request.params.id),
      ),
    }),
  });
}
