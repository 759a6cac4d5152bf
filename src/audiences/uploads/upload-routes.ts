// Uploaded audiences: create one, send it a file (streamed, as imports are), list its members
// with their upload columns. Progress and rejected lines are read at /imports/{importId}.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { Readable } from 'node:stream';
import type { AppDeps, TypedApp } from '../../http/types.ts';
import { AppError } from '../../platform/errors.ts';
import { ErrorBody, IdParams, PageQuery, Uuid } from '../../platform/model.ts';
import { Import } from '../../profiles/imports/model.ts';
import { runImport } from '../../profiles/imports/runner.ts';
import { getImportRow } from '../../profiles/imports/store.ts';
import { Audience, AudienceFileCreate, AudienceUploadCreate } from '../model.ts';
import { audiencesCall } from '../route-context.ts';
import { importAudienceUpload } from './upload-import.ts';
import { createUploadAudience, listUploadMembers, startAudienceFile } from './upload-store.ts';

const tags = ['Audiences'];
const errors = { 400: ErrorBody, 404: ErrorBody, 409: ErrorBody };
const FILE_TYPES = ['text/csv', 'application/octet-stream', 'text/plain'];

const UploadMember = Type.Object({
  profileId: Uuid,
  identity: Type.Union([Type.String(), Type.Null()], {
    description: "The member's identity in the upload's namespace",
  }),
  line: Type.Integer({ description: 'Line of the file the member came from' }),
  attributes: Type.Record(Type.String(), Type.String(), {
    description: 'The other columns of that line, read in content as audience.<column>',
  }),
});

export async function audienceUploadRoutes(app: TypedApp, deps: AppDeps): Promise<void> {
  app.post('/audiences/uploads', {
    config: { access: 'audiences.write' },
    schema: {
      tags,
      summary: 'Create an uploaded audience; then PUT its CSV to /audiences/{id}/files/{importId}',
      body: AudienceUploadCreate,
      response: { 201: Type.Object({ audience: Audience, import: Import }), ...errors },
    },
    handler: async (request, reply) =>
      reply
        .status(201)
        .send(await createUploadAudience(audiencesCall(request, deps), request.body)),
  });

  app.post('/audiences/:id/files', {
    config: { access: 'audiences.write' },
    schema: {
      tags,
      summary: 'Start a new file for an uploaded audience (its members replace the current ones)',
      params: IdParams,
      body: AudienceFileCreate,
      response: { 201: Import, ...errors },
    },
    handler: async (request, reply) =>
      reply
        .status(201)
        .send(
          await startAudienceFile(audiencesCall(request, deps), request.params.id, request.body),
        ),
  });

  app.get('/audiences/:id/members', {
    config: { access: 'audiences.read' },
    schema: {
      tags,
      summary: 'Members of an uploaded audience with their upload columns, in file order',
      params: IdParams,
      querystring: Type.Object(PageQuery),
      response: {
        200: Type.Object({
          items: Type.Array(UploadMember),
          nextCursor: Type.Union([Type.String(), Type.Null()]),
        }),
        ...errors,
      },
    },
    handler: async (request) => {
      const c = audiencesCall(request, deps);
      return listUploadMembers(c.db, c.sandboxId, request.params.id, {
        limit: request.query.limit ?? 50,
        cursor: request.query.cursor,
      });
    },
  });

  // The file is read as a stream: it never sits whole in memory.
  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_request, payload, done) => done(null, payload));
    scope.withTypeProvider<TypeBoxTypeProvider>().put('/audiences/:id/files/:importId', {
      config: { access: 'audiences.write' },
      bodyLimit: Number.MAX_SAFE_INTEGER,
      schema: {
        tags,
        summary: 'Send the CSV of an uploaded audience; answers when it has been loaded',
        consumes: FILE_TYPES,
        params: Type.Object({ id: Uuid, importId: Uuid }),
        response: { 200: Import, ...errors },
      },
      handler: async (request) => {
        const c = audiencesCall(request, deps);
        const row = await getImportRow(c.db, c.sandboxId, request.params.importId);
        if (row.audience_id !== request.params.id) throw new AppError('IMPORT_NOT_FOUND');
        if (row.status !== 'waiting') throw new AppError('IMPORT_NOT_WAITING');
        const body = request.body;
        if (!(body instanceof Readable))
          throw new AppError('IMPORT_INVALID', 'Send the file as the request body.');
        return runImport(
          {
            database: deps.database,
            clock: deps.clock,
            importers: { audience: importAudienceUpload },
          },
          c.sandboxId,
          row.id,
          body,
        );
      },
    });
  });
}
