// Liveness and readiness probes.
import { Type } from '@sinclair/typebox';
import type { AppDeps, TypedApp } from './types.ts';

export function healthRoutes(app: TypedApp, deps: AppDeps, migrated: () => Promise<boolean>): void {
  const Status = Type.Object({ status: Type.String(), reason: Type.Optional(Type.String()) });
  app.get('/health', {
    config: { access: 'public' },
    schema: { tags: ['Operations'], summary: 'The process is up', response: { 200: Status } },
    handler: async () => ({ status: 'ok' }),
  });
  app.get('/ready', {
    config: { access: 'public' },
    schema: {
      tags: ['Operations'],
      summary: 'The database is reachable and migrated',
      response: { 200: Status, 503: Status },
    },
    handler: async (_request, reply) => {
      try {
        await deps.database.pool.query('SELECT 1');
        if (!(await migrated()))
          return reply.status(503).send({ status: 'unavailable', reason: 'database not migrated' });
        return { status: 'ready' };
      } catch {
        return reply.status(503).send({ status: 'unavailable', reason: 'database unreachable' });
      }
    },
  });
}
