// The audit trail, read by administrators.
import { contextOf } from '../../http/auth.ts';
import type { AppDeps, TypedApp } from '../../http/types.ts';
import { listAudit } from '../audit.ts';
import { AppError } from '../errors.ts';
import { AuditEntry, AuditQuery, ErrorBody, Page } from '../model.ts';

export function auditRoutes(app: TypedApp, deps: AppDeps): void {
  app.get('/audit-log', {
    config: { access: 'audit.read' },
    schema: {
      tags: ['Audit trail'],
      summary: 'Writes in this sandbox and platform-wide ones, newest first',
      querystring: AuditQuery,
      response: { 200: Page(AuditEntry), 400: ErrorBody },
    },
    handler: async (request) => {
      const ctx = contextOf(request, deps);
      const { cursor, from, to } = request.query;
      if (cursor !== undefined && !/^\d+$/.test(cursor)) {
        throw new AppError(
          'VALIDATION_FAILED',
          'querystring:/cursor is not a cursor of this list',
          [{ path: 'querystring:/cursor', message: 'is not a cursor of this list' }],
        );
      }
      return listAudit(ctx.db, {
        sandboxId: ctx.sandboxId,
        action: request.query.action,
        entityType: request.query.entityType,
        entityId: request.query.entityId,
        actor: request.query.actor,
        from: from ? new Date(from) : undefined,
        to: to ? new Date(to) : undefined,
        limit: request.query.limit ?? 50,
        cursor: cursor === undefined ? undefined : Number(cursor),
      });
    },
  });
}
