// Channel configurations: CRUD, activation (checked) and deactivation.
import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import { contextOf } from '../http/auth.ts';
import type { AppDeps, TypedApp } from '../http/types.ts';
import { ErrorBody, IdParams, Page, PageQuery } from '../platform/model.ts';
import { channelsDb, type ChannelsCall } from './db.ts';
import { CONFIGURATION_STATUSES, Configuration, ConfigurationInput } from './model.ts';
import {
  changeStatus,
  deleteConfiguration,
  getConfiguration,
  listConfigurations,
  saveConfiguration,
} from './store.ts';

const tags = ['Channels'];
const errors = { 400: ErrorBody, 404: ErrorBody, 409: ErrorBody };

function channelsCall(request: FastifyRequest, deps: AppDeps): ChannelsCall {
  const ctx = contextOf(request, deps);
  return {
    db: channelsDb(deps.database.db),
    sandboxId: ctx.sandboxId,
    actor: ctx.actor,
    clock: ctx.clock,
    secret: deps.secret,
    requestId: ctx.requestId,
  };
}

export function channelRoutes(app: TypedApp, deps: AppDeps): void {
  app.get('/channel-configurations', {
    config: { access: 'channels.read' },
    schema: {
      tags,
      summary: 'Channel configurations by name',
      querystring: Type.Object({
        ...PageQuery,
        channel: Type.Optional(
          Type.Union([Type.Literal('email'), Type.Literal('sms'), Type.Literal('push')]),
        ),
        status: Type.Optional(Type.Union(CONFIGURATION_STATUSES.map((s) => Type.Literal(s)))),
        q: Type.Optional(Type.String({ maxLength: 200 })),
      }),
      response: { 200: Page(Configuration) },
    },
    handler: async (request) => {
      const c = channelsCall(request, deps);
      return listConfigurations(c.db, c.sandboxId, {
        ...request.query,
        limit: request.query.limit ?? 50,
      });
    },
  });

  app.post('/channel-configurations', {
    config: { access: 'channels.write' },
    schema: {
      tags,
      summary: 'Create a configuration (as a draft); credentials are stored encrypted',
      body: ConfigurationInput,
      response: { 201: Configuration, ...errors },
    },
    handler: async (request, reply) =>
      reply.status(201).send(await saveConfiguration(channelsCall(request, deps), request.body)),
  });

  app.get('/channel-configurations/:id', {
    config: { access: 'channels.read' },
    schema: {
      tags,
      summary: 'One configuration (credentials are listed by name only)',
      params: IdParams,
      response: { 200: Configuration, 404: ErrorBody },
    },
    handler: async (request) => {
      const c = channelsCall(request, deps);
      return getConfiguration(c.db, c.sandboxId, request.params.id);
    },
  });

  app.put('/channel-configurations/:id', {
    config: { access: 'channels.write' },
    schema: {
      tags,
      summary:
        'Save a new version; credentials given replace the stored ones ("" removes one), others stay',
      params: IdParams,
      body: ConfigurationInput,
      response: { 200: Configuration, ...errors },
    },
    handler: async (request) =>
      saveConfiguration(channelsCall(request, deps), request.body, request.params.id),
  });

  for (const action of ['activate', 'deactivate'] as const)
    app.post(`/channel-configurations/:id/${action}`, {
      config: { access: 'channels.write' },
      schema: {
        tags,
        summary:
          action === 'activate'
            ? 'Activate after checking it can send (every problem is listed with its field)'
            : 'Stop using the configuration for new sends',
        params: IdParams,
        response: { 200: Configuration, ...errors },
      },
      handler: async (request) =>
        changeStatus(channelsCall(request, deps), request.params.id, action),
    });

  app.delete('/channel-configurations/:id', {
    config: { access: 'channels.write' },
    schema: {
      tags,
      summary: 'Delete a draft configuration',
      params: IdParams,
      response: { 204: Type.Null(), ...errors },
    },
    handler: async (request, reply) => {
      await deleteConfiguration(channelsCall(request, deps), request.params.id);
      return reply.status(204).send(null);
    },
  });
}
