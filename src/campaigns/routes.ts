// Campaigns over HTTP (SPEC S, G1, R1): CRUD of drafts, lifecycle actions, review, runs,
// approvals, the calendar and reports. Thin: each handler parses, calls the service, answers.
import { Type } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { AppError } from '../platform/errors.ts';
import type { AppDeps, TypedApp } from '../http/types.ts';
import { ErrorBody, IdParams, Page, PageQuery, Timestamp } from '../platform/model.ts';
import type { Permission } from '../platform/permissions.ts';
import { acting } from './acting.ts';
import { campaignReadRoutes } from './read-routes.ts';
import { TRANSITIONS } from './lifecycle.ts';
import {
  ApprovalDecision,
  ApprovalRequest,
  ApprovalRequestStatus,
  Campaign,
  CampaignCreate,
  type CampaignAction,
  CampaignPatch,
  CampaignQuery,
  CampaignReview,
  CampaignRun,
  ChangesRequest,
} from './model.ts';
import { campaignRequests, listRequests } from './requests.ts';
import {
  activateCampaign,
  archiveCampaign,
  cancelApproval,
  decideApproval,
  requestApproval,
  reviewCampaign,
  stopCampaign,
  type ActingCall,
} from './service.ts';
import {
  copyCampaign,
  createCampaign,
  deleteCampaign,
  getCampaign,
  listCampaigns,
  patchCampaign,
} from './store.ts';
import { calendar, campaignRuns } from './views.ts';
import { scaleWinner } from './winner.ts';
import { toCampaign } from './store.ts';

const tags = ['Campaigns'];

/** The permission the lifecycle table names for a user action. */
function permissionOf(action: CampaignAction): Permission {
  const permission = TRANSITIONS[action].permission;
  if (permission === 'system') throw new Error(`${action} is not a user action`);
  return permission;
}
const errors = { 400: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };

/** `POST /campaigns/{id}/{verb}` actions that answer with the campaign. */
const ACTIONS = {
  activate: {
    action: 'activate',
    summary: 'Activate a draft (refused with blocking problems or when a policy applies)',
    run: (c: ActingCall, id: string) => activateCampaign(c, id),
  },
  'request-approval': {
    action: 'requestApproval',
    summary: 'Ask for approval: In review when policies match, approved at once when none does',
    run: (c: ActingCall, id: string) => requestApproval(c, id),
  },
  'cancel-approval': {
    action: 'cancelApproval',
    summary: 'Withdraw the approval request: back to Draft',
    run: (c: ActingCall, id: string) => cancelApproval(c, id),
  },
  stop: {
    action: 'stop',
    summary: 'Stop: future runs and the unsent part of the current one are cancelled',
    run: (c: ActingCall, id: string) => stopCampaign(c, id),
  },
  archive: {
    action: 'archive',
    summary: 'Archive a stopped, completed or failed campaign',
    run: (c: ActingCall, id: string) => archiveCampaign(c, id),
  },
} as const satisfies Record<
  string,
  { action: CampaignAction; summary: string; run: (c: ActingCall, id: string) => Promise<Campaign> }
>;

