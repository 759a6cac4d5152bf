// Runs of orchestrated campaigns over HTTP: the runs and their tasks (status, counts, logs), a
// transition's population, confirming and retrying a task, purging a run, the Direct mail file;
// plus CSV uploads for Load file and the alerts of the signed-in user. Thin: the engine acts.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { Readable } from 'node:stream';
import type { AppDeps, TypedApp } from '../http/types.ts';
import { AppError } from '../platform/errors.ts';
import { ErrorBody, IdParams, Page } from '../platform/model.ts';
import { acting } from './acting.ts';
import {
  OrchestratedAlert,
  OrchestratedFile,
  RunDetail,
  RunParams,
  RunView,
  TaskDetail,
  TaskParams,
  TransitionParams,
  WorktablePreview,
  wireSchema,
} from './api-model.ts';
import { exportDirectMailCsv } from './channels/direct-mail-export.ts';
import { channelActivityReports } from './channels/reports.ts';
import { ReportTotals } from '../reports/model.ts';
import {
  confirmTask,
  getRun,
  listRuns,
  listTasks,
  purgeRun,
  retryTask,
  worktableOf,
} from './engine/index.ts';
import { previewWorktable } from './engine/worktables.ts';
import { storeUploadedFile } from './files/store.ts';
import type { ServiceCall } from './service.ts';
import { getCampaignRow } from './store.ts';
import { toRunView, toTaskDetail, toTaskView } from './views.ts';

const tags = ['Orchestrated campaigns'];
const errors = { 400: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };
const runs = '/orchestrated-campaigns/:id/runs';

const ChannelReport = Type.Object({
  runId: Type.String(),
  runNo: Type.Integer(),
  mode: Type.Union([Type.Literal('test'), Type.Literal('live')]),
  activityId: Type.String(),
  channel: Type.String(),
  executionId: Type.String(),
  status: Type.String(),
  totals: ReportTotals,
});

/** The run, checked to belong to the campaign of the path. */
async function runOf(c: ServiceCall, campaignId: string, runId: string) {
  const run = await getRun(c.engine, { sandboxId: c.sandboxId, runId });
  if (run.campaignId !== campaignId) throw new AppError('ORCHESTRATED_RUN_NOT_FOUND');
  return run;
}

