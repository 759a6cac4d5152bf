// The feedback webhook of the sandbox (SPEC T4): its settings, a test event, the delivery log.
import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import { contextOf } from '../http/auth.ts';
import type { AppDeps, TypedApp } from '../http/types.ts';
import { ErrorBody, Page } from '../platform/model.ts';
import { webhooksDb, type WebhooksCall } from './db.ts';
import {
  FeedbackWebhook,
  FeedbackWebhookInput,
  TestResult,
  WebhookEvent,
  WebhookEventQuery,
} from './model.ts';
import {
  deleteFeedbackWebhook,
  getFeedbackWebhook,
  listWebhookEvents,
  saveFeedbackWebhook,
} from './store.ts';
import { sendTestEvent } from './test-event.ts';

const tags = ['Feedback webhook'];

function webhooksCall(request: FastifyRequest, deps: AppDeps): WebhooksCall {
  const ctx = contextOf(request, deps);
  return {
    db: webhooksDb(deps.database.db),
    sandboxId: ctx.sandboxId,
    actor: ctx.actor,
    clock: ctx.clock,
    secret: deps.secret,
    requestId: ctx.requestId,
  };
}

export function webhookRoutes(app: TypedApp, deps: AppDeps): void {
  app.get('/feedback-webhook', {
    config: { access: 'channels.read' },
    schema: {
      tags,
      summary: "The sandbox's feedback webhook (the secret is never returned)",
      response: { 200: FeedbackWebhook, 404: ErrorBody },
    },
    handler: async (request) => {
      const c = webhooksCall(request, deps);
      return getFeedbackWebhook(c.db, c.sandboxId);
    },
  });

  app.put('/feedback-webhook', {
    config: { access: 'channels.write' },
    schema: {
      tags,
      summary: 'Create or change the feedback webhook; a secret left out keeps the stored one',
      body: FeedbackWebhookInput,
      response: { 200: FeedbackWebhook, 400: ErrorBody },
    },
    handler: async (request) => saveFeedbackWebhook(webhooksCall(request, deps), request.body),
  });

  app.delete('/feedback-webhook', {
    config: { access: 'channels.write' },
    schema: {
      tags,
      summary: 'Remove the feedback webhook (events not yet delivered are dropped)',
      response: { 204: Type.Null(), 404: ErrorBody },
    },
    handler: async (request, reply) => {
      await deleteFeedbackWebhook(webhooksCall(request, deps));
      return reply.status(204).send(null);
    },
  });

  app.post('/feedback-webhook/test', {
    config: { access: 'channels.write' },
    schema: {
      tags,
      summary: "Send a signed test event now and answer with the receiver's status",
      response: { 200: TestResult, 404: ErrorBody },
    },
    handler: async (request) => sendTestEvent(webhooksCall(request, deps)),
  });

  app.get('/feedback-webhook/events', {
    config: { access: 'channels.read' },
    schema: {
      tags,
      summary: 'The delivery log: events sent or to be sent, newest first',
      querystring: WebhookEventQuery,
      response: { 200: Page(WebhookEvent) },
    },
    handler: async (request) => {
      const c = webhooksCall(request, deps);
      return listWebhookEvents(c.db, c.sandboxId, request.query);
    },
  });
}
