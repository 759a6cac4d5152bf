// API credentials of the request's sandbox.
import { contextOf } from '../../http/auth.ts';
import type { AppDeps, TypedApp } from '../../http/types.ts';
import { createApiKey, listApiKeys, revokeApiKey } from '../api-keys.ts';
import {
  ApiKey,
  ApiKeyCreate,
  ApiKeyCreated,
  ApiKeyQuery,
  ErrorBody,
  IdParams,
  Page,
} from '../model.ts';

const tags = ['API keys'];

export function apiKeyRoutes(app: TypedApp, deps: AppDeps): void {
  app.get('/api-keys', {
    config: { access: 'apiKeys.manage' },
    schema: {
      tags,
      summary: 'List API keys of the sandbox',
      querystring: ApiKeyQuery,
      response: { 200: Page(ApiKey) },
    },
    handler: async (request) => {
      const ctx = contextOf(request, deps);
      return listApiKeys(ctx.db, {
        sandboxId: ctx.sandboxId,
        includeRevoked: request.query.includeRevoked ?? false,
        limit: request.query.limit ?? 50,
        cursor: request.query.cursor,
      });
    },
  });

  app.post('/api-keys', {
    config: { access: 'apiKeys.manage' },
    schema: {
      tags,
      summary: 'Create an API key; the secret is returned once',
      body: ApiKeyCreate,
      response: { 201: ApiKeyCreated, 400: ErrorBody },
    },
    handler: async (request, reply) =>
      reply.status(201).send(await createApiKey(contextOf(request, deps), request.body)),
  });

  app.post('/api-keys/:id/revoke', {
    config: { access: 'apiKeys.manage' },
    schema: {
      tags,
      summary: 'Revoke an API key; it stops working at once',
      params: IdParams,
      response: { 200: ApiKey, 404: ErrorBody },
    },
    handler: async (request) => revokeApiKey(contextOf(request, deps), request.params.id),
  });
}
