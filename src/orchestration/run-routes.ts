// Runs of orchestrated campaigns over HTTP: the runs and their tasks (status, counts, logs), a
// transition's population, confirming and retrying a task, purging a run, the Direct mail file.
// Thin: the engine acts.
import { Type } from '@sinclair/typebox';
import type { AppDeps, TypedApp } from '../http/types.ts';
import { AppError } from '../platform/errors.ts';
import { ErrorBody, IdParams, Page } from '../platform/model.ts';
import { acting } from './acting.ts';
import {
  RunDetail,
  RunParams,
  RunView,
  TaskDetail,
  TaskParams,
  TransitionParams,
  WorktablePreview,
  responseSchema,
} from './api-model.ts';
import { exportDirectMailCsv } from './channels/direct-mail-export.ts';
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
import type { ServiceCall } from './service.ts';
import { getCampaignRow } from './store.ts';
import { toRunView, toTaskDetail, toTaskView } from './views.ts';
import { orchestratedSideRoutes } from './side-routes.ts';

const tags = ['Orchestrated campaigns'];
const errors = { 400: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };
const runs = '/orchestrated-campaigns/:id/runs';

/** The run, checked to belong to the campaign of the path. */
async function runOf(c: ServiceCall, campaignId: string, runId: string) {
  const run = await getRun(c.engine, { sandboxId: c.sandboxId, runId });
  if (run.campaignId !== campaignId) throw new AppError('ORCHESTRATED_RUN_NOT_FOUND');
  return run;
}

export function orchestratedRunRoutes(app: TypedApp, deps: AppDeps): void {
  orchestratedSideRoutes(app, deps);
  app.get(runs, {
    config: { access: 'orchestrated.read' },
    schema: {
      tags,
      summary: 'The runs of a campaign, newest first',
      params: IdParams,
      querystring: Type.Object({
        limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
        cursor: Type.Optional(
          Type.String({ pattern: '^[0-9]{1,9}$', description: 'nextCursor of the page before' }),
        ),
      }),
      response: { 200: Page(RunView), 404: ErrorBody },
    },
    handler: async (request) => {
      const c = acting(request, deps);
      await getCampaignRow(c.db, c.sandboxId, request.params.id);
      const limit = request.query.limit ?? 50;
      const cursor = request.query.cursor;
      const items = await listRuns(c.engine, {
        sandboxId: c.sandboxId,
        campaignId: request.params.id,
        limit: limit + 1,
        ...(cursor ? { beforeRunNo: Number(cursor) } : {}),
      });
      const page = items.slice(0, limit);
      const last = page.at(-1);
      return {
        items: page.map(toRunView),
        nextCursor: items.length > limit && last ? String(last.runNo) : null,
      };
    },
  });

  app.get(`${runs}/:runId`, {
    config: { access: 'orchestrated.read' },
    schema: {
      tags,
      summary: 'A run with its definition and tasks (status, counts per output, duration)',
      params: RunParams,
      response: { 200: responseSchema(RunDetail), 404: ErrorBody },
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
}
