// Content API: render and preview, SMS analysis, the function list, fragments and templates.
import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import { contextOf } from '../http/auth.ts';
import type { AppDeps, TypedApp } from '../http/types.ts';
import { ErrorBody, IdParams, Page, PageQuery } from '../platform/model.ts';
import { contentDb, type ContentCall } from './db.ts';
import { FUNCTION_LIBRARY } from './expression/index.ts';
import { deleteFragment, getFragment, listFragments, saveFragment } from './fragments.ts';
import {
  ContentChannel,
  ContentTemplate,
  Fragment,
  FragmentInput,
  FragmentKind,
  PreviewRequest,
  PreviewResult,
  RenderRequest,
  SmsAnalysis,
  TemplateInput,
  TemplateSummary,
} from './model.ts';
import { previewContent, renderTemplateText } from './preview.ts';
import { analyseSms } from './sms.ts';
import { deleteTemplate, getTemplate, listTemplates, saveTemplate } from './templates.ts';

const tags = ['Content'];
const errors = { 400: ErrorBody, 404: ErrorBody, 409: ErrorBody };
/** Room for fields past the 1 MB authored limit, so the answer names the field (not 413). */
const bodyLimit = 8 * 1024 * 1024;

function call(request: FastifyRequest, deps: AppDeps): ContentCall {
  const ctx = contextOf(request, deps);
  return {
    db: contentDb(deps.database.db),
    sandboxId: ctx.sandboxId,
    actor: ctx.actor,
    clock: ctx.clock,
    requestId: ctx.requestId,
  };
}

const FunctionInfo = Type.Object({
  name: Type.String(),
  minArgs: Type.Integer(),
  maxArgs: Type.Integer({ description: '-1: any number' }),
});

