// Delivery: the suppression list, the message log, the feedback log and execution summaries.
import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import { Readable } from 'node:stream';
import { contextOf } from '../http/auth.ts';
import type { AppDeps, TypedApp } from '../http/types.ts';
import { ErrorBody, IdParams, Page, PageQuery } from '../platform/model.ts';
import { ChannelName } from '../profiles/model.ts';
import {
  executionSummary,
  ExecutionSummary,
  listMessages,
  messagesCsv,
  LoggedMessage,
  MessageStatusName,
} from './message-log.ts';
import { FeedbackEntry, FeedbackFilters, listFeedback } from './feedback/list.ts';
import { ProofRequest, ProofResult, sendProofs } from './proofs.ts';
import {
  listSuppressions,
  suppress,
  SUPPRESSION_CATEGORIES,
  Suppression,
  SuppressionInput,
  suppressionsCsv,
  unsuppress,
  type SuppressionsCall,
} from './suppressions.ts';

const tags = ['Delivery'];
const errors = { 400: ErrorBody, 404: ErrorBody };

function call(request: FastifyRequest, deps: AppDeps): SuppressionsCall {
  const ctx = contextOf(request, deps);
  return {
    db: deps.database.db,
    sandboxId: ctx.sandboxId,
    actor: ctx.actor,
    clock: ctx.clock,
    requestId: ctx.requestId,
  };
}

const SuppressionFilters = {
  channel: Type.Optional(ChannelName),
  category: Type.Optional(Type.Union(SUPPRESSION_CATEGORIES.map((c) => Type.Literal(c)))),
  q: Type.Optional(Type.String({ maxLength: 200, description: 'Part of the address' })),
};

export function deliveryRoutes(app: TypedApp, deps: AppDeps): void {
  app.get('/suppressions', {
    config: { access: 'channels.read' },
    schema: {
      tags,
      summary: 'Suppressed addresses, newest first',
      querystring: Type.Object({ ...PageQuery, ...SuppressionFilters }),
      response: { 200: Page(Suppression) },
    },
    handler: async (request) => {
      const c = call(request, deps);
      return listSuppressions(c.db, c.sandboxId, {
        ...request.query,
        limit: request.query.limit ?? 50,
      });
    },
  });

  app.get('/suppressions.csv', {
    config: { access: 'channels.read' },
    schema: {
      tags,
      summary: 'The suppression list as CSV (same filters)',
      produces: ['text/csv'],
      querystring: Type.Object(SuppressionFilters),
    },
    handler: async (request, reply) => {
      const c = call(request, deps);
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="suppressions.csv"')
        .send(Readable.from(suppressionsCsv(c.db, c.sandboxId, request.query)));
    },
  });

  app.post('/suppressions', {
    config: { access: 'channels.write' },
    schema: {
      tags,
      summary: 'Suppress an address by hand (category manual)',
      body: SuppressionInput,
      response: { 201: Suppression, ...errors },
    },
    handler: async (request, reply) =>
      reply.status(201).send(await suppress(call(request, deps), request.body, 'manual')),
  });

  app.delete('/suppressions/:channel/:address', {
    config: { access: 'channels.write' },
    schema: {
      tags,
      summary: 'Take an address off the suppression list',
      params: Type.Object({ channel: ChannelName, address: Type.String({ minLength: 1 }) }),
      response: { 204: Type.Null(), ...errors },
    },
    handler: async (request, reply) => {
      await unsuppress(call(request, deps), request.params.channel, request.params.address);
      return reply.status(204).send(null);
    },
  });

  app.get('/messages', {
    config: { access: 'reports.read' },
    schema: {
      tags,
      summary: 'The message log of an execution or of a profile',
      querystring: Type.Object({
        ...PageQuery,
        executionId: Type.Optional(Type.String({ format: 'uuid' })),
        profileId: Type.Optional(Type.String({ format: 'uuid' })),
        status: Type.Optional(MessageStatusName),
      }),
      response: { 200: Page(LoggedMessage), ...errors },
    },
    handler: async (request) => {
      const c = call(request, deps);
      return listMessages(c.db, c.sandboxId, {
        ...request.query,
        limit: request.query.limit ?? 50,
      });
    },
  });

  app.get('/messages.csv', {
    config: { access: 'reports.read' },
    schema: {
      tags,
      summary: 'The message log of an execution or of a profile as CSV (same filters)',
      produces: ['text/csv'],
      querystring: Type.Object({
        executionId: Type.Optional(Type.String({ format: 'uuid' })),
        profileId: Type.Optional(Type.String({ format: 'uuid' })),
        status: Type.Optional(MessageStatusName),
      }),
    },
    handler: async (request, reply) => {
      const c = call(request, deps);
      // Checked before the first byte, so a bad request still gets its 400.
      await listMessages(c.db, c.sandboxId, { ...request.query, limit: 1 });
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="messages.csv"')
        .send(Readable.from(messagesCsv(c.db, c.sandboxId, request.query)));
    },
  });

  app.get('/delivery-feedback', {
    config: { access: 'reports.read' },
    schema: {
      tags,
      summary: 'Bounces, complaints and provider callbacks as recorded, newest first',
      querystring: Type.Object({ ...PageQuery, ...FeedbackFilters }),
      response: { 200: Page(FeedbackEntry), ...errors },
    },
    handler: async (request) => {
      const c = call(request, deps);
      return listFeedback(c.db, c.sandboxId, {
        ...request.query,
        limit: request.query.limit ?? 50,
      });
    },
  });

  app.post('/proofs', {
    config: { access: 'content.write' },
    schema: {
      tags,
      summary: 'Send a proof of content to up to 10 addresses, rendered for chosen test profiles',
      body: ProofRequest,
      response: { 200: ProofResult, ...errors, 409: ErrorBody },
    },
    handler: async (request) =>
      sendProofs({ ...call(request, deps), secret: deps.secret }, request.body),
  });

  app.get('/executions/:id', {
    config: { access: 'reports.read' },
    schema: {
      tags,
      summary: 'An execution with its messages counted by status and exclusions by reason',
      params: IdParams,
      response: { 200: ExecutionSummary, 404: ErrorBody },
    },
    handler: async (request) => {
      const c = call(request, deps);
      return executionSummary(c.db, c.sandboxId, request.params.id);
    },
  });
}
