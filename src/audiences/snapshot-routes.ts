// Snapshots of audiences: take one, list them, read their members.
import { Type } from '@sinclair/typebox';
import { audiencesCall } from './route-context.ts';
import type { AppDeps, TypedApp } from '../http/types.ts';
import { ErrorBody, IdParams } from '../platform/model.ts';
import { getAudience } from './store.ts';
import { getSnapshot, listSnapshots, snapshotMembers, takeSnapshot } from './snapshots.ts';

const tags = ['Audiences'];
const errors = { 400: ErrorBody, 404: ErrorBody, 409: ErrorBody };

const call = audiencesCall;

export function snapshotRoutes(app: TypedApp, deps: AppDeps): void {
  const Snapshot = Type.Object({
    id: Type.String(),
    audienceId: Type.String(),
    members: Type.Integer(),
    tookMs: Type.Integer(),
    createdBy: Type.String(),
    createdAt: Type.String(),
    expiresAt: Type.String(),
  });
  app.post('/audiences/:id/snapshots', {
    config: { access: 'audiences.write' },
    schema: {
      tags,
      summary: 'Freeze the current members (kept 30 days)',
      params: IdParams,
      response: { 201: Snapshot, ...errors },
    },
    handler: async (request, reply) =>
      reply
        .status(201)
        .send(
          await takeSnapshot(
            { ...call(request, deps), pool: deps.database.pool },
            request.params.id,
          ),
        ),
  });
  app.get('/audiences/:id/snapshots', {
    config: { access: 'audiences.read' },
    schema: {
      tags,
      summary: 'Snapshots of an audience, newest first',
      params: IdParams,
      response: { 200: Type.Object({ items: Type.Array(Snapshot) }), ...errors },
    },
    handler: async (request) => {
      const c = call(request, deps);
      await getAudience(c.db, c.sandboxId, request.params.id);
      return { items: await listSnapshots(c.db, c.sandboxId, request.params.id) };
    },
  });
  app.get('/audience-snapshots/:id', {
    config: { access: 'audiences.read' },
    schema: {
      tags,
      summary: 'A snapshot',
      params: IdParams,
      response: { 200: Snapshot, 404: ErrorBody },
    },
    handler: async (request) => {
      const c = call(request, deps);
      return getSnapshot(c.db, c.sandboxId, request.params.id);
    },
  });
  app.get('/audience-snapshots/:id/members', {
    config: { access: 'audiences.read' },
    schema: {
      tags,
      summary: 'Profile ids of a snapshot, in id order',
      params: IdParams,
      querystring: Type.Object({
        limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 10000, default: 1000 })),
        cursor: Type.Optional(Type.String({ format: 'uuid' })),
      }),
      response: {
        200: Type.Object({
          items: Type.Array(Type.String()),
          nextCursor: Type.Union([Type.String(), Type.Null()]),
        }),
        404: ErrorBody,
      },
    },
    handler: async (request) => {
      const c = call(request, deps);
      return snapshotMembers(
        c.db,
        c.sandboxId,
        request.params.id,
        request.query.limit ?? 1000,
        request.query.cursor,
      );
    },
  });
}
