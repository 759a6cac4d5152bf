// Audiences: CRUD and evaluation (count, sample, SQL), saved or not yet saved.
import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import { audiencesCall } from './route-context.ts';
import type { AppDeps, TypedApp } from '../http/types.ts';
import { ErrorBody, IdParams, Page, PageQuery } from '../platform/model.ts';
import { Profile } from '../profiles/model.ts';
import { attributeCatalog, countMembers, describeQuery, sampleMembers } from './evaluate.ts';
import {
  Audience,
  AudienceInput,
  AudienceRename,
  CompiledSql,
  CountResult,
  RuleTree,
} from './model.ts';
import {
  asRuleTree,
  compileAudience,
  compileAudienceRule,
  deleteAudience,
  getAudience,
  listAudiences,
  renameAudience,
  saveAudience,
} from './store.ts';

const tags = ['Audiences'];
const errors = { 400: ErrorBody, 404: ErrorBody, 409: ErrorBody };
const RuleBody = Type.Object(
  {
    rule: RuleTree,
    audienceId: Type.Optional(
      Type.String({
        format: 'uuid',
        description: 'The audience being edited, so a reference back to it is reported as a cycle',
      }),
    ),
  },
  { additionalProperties: false },
);

const call = audiencesCall;

export function audienceRoutes(app: TypedApp, deps: AppDeps): void {
  const compiled = async (
    request: FastifyRequest,
    source: { id: string } | { rule: unknown; selfId?: string | undefined },
  ) => {
    const c = call(request, deps);
    if ('id' in source) {
      const audience = await getAudience(c.db, c.sandboxId, source.id);
      return { c, query: await compileAudience(c.db, c.sandboxId, audience, c.clock.now()) };
    }
    return {
      c,
      query: await compileAudienceRule(
        c.db,
        c.sandboxId,
        asRuleTree(source.rule),
        c.clock.now(),
        source.selfId,
      ),
    };
  };

  app.get('/audiences', {
    config: { access: 'audiences.read' },
    schema: {
      tags,
      summary: 'Audiences by name',
      querystring: Type.Object({ ...PageQuery, q: Type.Optional(Type.String({ maxLength: 200 })) }),
      response: { 200: Page(Audience) },
    },
    handler: async (request) => {
      const c = call(request, deps);
      return listAudiences(c.db, c.sandboxId, {
        q: request.query.q,
        limit: request.query.limit ?? 50,
        cursor: request.query.cursor,
      });
    },
  });
  app.post('/audiences', {
    config: { access: 'audiences.write' },
    schema: {
      tags,
      summary: 'Save a rule-based audience (the rule is checked; cycles are refused)',
      body: AudienceInput,
      response: { 201: Audience, ...errors },
    },
    handler: async (request, reply) =>
      reply.status(201).send(
        await saveAudience(call(request, deps), {
          ...request.body,
          rule: asRuleTree(request.body.rule),
        }),
      ),
  });
  app.get('/audiences/:id', {
    config: { access: 'audiences.read' },
    schema: {
      tags,
      summary: 'An audience',
      params: IdParams,
      response: { 200: Audience, 404: ErrorBody },
    },
    handler: async (request) => {
      const c = call(request, deps);
      return getAudience(c.db, c.sandboxId, request.params.id);
    },
  });
  app.put('/audiences/:id', {
    config: { access: 'audiences.write' },
    schema: {
      tags,
      summary: 'Change an audience',
      params: IdParams,
      body: AudienceInput,
      response: { 200: Audience, ...errors },
    },
    handler: async (request) =>
      saveAudience(
        call(request, deps),
        { ...request.body, rule: asRuleTree(request.body.rule) },
        request.params.id,
      ),
  });
  app.patch('/audiences/:id', {
    config: { access: 'audiences.write' },
    schema: {
      tags,
      summary: 'Rename an audience or change its description (any kind)',
      params: IdParams,
      body: AudienceRename,
      response: { 200: Audience, ...errors },
    },
    handler: async (request) =>
      renameAudience(call(request, deps), request.params.id, request.body),
  });
  app.delete('/audiences/:id', {
    config: { access: 'audiences.write' },
    schema: {
      tags,
      summary: 'Delete an audience no other audience refers to',
      params: IdParams,
      response: { 204: Type.Null(), ...errors },
    },
    handler: async (request, reply) => {
      await deleteAudience(call(request, deps), request.params.id);
      return reply.status(204).send(null);
    },
  });
  app.get('/audiences/:id/count', {
    config: { access: 'audiences.read' },
    schema: {
      tags,
      summary: 'How many profiles the audience holds now, and how long counting took',
      params: IdParams,
      response: { 200: CountResult, ...errors },
    },
    handler: async (request) =>
      countMembers(deps.database.pool, (await compiled(request, { id: request.params.id })).query),
  });
  app.get('/audiences/:id/sample', {
    config: { access: 'audiences.read' },
    schema: {
      tags,
      summary: 'A few members',
      params: IdParams,
      querystring: Type.Object({
        limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
      }),
      response: { 200: Type.Object({ items: Type.Array(Profile) }), ...errors },
    },
    handler: async (request) => {
      const { c, query } = await compiled(request, { id: request.params.id });
      return {
        items: await sampleMembers(
          deps.database.pool,
          deps.database.db,
          c.sandboxId,
          query,
          request.query.limit ?? 20,
        ),
      };
    },
  });
  app.get('/audiences/:id/sql', {
    config: { access: 'audiences.read' },
    schema: {
      tags,
      summary: 'The PostgreSQL query the audience compiles to',
      params: IdParams,
      response: { 200: CompiledSql, ...errors },
    },
    handler: async (request) =>
      describeQuery((await compiled(request, { id: request.params.id })).query),
  });
  app.post('/audiences/evaluate', {
    config: { access: 'audiences.read' },
    schema: {
      tags,
      summary:
        'Count, sample and SQL of a rule that is not saved yet (the rule builder’s live count)',
      body: RuleBody,
      response: {
        200: Type.Object({
          count: Type.Integer(),
          tookMs: Type.Number(),
          sample: Type.Array(Profile),
          sql: CompiledSql,
        }),
        ...errors,
      },
    },
    handler: async (request) => {
      const { c, query } = await compiled(request, {
        rule: request.body.rule,
        selfId: request.body.audienceId,
      });
      const counted = await countMembers(deps.database.pool, query);
      return {
        ...counted,
        sample: await sampleMembers(deps.database.pool, deps.database.db, c.sandboxId, query, 10),
        sql: describeQuery(query),
      };
    },
  });
  app.get('/audiences/attributes', {
    config: { access: 'audiences.read' },
    schema: {
      tags,
      summary: 'Attribute paths present in the sandbox, with their type and sample values',
      response: {
        200: Type.Object({
          items: Type.Array(
            Type.Object({
              path: Type.String(),
              type: Type.String(),
              profiles: Type.Integer(),
              samples: Type.Array(Type.String()),
            }),
          ),
        }),
      },
    },
    handler: async (request) => {
      const c = call(request, deps);
      return { items: await attributeCatalog(c.db, c.sandboxId) };
    },
  });
}
