// Operators can run a maintenance task now instead of waiting for its cron slot.
import { Type } from '@sinclair/typebox';
import type { AppDeps, TypedApp } from '../http/types.ts';
import { ErrorBody } from '../platform/model.ts';
import { TASK_DESCRIPTIONS, TASK_NAMES } from './tasks.ts';

export function maintenanceRoutes(app: TypedApp, deps: AppDeps): void {
  const TaskParams = Type.Object({
    task: Type.Union(TASK_NAMES.map((name) => Type.Literal(name))),
  });

  app.get('/maintenance/tasks', {
    config: { access: 'sandboxes.manage' },
    schema: {
      tags: ['Operations'],
      summary: 'Maintenance tasks the workers run on a schedule',
      response: {
        200: Type.Array(Type.Object({ name: Type.String(), description: Type.String() })),
      },
    },
    handler: async () => TASK_NAMES.map((name) => ({ name, description: TASK_DESCRIPTIONS[name] })),
  });

  app.post('/maintenance/tasks/:task/run', {
    config: { access: 'sandboxes.manage' },
    schema: {
      tags: ['Operations'],
      summary: 'Queue a maintenance task to run now on any worker',
      params: TaskParams,
      response: { 202: Type.Object({ jobId: Type.String() }), 400: ErrorBody },
    },
    handler: async (request, reply) => {
      const job = await deps.jobs.add(
        request.params.task,
        {},
        { jobKey: `manual:${request.params.task}` },
      );
      return reply.status(202).send({ jobId: job.id });
    },
  });
}
