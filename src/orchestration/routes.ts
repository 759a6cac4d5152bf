// Orchestrated campaigns over HTTP (SPEC O5): CRUD of drafts, validation, lifecycle actions,
// test runs, the signal trigger and the launch preview. Thin: parse, call the service, answer.
// Runs, tasks, previews, files and alerts are in run-routes.ts.
import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import type { AppDeps, TypedApp } from '../http/types.ts';
import { AppError } from '../platform/errors.ts';
import { ErrorBody, IdParams, Page } from '../platform/model.ts';
import type { Permission } from '../platform/permissions.ts';
import { acting } from './acting.ts';
import {
  Launches,
  OrchestratedCampaign,
  OrchestratedCreate,
  OrchestratedPatch,
  OrchestratedQuery,
  RunView,
  TriggerBody,
  ValidationReport,
  responseSchema,
  wireSchema,
} from './api-model.ts';
import { toRunView } from './views.ts';
import { orchestratedRunRoutes } from './run-routes.ts';
import {
  actOnCampaign,
  launchesOf,
  publishCampaign,
  validateCampaign,
  type ServiceCall,
} from './service.ts';
import {
  copyCampaign,
  createCampaign,
  deleteCampaign,
  getCampaignRow,
  listCampaigns,
  patchCampaign,
  toCampaign,
} from './store.ts';
import { startTestRun, triggerCampaign } from './trigger.ts';

const tags = ['Orchestrated campaigns'];
const errors = { 400: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };
const base = '/orchestrated-campaigns';

/** A POST without a body means `{}` (`curl -X POST …/trigger`). */
async function emptyBody(request: FastifyRequest): Promise<void> {
  request.body ??= {};
}

/** `POST /orchestrated-campaigns/{id}/{verb}` actions that answer with the campaign. */
const ACTIONS: Record<
  string,
  {
    access: Permission;
    summary: string;
    run: (c: ServiceCall, id: string) => Promise<OrchestratedCampaign>;
  }
> = {
  publish: {
    access: 'orchestrated.publish',
    summary: 'Publish a draft: validated, read-only, then live or scheduled per its Scheduler',
    run: publishCampaign,
  },
  pause: {
    access: 'orchestrated.publish',
    summary: 'Pause: no launch, and the live run pauses',
    run: (c, id) => actOnCampaign(c, id, 'pause'),
  },
  resume: {
    access: 'orchestrated.publish',
    summary: 'Resume a paused campaign and its run (missed launches are not caught up)',
    run: (c, id) => actOnCampaign(c, id, 'resume'),
  },
  stop: {
    access: 'orchestrated.publish',
    summary: 'Stop: the live run stops and nothing launches any more',
    run: (c, id) => actOnCampaign(c, id, 'stop'),
  },
  close: {
    access: 'orchestrated.publish',
    summary: 'Close: nothing launches any more; a run going on finishes',
    run: (c, id) => actOnCampaign(c, id, 'close'),
  },
  archive: {
    access: 'orchestrated.write',
    summary: 'Archive a completed, closed or stopped campaign',
    run: (c, id) => actOnCampaign(c, id, 'archive'),
  },
  duplicate: {
    access: 'orchestrated.write',
    summary: 'A new draft with the same workflow',
    run: (c, id) => copyCampaign(c, id, 'duplicate'),
  },
  'new-version': {
    access: 'orchestrated.write',
    summary: 'A draft of the next version; publishing it closes this one',
    run: (c, id) => copyCampaign(c, id, 'newVersion'),
  },
};