export function orchestratedRunRoutes(app: TypedApp, deps: AppDeps): void {
  app.get(runs, {
    config: { access: 'orchestrated.read' },
    schema: {
      tags,
      summary: 'The runs of a campaign, newest first',
      params: IdParams,
      querystring: Type.Object({
        limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
      }),
      response: { 200: Page(RunView), 404: ErrorBody },
    },
    handler: async (request) => {
      const c = acting(request, deps);
      await getCampaignRow(c.db, c.sandboxId, request.params.id);
      const items = await listRuns(c.engine, {
        sandboxId: c.sandboxId,
        campaignId: request.params.id,
        limit: request.query.limit ?? 50,
      });
      return { items: items.map(toRunView), nextCursor: null };
    },
  });

  app.get(`${runs}/:runId`, {
    config: { access: 'orchestrated.read' },
    schema: {
      tags,
      summary: 'A run with its definition and tasks (status, counts per output, duration)',
      params: RunParams,
      response: { 200: wireSchema(RunDetail), 404: ErrorBody },
    },
    handler: async (request) => {
      const c = acting(request, deps);
      const run = await runOf(c, request.params.id, request.params.runId);
      const tasks = await listTasks(c.engine, { sandboxId: c.sandboxId, runId: run.id });
      return { ...toRunView(run), definition: run.definition, tasks: tasks.map(toTaskView) };
    },
  });

  app.get(`${runs}/:runId/tasks/:activityId`, {
    config: { access: 'orchestrated.read' },
    schema: {
      tags,
      summary: "One activity's task in a run, with its logs (and the SQL it ran)",
      params: TaskParams,
      response: { 200: TaskDetail, 404: ErrorBody },
    },
    handler: async (request) => {
      const c = acting(request, deps);
      const run = await runOf(c, request.params.id, request.params.runId);
      const tasks = await listTasks(c.engine, { sandboxId: c.sandboxId, runId: run.id });
      const task = tasks.find((t) => t.activityId === request.params.activityId);
      if (!task) throw new AppError('ORCHESTRATED_TASK_NOT_FOUND');
      return toTaskDetail(task);
    },
  });

  for (const [verb, access, summary] of [
    [
      'confirm',
      'orchestrated.publish',
      'Confirm sending: a channel activity waiting for it goes on',
    ],
    ['retry', 'orchestrated.write', 'Run a failed activity again'],
  ] as const)
    app.post(`${runs}/:runId/tasks/:activityId/${verb}`, {
      config: { access },
      schema: { tags, summary, params: TaskParams, response: { 200: TaskDetail, ...errors } },
      handler: async (request) => {
        const c = acting(request, deps);
        const run = await runOf(c, request.params.id, request.params.runId);
        const key = {
          sandboxId: c.sandboxId,
          runId: run.id,
          activityId: request.params.activityId,
        };
        if (verb === 'confirm') await confirmTask(c.engine, { ...key, actor: c.actor.label });
        else await retryTask(c.engine, key);
        const tasks = await listTasks(c.engine, key);
        const task = tasks.find((t) => t.activityId === key.activityId);
        if (!task) throw new AppError('ORCHESTRATED_TASK_NOT_FOUND');
        return toTaskDetail(task);
      },
    });

  app.get(`${runs}/:runId/transitions/:transitionId/preview`, {
    config: { access: 'orchestrated.read' },
    schema: {
      tags,
      summary: 'The population a transition carries: its columns and first rows',
      params: TransitionParams,
      querystring: Type.Object({
        limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
      }),
      response: { 200: WorktablePreview, 404: ErrorBody },
    },
    handler: async (request) => {
      const c = acting(request, deps);
      const run = await runOf(c, request.params.id, request.params.runId);
      const worktable = await worktableOf(c.engine, {
        sandboxId: c.sandboxId,
        runId: run.id,
        transitionId: request.params.transitionId,
      });
      const client = await deps.database.pool.connect();
      try {
        const rows = await previewWorktable(client, worktable, request.query.limit ?? 20);
        return {
          transitionId: request.params.transitionId,
          count: worktable.count,
          dimension: worktable.dimension,
          keys: worktable.keys,
          columns: worktable.columns,
          rows,
        };
      } finally {
        client.release();
      }
    },
  });

  app.get(`${runs}/:runId/exports/:file`, {
    config: { access: 'orchestrated.read' },
    schema: {
      tags,
      summary: 'The CSV file of a Direct mail activity (GET …/exports/{activityId}.csv)',
      produces: ['text/csv'],
      params: Type.Object({
        id: Type.String({ format: 'uuid' }),
        runId: Type.String({ format: 'uuid' }),
        file: Type.String({ pattern: '^[A-Za-z][A-Za-z0-9_-]{0,39}\\.csv$' }),
      }),
    },
    handler: async (request, reply) => {
      const c = acting(request, deps);
      const run = await runOf(c, request.params.id, request.params.runId);
      const file = await exportDirectMailCsv(deps.database.pool, {
        sandboxId: c.sandboxId,
        runId: run.id,
        campaignId: request.params.id,
        activityId: request.params.file.replace(/\.csv$/, ''),
      });
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${file.fileName}"`)
        .send(file.stream);
    },
  });

  app.delete(`${runs}/:runId`, {
    config: { access: 'orchestrated.write' },
    schema: {
      tags,
      summary: 'Purge a finished run: its populations are dropped; tasks, counts and logs stay',
      params: RunParams,
      response: { 200: Type.Object({ dropped: Type.Integer() }), ...errors },
    },
    handler: async (request) => {
      const c = acting(request, deps);
      const run = await runOf(c, request.params.id, request.params.runId);
      return purgeRun(c.engine, { sandboxId: c.sandboxId, runId: run.id });
    },
  });

  app.get('/orchestrated-campaigns/:id/reports', {
    config: { access: 'reports.read' },
    schema: {
      tags,
      summary: 'The report of each channel activity per run (newest runs first)',
      params: IdParams,
      response: { 200: Type.Object({ items: Type.Array(ChannelReport) }), 404: ErrorBody },
    },
    handler: async (request) => {
      const c = acting(request, deps);
      await getCampaignRow(c.db, c.sandboxId, request.params.id);
      const items = await channelActivityReports(deps.database.pool, {
        sandboxId: c.sandboxId,
        campaignId: request.params.id,
      });
      return { items };
    },
  });

  app.get('/orchestrated-alerts', {
    config: { access: 'orchestrated.read' },
    schema: {
      tags,
      summary: 'Alerts of orchestrated campaigns sent to the signed-in user, newest first',
      response: { 200: Type.Object({ items: Type.Array(OrchestratedAlert) }) },
    },
    handler: async (request) => {
      const c = acting(request, deps);
      if (c.actor.type !== 'user') return { items: [] };
      const rows = await c.db
        .selectFrom('orchestrated_alerts')
        .selectAll()
        .where('sandbox_id', '=', c.sandboxId)
        .where('user_id', '=', c.actor.id)
        .orderBy('created_at', 'desc')
        .limit(100)
        .execute();
      return {
        items: rows.map((r) => ({
          id: r.id,
          campaignId: r.campaign_id,
          runId: r.run_id,
          activityId: r.activity_id,
          subject: r.subject,
          message: r.message,
          createdAt: r.created_at.toISOString(),
          readAt: r.read_at?.toISOString() ?? null,
        })),
      };
    },
  });

  // The file is read as a stream: it never sits whole in memory.
  void app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_request, payload, done) => done(null, payload));
    scope.withTypeProvider<TypeBoxTypeProvider>().post('/orchestrated-files', {
      config: { access: 'orchestrated.write' },
      bodyLimit: Number.MAX_SAFE_INTEGER,
      schema: {
        tags,
        summary: 'Upload a CSV file (≤ 50 MB, header line first) for a Load file activity',
        consumes: ['text/csv', 'application/octet-stream', 'text/plain'],
        querystring: Type.Object({ name: Type.Optional(Type.String({ maxLength: 200 })) }),
        response: { 201: OrchestratedFile, 400: ErrorBody, 413: ErrorBody },
      },
      handler: async (request, reply) => {
        const c = acting(request, deps);
        const body = request.body;
        if (!(body instanceof Readable))
          throw new AppError('VALIDATION_FAILED', 'Send the CSV file as the request body.');
        const file = await storeUploadedFile(
          { pool: deps.database.pool, clock: c.clock },
          {
            sandboxId: c.sandboxId,
            actor: c.actor,
            name: request.query.name ?? 'file.csv',
            stream: body,
          },
        );
        return reply.status(201).send({
          ...file,
          createdBy: c.actor.label,
          createdAt: c.clock.now().toISOString(),
        });
      },
    });
  });
}
