// Beside the runs of orchestrated campaigns: the reports of their channel activities, the alerts
// of the signed-in user, and CSV uploads for Load file activities (streamed, ≤ 50 MB).
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { Readable } from 'node:stream';
import type { AppDeps, TypedApp } from '../http/types.ts';
import { AppError } from '../platform/errors.ts';
import { ErrorBody, IdParams } from '../platform/model.ts';
import { ReportTotals } from '../reports/model.ts';
import { acting } from './acting.ts';
import { OrchestratedAlert, OrchestratedFile } from './api-model.ts';
import { channelActivityReports } from './channels/reports.ts';
import { getFile, storeUploadedFile } from './files/store.ts';
import { getCampaignRow } from './store.ts';

const tags = ['Orchestrated campaigns'];

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

export function orchestratedSideRoutes(app: TypedApp, deps: AppDeps): void {
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

  app.get('/orchestrated-files/:id', {
    config: { access: 'orchestrated.read' },
    schema: {
      tags,
      summary: 'An uploaded file: name, size, lines and header (not its content)',
      params: IdParams,
      response: { 200: OrchestratedFile, 404: ErrorBody },
    },
    handler: async (request) => {
      const c = acting(request, deps);
      const file = await getFile(deps.database.pool, {
        sandboxId: c.sandboxId,
        fileId: request.params.id,
      });
      return {
        id: file.id,
        name: file.name,
        sizeBytes: file.sizeBytes,
        lineCount: file.lineCount,
        headers: file.headers,
        createdBy: file.createdBy,
        createdAt: file.createdAt.toISOString(),
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
