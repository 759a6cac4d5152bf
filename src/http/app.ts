// buildApp(): the whole HTTP surface. Tests call it and use `inject`; `clarion start` listens.
import cookie from '@fastify/cookie';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { LogController } from 'fastify';
import { randomUUID } from 'node:crypto';
import { isMigrated } from '../db/migrate.ts';
import { audienceRoutes } from '../audiences/routes.ts';
import { snapshotRoutes } from '../audiences/snapshot-routes.ts';
import { audienceUploadRoutes } from '../audiences/uploads/upload-routes.ts';
import { contentRoutes } from '../content/routes.ts';
import { channelRoutes } from '../channels/routes.ts';
import { mailboxRoutes } from '../channels/mailbox/routes.ts';
import { deliveryRoutes } from '../delivery/routes.ts';
import { feedbackRoutes } from '../delivery/feedback/routes.ts';
import { trackingRoutes } from '../delivery/tracking/routes.ts';
import { governanceRoutes } from '../governance/routes.ts';
import { maintenanceRoutes } from '../jobs/routes.ts';
import { datasetRoutes } from '../profiles/routes/datasets.ts';
import { eventRoutes } from '../profiles/routes/events.ts';
import { importRoutes } from '../profiles/routes/imports.ts';
import { listRoutes } from '../profiles/routes/lists.ts';
import { profileRoutes } from '../profiles/routes/profiles.ts';
import { AppError } from '../platform/errors.ts';
import { apiKeyRoutes } from '../platform/routes/api-keys.ts';
import { auditRoutes } from '../platform/routes/audit.ts';
import { authRoutes } from '../platform/routes/auth.ts';
import { sandboxRoutes } from '../platform/routes/sandboxes.ts';
import { sandboxEraser } from './sandbox-erase.ts';
import { userRoutes } from '../platform/routes/users.ts';
import { authenticate } from './auth.ts';
import { registerConsole } from './console.ts';
import { campaignRoutes } from '../campaigns/routes.ts';
import { orchestratedRoutes } from '../orchestration/routes.ts';
import { webhookRoutes } from '../webhooks/routes.ts';
import { registerCampaignUsage } from '../campaigns/usage.ts';
import { registerOrchestratedUsage } from '../orchestration/usage.ts';
import { executionApiRoutes } from '../campaigns/im/routes.ts';
import { handleError, sendError } from './errors.ts';
import { registerOpenApi } from './openapi.ts';
import { validatorCompiler } from './validation.ts';
import { healthRoutes } from './health.ts';
import type { AppDeps, RouteEntry, TypedApp } from './types.ts';

/** Paths registered by documentation plugins; they serve static pages only. */
const DOCS_ROUTE = /^\/docs(\/|$)/;

export const REDACTED_LOG_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.secret',
];

export async function buildApp(deps: AppDeps): Promise<TypedApp & { routeTable: RouteEntry[] }> {
  const app = Fastify({
    logger: {
      level: deps.logLevel ?? 'silent',
      redact: { paths: REDACTED_LOG_PATHS, censor: '[redacted]' },
    },
    requestIdHeader: 'x-request-id',
    genReqId: () => randomUUID(),
    trustProxy: deps.trustProxy ?? false,
    // Signed tracking links carry their claim in the path (the click's target URL included).
    routerOptions: { maxParamLength: 8000 },
    // Requests are logged by the onResponse hook below, at debug level unless they fail.
    logController: new LogController({ disableRequestLogging: true }),
    ajv: {
      customOptions: {
        removeAdditional: false,
        allErrors: true,
        coerceTypes: 'array',
        useDefaults: true,
      },
    },
  }).withTypeProvider<TypeBoxTypeProvider>();

  const routeTable: RouteEntry[] = [];
  app.addHook('onRoute', (route) => {
    route.config ??= {};
    if (DOCS_ROUTE.test(route.url)) route.config.access ??= 'public';
    const access = route.config.access;
    if (!access)
      throw new Error(
        `Route ${String(route.method)} ${route.url} declares no access (config.access)`,
      );
    for (const method of [route.method].flat()) {
      if (method !== 'HEAD') routeTable.push({ method, url: route.url, access });
    }
  });
  app.addHook('onSend', async (request, reply) => {
    void reply.header('x-request-id', request.id);
  });
  app.addHook('onResponse', async (request, reply) => {
    const entry = {
      method: request.method,
      url: request.url,
      status: reply.statusCode,
      ms: Math.round(reply.elapsedTime),
    };
    if (reply.statusCode >= 500) request.log.warn(entry, 'request failed');
    else request.log.debug(entry, 'request');
  });
  // An action without a body (`POST /campaigns/{id}/activate`) may still say it sends JSON.
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text.trim() === '') done(null, undefined);
    else void parseJson(request, text, done);
  });
  app.setValidatorCompiler(validatorCompiler());
  app.setErrorHandler(handleError);
  app.setNotFoundHandler((request, reply) =>
    sendError(
      reply,
      request,
      new AppError('ROUTE_NOT_FOUND', `No route ${request.method} ${request.url.split('?')[0]}.`),
    ),
  );

  await app.register(cookie);
  await registerOpenApi(app);
  await registerConsole(app, deps.consoleDir);
  app.addHook('onRequest', authenticate(deps));

  healthRoutes(app, deps, () => isMigrated(deps.database.pool));
  authRoutes(app, deps);
  userRoutes(app, deps);
  sandboxRoutes(app, deps, sandboxEraser);
  apiKeyRoutes(app, deps);
  auditRoutes(app, deps);
  maintenanceRoutes(app, deps);
  profileRoutes(app, deps);
  listRoutes(app, deps);
  eventRoutes(app, deps);
  datasetRoutes(app, deps);
  await importRoutes(app, deps);
  audienceRoutes(app, deps);
  await audienceUploadRoutes(app, deps);
  snapshotRoutes(app, deps);
  contentRoutes(app, deps);
  channelRoutes(app, deps);
  deliveryRoutes(app, deps);
  await trackingRoutes(app, deps);
  mailboxRoutes(app, deps);
  await feedbackRoutes(app, deps);
  governanceRoutes(app, deps);
  registerCampaignUsage();
  registerOrchestratedUsage();
  campaignRoutes(app, deps);
  orchestratedRoutes(app, deps);
  executionApiRoutes(app, deps);
  webhookRoutes(app, deps);

  await app.ready();
  return Object.assign(app, { routeTable });
}
