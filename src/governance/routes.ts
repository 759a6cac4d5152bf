// Governance over HTTP (G1–G3): approval policies, business rule sets and quiet hours, each with
// the same routes — list, read, create as a draft, replace or patch, delete, activate, deactivate.
import { Type, type Static, type TObject, type TPartial, type TSchema } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import type { FastifyRequest, FastifyTypeProviderDefault } from 'fastify';
import { contextOf } from '../http/auth.ts';
import type { AppDeps, TypedApp } from '../http/types.ts';
import { AppError } from '../platform/errors.ts';
import { ErrorBody, IdParams, Page, PageQuery } from '../platform/model.ts';
import {
  changeBusinessRuleSetStatus,
  deleteBusinessRuleSet,
  getBusinessRuleSet,
  listBusinessRuleSets,
  patchBusinessRuleSet,
  saveBusinessRuleSet,
} from './business-rules.ts';
import { governanceDb, type GovernanceCall, type GovernanceDb } from './db.ts';
import {
  ApprovalPolicy,
  ApprovalPolicyInput,
  BusinessRuleSet,
  BusinessRuleSetInput,
  GovernanceStatusName,
  QuietHours,
  QuietHoursInput,
} from './model.ts';
import type { ObjectListQuery, ObjectPage, StatusAction } from './objects.ts';
import {
  changeApprovalPolicyStatus,
  deleteApprovalPolicy,
  getApprovalPolicy,
  listApprovalPolicies,
  patchApprovalPolicy,
  saveApprovalPolicy,
} from './policies.ts';
import {
  changeQuietHoursStatus,
  deleteQuietHours,
  getQuietHours,
  listQuietHours,
  patchQuietHours,
  saveQuietHours,
} from './quiet-hours.ts';

const errors = { 400: ErrorBody, 404: ErrorBody, 409: ErrorBody };

function governanceCall(request: FastifyRequest, deps: AppDeps): GovernanceCall {
  const ctx = contextOf(request, deps);
  return {
    db: governanceDb(deps.database.db),
    sandboxId: ctx.sandboxId,
    actor: ctx.actor,
    clock: ctx.clock,
    requestId: ctx.requestId,
  };
}

/** One kind of governance object: its path, schemas and store functions. */
interface ObjectKind<I extends TObject, O extends TObject> {
  path: string;
  tag: string;
  /** "approval policy" and "approval policies", for the route summaries. */
  noun: string;
  plural: string;
  input: I;
  item: O;
  list(db: GovernanceDb, sandboxId: string, query: ObjectListQuery): Promise<ObjectPage<Static<O>>>;
  get(db: GovernanceDb, sandboxId: string, id: string): Promise<Static<O>>;
  save(call: GovernanceCall, input: Static<I>, id?: string): Promise<Static<O>>;
  patch(call: GovernanceCall, id: string, changes: Static<TPartial<I>>): Promise<Static<O>>;
  changeStatus(call: GovernanceCall, id: string, action: StatusAction): Promise<Static<O>>;
  remove(call: GovernanceCall, id: string): Promise<void>;
}

type Id = { id: string };

/** A PATCH body: every field optional, and none filled with its default (absent fields stay). */
function patchSchema<I extends TObject>(input: I): TPartial<I> {
  const schema = Type.Partial(input, { additionalProperties: false, minProperties: 1 });
  for (const property of Object.values<TSchema>(schema.properties)) delete property.default;
  return schema;
}

/** A body the route's schema has already validated, typed by that same schema. */
function bodyOf<S extends TSchema>(schema: S, body: unknown): Static<S> {
  if (!Value.Check(schema, body)) throw new AppError('VALIDATION_FAILED');
  return body;
}
const ListQuery = Type.Object({
  ...PageQuery,
  status: Type.Optional(GovernanceStatusName),
  q: Type.Optional(Type.String({ maxLength: 200, description: 'Text in the name, any case' })),
});

