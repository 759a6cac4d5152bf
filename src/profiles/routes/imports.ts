// Imports of profiles and dataset rows: create, send the file (streamed), follow progress,
// download rejected lines.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { Readable } from 'node:stream';
import type { AppDeps, TypedApp } from '../../http/types.ts';
import { AppError } from '../../platform/errors.ts';
import { ErrorBody, IdParams, Page, PageQuery } from '../../platform/model.ts';
import { Import, ImportCreate } from '../imports/model.ts';
import { runImport } from '../imports/runner.ts';
import {
  cancelImport,
  createImport,
  getImportRow,
  listImports,
  rejectionsCsv,
  toImport,
} from '../imports/store.ts';
import { profilesCall } from './context.ts';

const tags = ['Imports'];
const FILE_TYPES = ['text/csv', 'application/x-ndjson', 'application/octet-stream', 'text/plain'];

export async function importRoutes(app: TypedApp, deps: AppDeps): Promise<void> {
  app.post('/imports', {
    config: { access: 'profiles.write' },
    schema: {
      tags,
      summary: 'Start an import; then PUT its file to /imports/{id}/file',
      body: ImportCreate,
      response: { 201: Import, 400: ErrorBody, 404: ErrorBody },
    },
    handler: async (request, reply) =>
      reply.status(201).send(await createImport(profilesCall(request, deps), request.body)),
  });

  app.get('/imports', {
    config: { access: 'profiles.read' },
    schema: {
      tags,
      summary: 'Imports, newest first',
      querystring: Type.Object(PageQuery),
      response: { 200: Page(Import) },
    },
    handler: async (request) => {
      const call = profilesCall(request, deps);
      return listImports(
        call.db,
        call.sandboxId,
        request.query.limit ?? 50,
        request.query.cursor,
        call.clock.now(),
      );
    },
  });

  app.get('/imports/:id', {
    config: { access: 'profiles.read' },
    schema: {
      tags,
      summary: 'State and progress of an import',
      params: IdParams,
      response: { 200: Import, 404: ErrorBody },
    },
    handler: async (request) => {
      const call = profilesCall(request, deps);
      return toImport(
        await getImportRow(call.db, call.sandboxId, request.params.id),
        call.clock.now(),
      );
    },
  });

  app.get('/imports/:id/rejections', {
    config: { access: 'profiles.read' },
    schema: {
      tags,
      summary: 'Rejected lines (line, field, reason) as CSV',
      produces: ['text/csv'],
      params: IdParams,
    },
    handler: async (request, reply) => {
      const call = profilesCall(request, deps);
      const row = await getImportRow(call.db, call.sandboxId, request.params.id);
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="rejected-${row.id}.csv"`)
        .send(Readable.from(rejectionsCsv(call.db, call.sandboxId, row.id)));
    },
  });

  app.post('/imports/:id/cancel', {
    config: { access: 'profiles.write' },
    schema: {
      tags,
      summary:
        'Cancel an import that waits for its file or was interrupted (rows that landed stay)',
      params: IdParams,
      response: { 200: Import, 404: ErrorBody, 409: ErrorBody },
    },
    handler: async (request) => {
      const call = profilesCall(request, deps);
      return cancelImport(
        call.db,
        call.sandboxId,
        request.params.id,
        call.actor.label,
        call.clock.now(),
      );
    },
  });

  // The file is read as a stream: it never sits whole in memory.
  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_request, payload, done) => done(null, payload));
    scope.withTypeProvider<TypeBoxTypeProvider>().put('/imports/:id/file', {
      config: { access: 'profiles.write' },
      bodyLimit: Number.MAX_SAFE_INTEGER,
      schema: {
        tags,
        summary:
          'Send the file of a waiting import (CSV or NDJSON body); answers when the import has finished',
        consumes: FILE_TYPES,
        params: IdParams,
        response: { 200: Import, 404: ErrorBody, 409: ErrorBody },
      },
      handler: async (request) => {
        const call = profilesCall(request, deps);
        const row = await getImportRow(call.db, call.sandboxId, request.params.id);
        if (row.status !== 'waiting') throw new AppError('IMPORT_NOT_WAITING');
        if (row.kind === 'audience')
          throw new AppError(
            'IMPORT_INVALID',
            `Send an audience file to /audiences/${row.audience_id}/files/${row.id}.`,
          );
        const body = request.body;
        if (!(body instanceof Readable))
          throw new AppError('IMPORT_INVALID', 'Send the file as the request body.');
        return runImport(
          { database: deps.database, clock: deps.clock },
          call.sandboxId,
          row.id,
          body,
        );
      },
    });
  });
}
