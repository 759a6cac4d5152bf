// Profiles: upsert, lookup, search, read, erase, consent.
import { Type } from '@sinclair/typebox';
import type { AppDeps, TypedApp } from '../../http/types.ts';
import { ErrorBody, IdParams, Page } from '../../platform/model.ts';
import { applyConsent, consentHistory } from '../consent.ts';
import {
  ConsentChange,
  ConsentHistoryEntry,
  Profile,
  ProfileLookup,
  ProfileSearch,
  ProfileUpsert,
} from '../model.ts';
import { eraseProfile, loadProfile, upsertProfile } from '../profiles.ts';
import { lookupProfile, searchProfiles } from '../search.ts';
import { profilesCall } from './context.ts';

const tags = ['Profiles'];
const errors = { 400: ErrorBody, 404: ErrorBody, 409: ErrorBody };

export function profileRoutes(app: TypedApp, deps: AppDeps): void {
  app.post('/profiles', {
    config: { access: 'profiles.write' },
    schema: {
      tags,
      summary: 'Create or update the profile these identities point at (attributes deep-merge)',
      description:
        'Identities that belong to two different profiles are refused with 409 IDENTITY_CONFLICT; profiles are never merged implicitly.',
      body: ProfileUpsert,
      response: { 200: Profile, 201: Profile, ...errors },
    },
    handler: async (request, reply) => {
      const { profile, created } = await upsertProfile(profilesCall(request, deps), request.body);
      return reply.status(created ? 201 : 200).send(profile);
    },
  });

  app.get('/profiles', {
    config: { access: 'profiles.read' },
    schema: {
      tags,
      summary: 'Search profiles by identity prefix and attribute',
      querystring: ProfileSearch,
      response: { 200: Page(Profile) },
    },
    handler: async (request) => {
      const call = profilesCall(request, deps);
      return searchProfiles(call.db, {
        sandboxId: call.sandboxId,
        ...request.query,
        limit: request.query.limit ?? 50,
      });
    },
  });

  app.get('/profiles/lookup', {
    config: { access: 'profiles.read' },
    schema: {
      tags,
      summary: 'The profile with this identity',
      querystring: ProfileLookup,
      response: { 200: Profile, 404: ErrorBody },
    },
    handler: async (request) => {
      const call = profilesCall(request, deps);
      return lookupProfile(call.db, call.sandboxId, request.query.namespace, request.query.value);
    },
  });

  app.get('/profiles/:id', {
    config: { access: 'profiles.read' },
    schema: {
      tags,
      summary: 'A profile',
      params: IdParams,
      response: { 200: Profile, 404: ErrorBody },
    },
    handler: async (request) => {
      const call = profilesCall(request, deps);
      return loadProfile(call.db, call.sandboxId, request.params.id);
    },
  });

  app.delete('/profiles/:id', {
    config: { access: 'profiles.write' },
    schema: {
      tags,
      summary: 'Erase a profile: identities, consent, subscriptions, push tokens and events',
      params: IdParams,
      response: { 204: Type.Null(), 404: ErrorBody },
    },
    handler: async (request, reply) => {
      await eraseProfile(profilesCall(request, deps), request.params.id);
      return reply.status(204).send(null);
    },
  });

  app.put('/profiles/:id/consent', {
    config: { access: 'profiles.write' },
    schema: {
      tags,
      summary: 'Set marketing consent for one channel',
      params: IdParams,
      body: ConsentChange,
      response: { 200: Profile, ...errors },
    },
    handler: async (request) => {
      const call = profilesCall(request, deps);
      return call.db.transaction().execute(async (tx) => {
        await loadProfile(tx, call.sandboxId, request.params.id);
        await applyConsent(tx, {
          sandboxId: call.sandboxId,
          profileId: request.params.id,
          channel: request.body.channel,
          status: request.body.status,
          source: request.body.source ?? 'api',
          at: call.clock.now(),
        });
        return loadProfile(tx, call.sandboxId, request.params.id);
      });
    },
  });

  app.get('/profiles/:id/consent/history', {
    config: { access: 'profiles.read' },
    schema: {
      tags,
      summary: 'Every consent change of a profile, newest first',
      params: IdParams,
      response: { 200: Type.Object({ items: Type.Array(ConsentHistoryEntry) }), 404: ErrorBody },
    },
    handler: async (request) => {
      const call = profilesCall(request, deps);
      await loadProfile(call.db, call.sandboxId, request.params.id);
      return { items: await consentHistory(call.db, call.sandboxId, request.params.id) };
    },
  });
}