function objectRoutes<I extends TObject, O extends TObject>(
  typedApp: TypedApp,
  deps: AppDeps,
  kind: ObjectKind<I, O>,
): void {
  // The TypeBox provider cannot resolve request types from a schema that is a type parameter:
  // the route schemas validate each request, and `bodyOf` narrows the body with the same schema.
  const app = typedApp.withTypeProvider<FastifyTypeProviderDefault>();
  const tags = [kind.tag];
  const byId = `${kind.path}/:id`;
  const patchInput = patchSchema(kind.input);

  app.get<{ Querystring: Static<typeof ListQuery> }>(kind.path, {
    config: { access: 'governance.read' },
    schema: {
      tags,
      summary: `List ${kind.plural} by name`,
      querystring: ListQuery,
      response: { 200: Page(kind.item), 400: ErrorBody },
    },
    handler: async (request) => {
      const c = governanceCall(request, deps);
      return kind.list(c.db, c.sandboxId, { ...request.query, limit: request.query.limit ?? 50 });
    },
  });

  app.get<{ Params: Id }>(byId, {
    config: { access: 'governance.read' },
    schema: {
      tags,
      summary: `One ${kind.noun}`,
      params: IdParams,
      response: { 200: kind.item, 404: ErrorBody },
    },
    handler: async (request) => {
      const c = governanceCall(request, deps);
      return kind.get(c.db, c.sandboxId, request.params.id);
    },
  });

  app.post(kind.path, {
    config: { access: 'governance.write' },
    schema: {
      tags,
      summary: `Create a ${kind.noun} (as a draft)`,
      body: kind.input,
      response: { 201: kind.item, ...errors },
    },
    handler: async (request, reply) =>
      reply
        .status(201)
        .send(await kind.save(governanceCall(request, deps), bodyOf(kind.input, request.body))),
  });

  app.put<{ Params: Id }>(byId, {
    config: { access: 'governance.write' },
    schema: {
      tags,
      summary: `Replace a ${kind.noun}'s definition (its status stays)`,
      params: IdParams,
      body: kind.input,
      response: { 200: kind.item, ...errors },
    },
    handler: async (request) =>
      kind.save(governanceCall(request, deps), bodyOf(kind.input, request.body), request.params.id),
  });

  app.patch<{ Params: Id }>(byId, {
    config: { access: 'governance.write' },
    schema: {
      tags,
      summary: `Change some fields of a ${kind.noun} (each given field is replaced whole)`,
      params: IdParams,
      body: patchInput,
      response: { 200: kind.item, ...errors },
    },
    handler: async (request) =>
      kind.patch(
        governanceCall(request, deps),
        request.params.id,
        bodyOf(patchInput, request.body),
      ),
  });

  for (const action of ['activate', 'deactivate'] as const)
    app.post<{ Params: Id }>(`${byId}/${action}`, {
      config: { access: 'governance.write' },
      schema: {
        tags,
        summary:
          action === 'activate'
            ? `Activate a draft or inactive ${kind.noun}`
            : `Deactivate an active ${kind.noun}`,
        params: IdParams,
        response: { 200: kind.item, ...errors },
      },
      handler: async (request) =>
        kind.changeStatus(governanceCall(request, deps), request.params.id, action),
    });

  app.delete<{ Params: Id }>(byId, {
    config: { access: 'governance.write' },
    schema: {
      tags,
      summary: `Delete a ${kind.noun} that is not active`,
      params: IdParams,
      response: { 204: Type.Null(), ...errors },
    },
    handler: async (request, reply) => {
      await kind.remove(governanceCall(request, deps), request.params.id);
      return reply.status(204).send(null);
    },
  });
}

export function governanceRoutes(app: TypedApp, deps: AppDeps): void {
  objectRoutes(app, deps, {
    path: '/approval-policies',
    tag: 'Governance',
    noun: 'approval policy',
    plural: 'approval policies',
    input: ApprovalPolicyInput,
    item: ApprovalPolicy,
    list: listApprovalPolicies,
    get: getApprovalPolicy,
    save: saveApprovalPolicy,
    patch: patchApprovalPolicy,
    changeStatus: changeApprovalPolicyStatus,
    remove: deleteApprovalPolicy,
  });
  objectRoutes(app, deps, {
    path: '/business-rule-sets',
    tag: 'Governance',
    noun: 'business rule set',
    plural: 'business rule sets',
    input: BusinessRuleSetInput,
    item: BusinessRuleSet,
    list: listBusinessRuleSets,
    get: getBusinessRuleSet,
    save: saveBusinessRuleSet,
    patch: patchBusinessRuleSet,
    changeStatus: changeBusinessRuleSetStatus,
    remove: deleteBusinessRuleSet,
  });
  objectRoutes(app, deps, {
    path: '/quiet-hours',
    tag: 'Governance',
    noun: 'quiet hours definition',
    plural: 'quiet hours definitions',
    input: QuietHoursInput,
    item: QuietHours,
    list: listQuietHours,
    get: getQuietHours,
    save: saveQuietHours,
    patch: patchQuietHours,
    changeStatus: changeQuietHoursStatus,
    remove: deleteQuietHours,
  });
}
