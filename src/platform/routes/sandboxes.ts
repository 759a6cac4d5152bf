// Sandbox administration.
import { Type } from '@sinclair/typebox';
import { contextOf } from '../../http/auth.ts';
import type { AppDeps, TypedApp } from '../../http/types.ts';
import { ErrorBody, Sandbox, SandboxCreate, SandboxName, SandboxUpdate } from '../model.ts';
import {
  createSandbox,
  deleteSandbox,
  listSandboxes,
  updateSandbox,
  type SandboxEraser,
} from '../sandboxes.ts';

const tags = ['Sandboxes'];
const NameParams = Type.Object({ name: SandboxName });

/** `eraser` removes what the areas above the platform keep outside the sandbox's foreign keys. */
export function sandboxRoutes(app: TypedApp, deps: AppDeps, eraser: SandboxEraser): void {
  app.get('/sandboxes', {
    config: { access: 'sandboxes.manage' },
    schema: {
      tags,
      summary: 'List sandboxes',
      response: { 200: Type.Object({ items: Type.Array(Sandbox), nextCursor: Type.Null() }) },
    },
    handler: async (request) => ({
      items: await listSandboxes(contextOf(request, deps).db),
      nextCursor: null,
    }),
  });

  app.post('/sandboxes', {
    config: { access: 'sandboxes.manage' },
    schema: {
      tags,
      summary: 'Create a sandbox',
      body: SandboxCreate,
      response: { 201: Sandbox, 400: ErrorBody, 409: ErrorBody },
    },
    handler: async (request, reply) =>
      reply.status(201).send(await createSandbox(contextOf(request, deps), request.body)),
  });

  app.patch('/sandboxes/:name', {
    config: { access: 'sandboxes.manage' },
    schema: {
      tags,
      summary: 'Change a sandbox title or description',
      params: NameParams,
      body: SandboxUpdate,
      response: { 200: Sandbox, 404: ErrorBody },
    },
    handler: async (request) =>
      updateSandbox(contextOf(request, deps), request.params.name, request.body),
  });

  app.delete('/sandboxes/:name', {
    config: { access: 'sandboxes.manage' },
    schema: {
      tags,
      summary: 'Delete a sandbox and everything in it (not prod)',
      params: NameParams,
      response: { 204: Type.Null(), 404: ErrorBody, 409: ErrorBody },
    },
    handler: async (request, reply) => {
      await deleteSandbox(contextOf(request, deps), request.params.name, eraser);
      return reply.status(204).send(null);
    },
  });
}