export function contentRoutes(app: TypedApp, deps: AppDeps): void {
  app.post('/content/render', {
    config: { access: 'content.read' },
    bodyLimit,
    schema: {
      tags,
      summary: 'Render a template for data or a profile (errors with line and column)',
      body: RenderRequest,
      response: { 200: Type.Object({ output: Type.String() }), 400: ErrorBody, 404: ErrorBody },
    },
    handler: async (request) =>
      renderTemplateText(deps.database.db, call(request, deps), request.body),
  });
  app.post('/content/preview', {
    config: { access: 'content.read' },
    bodyLimit,
    schema: {
      tags,
      summary: 'Render email, SMS or push content for a profile or sample data',
      body: PreviewRequest,
      response: { 200: PreviewResult, 400: ErrorBody, 404: ErrorBody },
    },
    handler: async (request) => previewContent(deps.database.db, call(request, deps), request.body),
  });
  app.post('/content/sms/analyse', {
    config: { access: 'content.read' },
    schema: {
      tags,
      summary: 'GSM-7 or UCS-2, and the number of segments, of an SMS text',
      body: Type.Object(
        { text: Type.String({ maxLength: 100_000 }) },
        { additionalProperties: false },
      ),
      response: { 200: SmsAnalysis },
    },
    handler: async (request) => analyseSms(request.body.text),
  });
  app.get('/content/functions', {
    config: { access: 'content.read' },
    schema: {
      tags,
      summary: 'The functions templates may call, with their number of arguments',
      response: { 200: Type.Object({ items: Type.Array(FunctionInfo) }) },
    },
    handler: async () => ({
      items: Object.entries(FUNCTION_LIBRARY)
        .map(([name, fn]) => ({
          name,
          minArgs: fn.minArgs,
          maxArgs: Number.isFinite(fn.maxArgs) ? fn.maxArgs : -1,
        }))
        .sort((a, b) => a.name.localeCompare(b.name)),
    }),
  });

  // ---- fragments ----
  app.get('/content/fragments', {
    config: { access: 'content.read' },
    schema: {
      tags,
      summary: 'Fragments by name',
      querystring: Type.Object({
        ...PageQuery,
        q: Type.Optional(Type.String({ maxLength: 200 })),
        kind: Type.Optional(FragmentKind),
      }),
      response: { 200: Page(Fragment) },
    },
    handler: async (request) => {
      const c = call(request, deps);
      return listFragments(c.db, c.sandboxId, {
        ...request.query,
        limit: request.query.limit ?? 50,
      });
    },
  });
  app.post('/content/fragments', {
    config: { access: 'content.write' },
    bodyLimit,
    schema: {
      tags,
      summary: 'Create a fragment (checked with what it includes; cycles refused)',
      body: FragmentInput,
      response: { 201: Fragment, ...errors },
    },
    handler: async (request, reply) =>
      reply.status(201).send(await saveFragment(call(request, deps), request.body)),
  });
  app.get('/content/fragments/:id', {
    config: { access: 'content.read' },
    schema: {
      tags,
      summary: 'A fragment',
      params: IdParams,
      response: { 200: Fragment, 404: ErrorBody },
    },
    handler: async (request) => {
      const c = call(request, deps);
      return getFragment(c.db, c.sandboxId, request.params.id);
    },
  });
  app.put('/content/fragments/:id', {
    config: { access: 'content.write' },
    bodyLimit,
    schema: {
      tags,
      summary: 'Change a fragment (a fragment in use keeps its name)',
      params: IdParams,
      body: FragmentInput,
      response: { 200: Fragment, ...errors },
    },
    handler: async (request) => saveFragment(call(request, deps), request.body, request.params.id),
  });
  app.delete('/content/fragments/:id', {
    config: { access: 'content.write' },
    schema: {
      tags,
      summary: 'Delete a fragment nothing includes',
      params: IdParams,
      response: { 204: Type.Null(), 404: ErrorBody, 409: ErrorBody },
    },
    handler: async (request, reply) => {
      await deleteFragment(call(request, deps), request.params.id);
      return reply.status(204).send(null);
    },
  });

  // ---- templates ----
  app.get('/content/templates', {
    config: { access: 'content.read' },
    schema: {
      tags,
      summary: 'Content templates by name',
      querystring: Type.Object({
        ...PageQuery,
        q: Type.Optional(Type.String({ maxLength: 200 })),
        channel: Type.Optional(ContentChannel),
      }),
      response: { 200: Page(TemplateSummary) },
    },
    handler: async (request) => {
      const c = call(request, deps);
      return listTemplates(c.db, c.sandboxId, {
        ...request.query,
        limit: request.query.limit ?? 50,
      });
    },
  });
  app.post('/content/templates', {
    config: { access: 'content.write' },
    bodyLimit,
    schema: {
      tags,
      summary: 'Save a content template (compiled with its fragments; problems positioned)',
      body: TemplateInput,
      response: { 201: ContentTemplate, ...errors },
    },
    handler: async (request, reply) =>
      reply.status(201).send(await saveTemplate(call(request, deps), request.body)),
  });
  app.get('/content/templates/:id', {
    config: { access: 'content.read' },
    schema: {
      tags,
      summary: 'A content template',
      params: IdParams,
      response: { 200: ContentTemplate, 404: ErrorBody },
    },
    handler: async (request) => {
      const c = call(request, deps);
      return getTemplate(c.db, c.sandboxId, request.params.id);
    },
  });
  app.put('/content/templates/:id', {
    config: { access: 'content.write' },
    bodyLimit,
    schema: {
      tags,
      summary: 'Change a content template',
      params: IdParams,
      body: TemplateInput,
      response: { 200: ContentTemplate, ...errors },
    },
    handler: async (request) => saveTemplate(call(request, deps), request.body, request.params.id),
  });
  app.delete('/content/templates/:id', {
    config: { access: 'content.write' },
    schema: {
      tags,
      summary: 'Delete a content template',
      params: IdParams,
      response: { 204: Type.Null(), 404: ErrorBody },
    },
    handler: async (request, reply) => {
      await deleteTemplate(call(request, deps), request.params.id);
      return reply.status(204).send(null);
    },
  });
}