export function orchestratedRoutes(app: TypedApp, deps: AppDeps): void {
  orchestratedRunRoutes(app, deps);
  app.get(base, {
    config: { access: 'orchestrated.read' },
    schema: {
      tags,
      summary: 'Orchestrated campaigns, newest first, with filters',
      querystring: OrchestratedQuery,
      response: { 200: Page(responseSchema(OrchestratedCampaign)), 400: ErrorBody },
    },
    handler: async (request) => {
      const c = acting(request, deps);
      return listCampaigns(c.db, c.sandboxId, request.query);
    },
  });

  app.post(base, {
    config: { access: 'orchestrated.write' },
    schema: {
      tags,
      summary: 'Create an orchestrated campaign as a draft',
      body: wireSchema(OrchestratedCreate),
      response: { 201: responseSchema(OrchestratedCampaign), ...errors },
    },
    handler: async (request, reply) =>
      reply.status(201).send(await createCampaign(acting(request, deps), request.body)),
  });

  app.get(`${base}/:id`, {
    config: { access: 'orchestrated.read' },
    schema: {
      tags,
      summary: 'One orchestrated campaign with its workflow',
      params: IdParams,
      response: { 200: responseSchema(OrchestratedCampaign), 404: ErrorBody },
    },
    handler: async (request) => {
      const c = acting(request, deps);
      return toCampaign(await getCampaignRow(c.db, c.sandboxId, request.params.id));
    },
  });

  app.patch(`${base}/:id`, {
    config: { access: 'orchestrated.write' },
    schema: {
      tags,
      summary: 'Change parts of a draft (fields left out keep their value)',
      params: IdParams,
      body: wireSchema(OrchestratedPatch),
      response: { 200: responseSchema(OrchestratedCampaign), ...errors },
    },
    handler: async (request) =>
      patchCampaign(acting(request, deps), request.params.id, request.body),
  });

  app.delete(`${base}/:id`, {
    config: { access: 'orchestrated.write' },
    schema: {
      tags,
      summary: 'Delete a draft',
      params: IdParams,
      response: { 204: Type.Null(), ...errors },
    },
    handler: async (request, reply) => {
      await deleteCampaign(acting(request, deps), request.params.id);
      return reply.status(204).send(null);
    },
  });

  app.get(`${base}/:id/validate`, {
    config: { access: 'orchestrated.read' },
    schema: {
      tags,
      summary: 'The problems of the workflow: graph rules and the objects it names',
      params: IdParams,
      response: { 200: ValidationReport, 404: ErrorBody },
    },
    handler: async (request) => validateCampaign(acting(request, deps), request.params.id),
  });

  app.get(`${base}/:id/launches`, {
    config: { access: 'orchestrated.read' },
    schema: {
      tags,
      summary: 'The next 10 launches of its Scheduler',
      params: IdParams,
      response: { 200: Launches, 404: ErrorBody },
    },
    handler: async (request) => launchesOf(acting(request, deps), request.params.id),
  });

  for (const [verb, action] of Object.entries(ACTIONS))
    app.post(`${base}/:id/${verb}`, {
      config: { access: action.access },
      schema: {
        tags,
        summary: action.summary,
        params: IdParams,
        response: {
          200: responseSchema(OrchestratedCampaign),
          201: responseSchema(OrchestratedCampaign),
          ...errors,
        },
      },
      handler: async (request, reply) => {
        const campaign = await action.run(acting(request, deps), request.params.id);
        return reply.status(campaign.id === request.params.id ? 200 : 201).send(campaign);
      },
    });

  app.post(`${base}/:id/test-run`, {
    config: { access: 'orchestrated.write' },
    schema: {
      tags,
      summary: 'Test run of a draft: everything but sends and saved audiences; resets the last one',
      params: IdParams,
      body: TriggerBody,
      response: { 201: RunView, ...errors },
    },
    preValidation: emptyBody,
    handler: async (request, reply) => {
      const run = await startTestRun(
        acting(request, deps),
        request.params.id,
        request.body.variables ?? {},
      );
      return reply.status(201).send(toRunView(run));
    },
  });

  app.post(`${base}/:id/trigger`, {
    config: { access: 'orchestrated.write' },
    schema: {
      tags,
      summary:
        'Signal a campaign whose Scheduler waits for one: a live run (≤ 1 per hour, 429 with ' +
        'Retry-After), or a test run of a draft',
      params: IdParams,
      body: TriggerBody,
      response: { 201: RunView, ...errors, 429: ErrorBody },
    },
    preValidation: emptyBody,
    handler: async (request, reply) => {
      const c = acting(request, deps);
      const row = await getCampaignRow(c.db, c.sandboxId, request.params.id);
      if (row.status !== 'draft' && !c.permissions.has('orchestrated.publish'))
        throw new AppError(
          'FORBIDDEN',
          'Signalling a published campaign needs orchestrated.publish.',
        );
      try {
        const run = await triggerCampaign(c, request.params.id, request.body.variables ?? {});
        return await reply.status(201).send(toRunView(run));
      } catch (error) {
        const details = error instanceof AppError ? error.details : undefined;
        if (details && 'retryAfterSeconds' in details)
          void reply.header('retry-after', String(details.retryAfterSeconds));
        throw error;
      }
    },
  });
}