export function campaignRoutes(app: TypedApp, deps: AppDeps): void {
  campaignReadRoutes(app, deps);
  app.get('/campaigns', {
    config: { access: 'campaigns.read' },
    schema: {
      tags,
      summary: 'Campaigns, newest first, with filters',
      querystring: CampaignQuery,
      response: { 200: Page(Campaign), 400: ErrorBody },
    },
    handler: async (request) => {
      const c = acting(request, deps);
      return listCampaigns(c.db, c.sandboxId, request.query);
    },
  });

  app.post('/campaigns', {
    config: { access: 'campaigns.write' },
    schema: {
      tags,
      summary: 'Create a campaign as a draft',
      body: CampaignCreate,
      response: { 201: Campaign, ...errors },
    },
    handler: async (request, reply) =>
      reply.status(201).send(await createCampaign(acting(request, deps), request.body)),
  });

  app.get('/campaigns/calendar', {
    config: { access: 'campaigns.read' },
    schema: {
      tags,
      summary: 'Runs between two times: written ones and the projected slots of recurring ones',
      querystring: Type.Object({ from: Timestamp, to: Timestamp }),
      response: {
        200: Type.Object({
          items: Type.Array(
            Type.Object({
              campaignId: Type.String(),
              name: Type.String(),
              status: Type.String(),
              channel: Type.Union([Type.String(), Type.Null()]),
              runNo: Type.Union([Type.Integer(), Type.Null()]),
              at: Timestamp,
              runStatus: Type.String(),
            }),
          ),
        }),
        400: ErrorBody,
      },
    },
    handler: async (request) => {
      const c = acting(request, deps);
      const from = new Date(request.query.from);
      const to = new Date(request.query.to);
      return { items: await calendar(c.db, c.sandboxId, from, to) };
    },
  });

  app.get('/campaigns/:id', {
    config: { access: 'campaigns.read' },
    schema: {
      tags,
      summary: 'One campaign',
      params: IdParams,
      response: { 200: Campaign, 404: ErrorBody },
    },
    handler: async (request) => {
      const c = acting(request, deps);
      return getCampaign(c.db, c.sandboxId, request.params.id);
    },
  });

  app.patch('/campaigns/:id', {
    config: { access: 'campaigns.write' },
    schema: {
      tags,
      summary: 'Change parts of a draft (fields left out keep their value)',
      params: IdParams,
      body: CampaignPatch,
      response: { 200: Campaign, ...errors },
    },
    handler: async (request) =>
      patchCampaign(acting(request, deps), request.params.id, request.body),
  });

  app.delete('/campaigns/:id', {
    config: { access: 'campaigns.write' },
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

  for (const [verb, action] of Object.entries(ACTIONS))
    app.post(`/campaigns/:id/${verb}`, {
      config: { access: permissionOf(action.action) },
      schema: {
        tags,
        summary: action.summary,
        params: IdParams,
        response: { 200: Campaign, ...errors },
      },
      handler: async (request) => action.run(acting(request, deps), request.params.id),
    });

  app.post('/campaigns/:id/approve', {
    config: { access: permissionOf('approve') },
    schema: {
      tags,
      summary: 'Approve the pending request (optional body {message}): the campaign is activated',
      params: IdParams,
      response: { 200: Campaign, ...errors },
    },
    handler: async (request) => {
      // The body is optional: a bare POST approves.
      const body: unknown = request.body ?? {};
      if (!Value.Check(ApprovalDecision, body))
        throw new AppError(
          'VALIDATION_FAILED',
          '/message must be a text of at most 4000 characters',
          [{ path: '/message', message: 'must be a text of at most 4000 characters' }],
        );
      return decideApproval(acting(request, deps), request.params.id, 'approve', body.message);
    },
  });

  app.post('/campaigns/:id/request-changes', {
    config: { access: permissionOf('requestChanges') },
    schema: {
      tags,
      summary: 'Send the campaign back to Draft with a message',
      params: IdParams,
      body: ChangesRequest,
      response: { 200: Campaign, ...errors },
    },
    handler: async (request) =>
      decideApproval(
        acting(request, deps),
        request.params.id,
        'requestChanges',
        request.body.message,
      ),
  });

  for (const mode of ['duplicate', 'modify'] as const)
    app.post(`/campaigns/:id/${mode}`, {
      config: { access: 'campaigns.write' },
      schema: {
        tags,
        summary:
          mode === 'duplicate'
            ? 'A new draft with the same parts'
            : 'The next version of a live recurring campaign, as a draft that replaces it on activation',
        params: IdParams,
        response: { 201: Campaign, ...errors },
      },
      handler: async (request, reply) =>
        reply.status(201).send(await copyCampaign(acting(request, deps), request.params.id, mode)),
    });

  app.post('/campaigns/:id/scale-winner', {
    config: { access: 'campaigns.activate' },
    schema: {
      tags,
      summary: 'Send only this treatment from the next run on',
      params: IdParams,
      body: Type.Object(
        { treatment: Type.String({ minLength: 1, maxLength: 40 }) },
        { additionalProperties: false },
      ),
      response: { 200: Campaign, ...errors },
    },
    handler: async (request) => {
      const c = acting(request, deps);
      const row = await scaleWinner(
        c.db,
        { sandboxId: c.sandboxId, actor: c.actor, requestId: c.requestId, now: c.clock.now() },
        request.params.id,
        request.body.treatment,
      );
      return toCampaign(row);
    },
  });

  app.get('/campaigns/:id/review', {
    config: { access: 'campaigns.read' },
    schema: {
      tags,
      summary: 'Blocking errors and warnings before activation, and whether approval is needed',
      params: IdParams,
      response: { 200: CampaignReview, 404: ErrorBody },
    },
    handler: async (request) => reviewCampaign(acting(request, deps), request.params.id),
  });

  app.get('/campaigns/:id/runs', {
    config: { access: 'campaigns.read' },
    schema: {
      tags,
      summary: 'The runs of the campaign, newest first, with their progress',
      params: IdParams,
      response: { 200: Type.Object({ items: Type.Array(CampaignRun) }), 404: ErrorBody },
    },
    handler: async (request) => {
      const c = acting(request, deps);
      await getCampaign(c.db, c.sandboxId, request.params.id);
      return { items: await campaignRuns(c.db, c.sandboxId, request.params.id) };
    },
  });

  app.get('/campaigns/:id/approvals', {
    config: { access: 'campaigns.read' },
    schema: {
      tags,
      summary: 'The approval requests of the campaign, newest first',
      params: IdParams,
      response: { 200: Type.Object({ items: Type.Array(ApprovalRequest) }), 404: ErrorBody },
    },
    handler: async (request) => {
      const c = acting(request, deps);
      await getCampaign(c.db, c.sandboxId, request.params.id);
      return { items: await campaignRequests(c.db, c.sandboxId, request.params.id, c) };
    },
  });

  app.get('/approval-requests', {
    config: { access: 'campaigns.read' },
    schema: {
      tags,
      summary: 'Approval requests (the inbox: status=pending&mine=true)',
      querystring: Type.Object({
        ...PageQuery,
        status: Type.Optional(ApprovalRequestStatus),
        mine: Type.Optional(Type.Boolean({ description: 'Only those the caller may decide' })),
      }),
      response: { 200: Page(ApprovalRequest), 400: ErrorBody },
    },
    handler: async (request) => {
      const c = acting(request, deps);
      return listRequests(
        c.db,
        c.sandboxId,
        { ...request.query, limit: request.query.limit ?? 50 },
        c,
      );
    },
  });
}
