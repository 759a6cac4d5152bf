// Events and push registrations.
import { Type } from '@sinclair/typebox';
import type { AppDeps, TypedApp } from '../../http/types.ts';
import { ErrorBody, IdParams, Page } from '../../platform/model.ts';
import { AppError } from '../../platform/errors.ts';
import { eventsOfProfile, ingestEvents } from '../events.ts';
import {
  EventBatch,
  EventInput,
  EventQuery,
  ProfileEvent,
  PushToken,
  PushTokenCreate,
  PushTokenDeactivate,
} from '../model.ts';
import { loadProfile } from '../profiles.ts';
import { deactivatePushToken, pushTokensOf, registerPushToken } from '../push-tokens.ts';
import { profilesCall } from './context.ts';

const BatchResult = Type.Object({
  accepted: Type.Integer(),
  rejected: Type.Array(
    Type.Object({ index: Type.Integer(), code: Type.String(), message: Type.String() }),
  ),
});

export function eventRoutes(app: TypedApp, deps: AppDeps): void {
  const tags = ['Events'];
  app.post('/events', {
    config: { access: 'profiles.write' },
    schema: {
      tags,
      summary: 'Record one event for the profile with this identity',
      body: EventInput,
      response: { 202: Type.Object({ accepted: Type.Integer() }), 400: ErrorBody, 404: ErrorBody },
    },
    handler: async (request, reply) => {
      const call = profilesCall(request, deps);
      const result = await ingestEvents(call.db, call.sandboxId, [request.body], call.clock.now());
      const rejection = result.rejected[0];
      if (rejection) throw new AppError(rejection.code, rejection.message.replace('/events/0', ''));
      return reply.status(202).send({ accepted: result.accepted });
    },
  });
  app.post('/events/batch', {
    config: { access: 'profiles.write' },
    schema: {
      tags,
      summary: 'Record up to 1,000 events; unknown identities are reported by index',
      body: EventBatch,
      response: { 202: BatchResult, 400: ErrorBody },
    },
    handler: async (request, reply) => {
      const call = profilesCall(request, deps);
      return reply
        .status(202)
        .send(await ingestEvents(call.db, call.sandboxId, request.body.events, call.clock.now()));
    },
  });
  app.get('/profiles/:id/events', {
    config: { access: 'profiles.read' },
    schema: {
      tags,
      summary: 'Events of a profile, newest first',
      params: IdParams,
      querystring: EventQuery,
      response: { 200: Page(ProfileEvent), 400: ErrorBody, 404: ErrorBody },
    },
    handler: async (request) => {
      const call = profilesCall(request, deps);
      await loadProfile(call.db, call.sandboxId, request.params.id);
      return eventsOfProfile(call.db, {
        sandboxId: call.sandboxId,
        profileId: request.params.id,
        ...request.query,
        limit: request.query.limit ?? 50,
      });
    },
  });

  const pushTags = ['Push registrations'];
  app.get('/profiles/:id/push-tokens', {
    config: { access: 'profiles.read' },
    schema: {
      tags: pushTags,
      summary: 'Push tokens of a profile',
      params: IdParams,
      response: { 200: Type.Object({ items: Type.Array(PushToken) }), 404: ErrorBody },
    },
    handler: async (request) => {
      const call = profilesCall(request, deps);
      await loadProfile(call.db, call.sandboxId, request.params.id);
      return { items: await pushTokensOf(call.db, call.sandboxId, request.params.id) };
    },
  });
  app.post('/profiles/:id/push-tokens', {
    config: { access: 'profiles.write' },
    schema: {
      tags: pushTags,
      summary: 'Register a device token or Web Push subscription',
      params: IdParams,
      body: PushTokenCreate,
      response: { 201: PushToken, 400: ErrorBody, 404: ErrorBody },
    },
    handler: async (request, reply) =>
      reply
        .status(201)
        .send(
          await registerPushToken(profilesCall(request, deps), request.params.id, request.body),
        ),
  });
  app.post('/push-tokens/deactivate', {
    config: { access: 'profiles.write' },
    schema: {
      tags: pushTags,
      summary: 'Stop sending to a token a provider reported invalid',
      body: PushTokenDeactivate,
      response: { 200: PushToken, 404: ErrorBody },
    },
    handler: async (request) => deactivatePushToken(profilesCall(request, deps), request.body),
  });
}
