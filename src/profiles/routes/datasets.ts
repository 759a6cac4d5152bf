// Relational datasets: definitions and rows.
import { Type } from '@sinclair/typebox';
import type { AppDeps, TypedApp } from '../../http/types.ts';
import { ErrorBody, PageQuery } from '../../platform/model.ts';
import {
  Dataset,
  DatasetDefinition,
  DatasetKeys,
  DatasetRows,
  NameParams,
  RowValue,
} from '../datasets/model.ts';
import { browseRows, deleteRows, upsertRows } from '../datasets/rows.ts';
import {
  createDataset,
  deleteDataset,
  describeDataset,
  getDataset,
  listDatasets,
  redefineDataset,
} from '../datasets/store.ts';
import { profilesCall } from './context.ts';

const tags = ['Datasets'];
const errors = { 400: ErrorBody, 404: ErrorBody, 409: ErrorBody };

export function datasetRoutes(app: TypedApp, deps: AppDeps): void {
  app.get('/datasets', {
    config: { access: 'profiles.read' },
    schema: {
      tags,
      summary: 'Datasets of the sandbox with row counts',
      response: { 200: Type.Object({ items: Type.Array(Dataset) }) },
    },
    handler: async (request) => {
      const call = profilesCall(request, deps);
      return { items: await listDatasets(call.db, call.sandboxId) };
    },
  });
  app.post('/datasets', {
    config: { access: 'profiles.write' },
    schema: {
      tags,
      summary: 'Define a dataset; its table is created at once',
      body: DatasetDefinition,
      response: { 201: Dataset, ...errors },
    },
    handler: async (request, reply) =>
      reply.status(201).send(await createDataset(profilesCall(request, deps), request.body)),
  });
  app.get('/datasets/:name', {
    config: { access: 'profiles.read' },
    schema: {
      tags,
      summary: 'A dataset definition',
      params: NameParams,
      response: { 200: Dataset, 404: ErrorBody },
    },
    handler: async (request) => {
      const call = profilesCall(request, deps);
      return describeDataset(
        call.db,
        await getDataset(call.db, call.sandboxId, request.params.name),
      );
    },
  });
  app.put('/datasets/:name', {
    config: { access: 'profiles.write' },
    schema: {
      tags,
      summary: 'Change title/description or add nullable columns',
      description:
        'Removing or retyping columns, adding required columns, or changing the key or link is refused with 409 DATASET_CHANGE_DESTRUCTIVE.',
      params: NameParams,
      body: DatasetDefinition,
      response: { 200: Dataset, ...errors },
    },
    handler: async (request) =>
      redefineDataset(profilesCall(request, deps), request.params.name, request.body),
  });
  app.delete('/datasets/:name', {
    config: { access: 'profiles.write' },
    schema: {
      tags,
      summary: 'Delete a dataset and its rows',
      params: NameParams,
      response: { 204: Type.Null(), 404: ErrorBody, 409: ErrorBody },
    },
    handler: async (request, reply) => {
      await deleteDataset(profilesCall(request, deps), request.params.name);
      return reply.status(204).send(null);
    },
  });
  app.get('/datasets/:name/rows', {
    config: { access: 'profiles.read' },
    schema: {
      tags,
      summary: 'Rows in primary-key order',
      params: NameParams,
      querystring: Type.Object(PageQuery),
      response: {
        200: Type.Object({
          items: Type.Array(Type.Record(Type.String(), RowValue)),
          nextCursor: Type.Union([Type.String(), Type.Null()]),
        }),
        ...errors,
      },
    },
    handler: async (request) => {
      const call = profilesCall(request, deps);
      return browseRows(
        call.db,
        await getDataset(call.db, call.sandboxId, request.params.name),
        request.query.limit ?? 50,
        request.query.cursor,
      );
    },
  });
  app.post('/datasets/:name/rows', {
    config: { access: 'profiles.write' },
    schema: {
      tags,
      summary: 'Insert or replace up to 1,000 rows by primary key (all or nothing)',
      params: NameParams,
      body: DatasetRows,
      response: { 200: Type.Object({ upserted: Type.Integer() }), ...errors },
    },
    handler: async (request) => {
      const call = profilesCall(request, deps);
      return {
        upserted: await upsertRows(
          call.db,
          await getDataset(call.db, call.sandboxId, request.params.name),
          request.body.rows,
        ),
      };
    },
  });
  app.post('/datasets/:name/rows/delete', {
    config: { access: 'profiles.write' },
    schema: {
      tags,
      summary: 'Delete rows by primary key',
      params: NameParams,
      body: DatasetKeys,
      response: { 200: Type.Object({ deleted: Type.Integer() }), ...errors },
    },
    handler: async (request) => {
      const call = profilesCall(request, deps);
      return {
        deleted: await deleteRows(
          call.db,
          await getDataset(call.db, call.sandboxId, request.params.name),
          request.body.keys,
        ),
      };
    },
  });
}
