// Identity namespaces and subscription lists.
import { Type } from '@sinclair/typebox';
import type { AppDeps, TypedApp } from '../../http/types.ts';
import { ErrorBody, IdParams, Uuid } from '../../platform/model.ts';
import {
  MembershipChange,
  ProfileSubscription,
  Namespace,
  NamespaceCode,
  NamespaceCreate,
  SubscriptionList,
  SubscriptionListCreate,
} from '../model.ts';
import { createNamespace, deleteNamespace, listNamespaces } from '../namespaces.ts';
import { loadProfile } from '../profiles.ts';
import {
  addMember,
  createSubscriptionList,
  deleteSubscriptionList,
  listsOfProfile,
  listSubscriptionLists,
  removeMember,
} from '../subscription-lists.ts';
import { profilesCall } from './context.ts';

export function listRoutes(app: TypedApp, deps: AppDeps): void {
  const nsTags = ['Identity namespaces'];
  app.get('/identity-namespaces', {
    config: { access: 'profiles.read' },
    schema: {
      tags: nsTags,
      summary: 'Built-in and custom identity namespaces',
      response: { 200: Type.Object({ items: Type.Array(Namespace) }) },
    },
    handler: async (request) => {
      const call = profilesCall(request, deps);
      return { items: await listNamespaces(call.db, call.sandboxId) };
    },
  });
  app.post('/identity-namespaces', {
    config: { access: 'profiles.write' },
    schema: {
      tags: nsTags,
      summary: 'Add a custom identity namespace',
      body: NamespaceCreate,
      response: { 201: Namespace, 400: ErrorBody, 409: ErrorBody },
    },
    handler: async (request, reply) =>
      reply.status(201).send(await createNamespace(profilesCall(request, deps), request.body)),
  });
  app.delete('/identity-namespaces/:code', {
    config: { access: 'profiles.write' },
    schema: {
      tags: nsTags,
      summary: 'Remove an unused custom namespace',
      params: Type.Object({ code: NamespaceCode }),
      response: { 204: Type.Null(), 404: ErrorBody, 409: ErrorBody },
    },
    handler: async (request, reply) => {
      await deleteNamespace(profilesCall(request, deps), request.params.code);
      return reply.status(204).send(null);
    },
  });

  const tags = ['Subscription lists'];
  app.get('/subscription-lists', {
    config: { access: 'profiles.read' },
    schema: {
      tags,
      summary: 'Subscription lists with member counts',
      response: { 200: Type.Object({ items: Type.Array(SubscriptionList) }) },
    },
    handler: async (request) => {
      const call = profilesCall(request, deps);
      return { items: await listSubscriptionLists(call.db, call.sandboxId) };
    },
  });
  app.post('/subscription-lists', {
    config: { access: 'profiles.write' },
    schema: {
      tags,
      summary: 'Create a subscription list',
      body: SubscriptionListCreate,
      response: { 201: SubscriptionList, 400: ErrorBody, 409: ErrorBody },
    },
    handler: async (request, reply) =>
      reply
        .status(201)
        .send(await createSubscriptionList(profilesCall(request, deps), request.body)),
  });
  app.delete('/subscription-lists/:id', {
    config: { access: 'profiles.write' },
    schema: {
      tags,
      summary: 'Delete a subscription list and its memberships',
      params: IdParams,
      response: { 204: Type.Null(), 404: ErrorBody },
    },
    handler: async (request, reply) => {
      await deleteSubscriptionList(profilesCall(request, deps), request.params.id);
      return reply.status(204).send(null);
    },
  });
  app.post('/subscription-lists/:id/members', {
    config: { access: 'profiles.write' },
    schema: {
      tags,
      summary: 'Subscribe a profile',
      params: IdParams,
      body: MembershipChange,
      response: { 204: Type.Null(), 404: ErrorBody },
    },
    handler: async (request, reply) => {
      await addMember(
        profilesCall(request, deps),
        request.params.id,
        request.body.profileId,
        request.body.source ?? 'api',
      );
      return reply.status(204).send(null);
    },
  });
  app.delete('/subscription-lists/:id/members/:profileId', {
    config: { access: 'profiles.write' },
    schema: {
      tags,
      summary: 'Unsubscribe a profile',
      params: Type.Object({ id: Uuid, profileId: Uuid }),
      response: { 204: Type.Null() },
    },
    handler: async (request, reply) => {
      await removeMember(profilesCall(request, deps), request.params.id, request.params.profileId);
      return reply.status(204).send(null);
    },
  });
  app.get('/profiles/:id/subscriptions', {
    config: { access: 'profiles.read' },
    schema: {
      tags,
      summary: 'The lists a profile is subscribed to',
      params: IdParams,
      response: {
        200: Type.Object({ items: Type.Array(ProfileSubscription) }),
        404: ErrorBody,
      },
    },
    handler: async (request) => {
      const call = profilesCall(request, deps);
      await loadProfile(call.db, call.sandboxId, request.params.id);
      return { items: await listsOfProfile(call.db, call.sandboxId, request.params.id) };
    },
  });
}
