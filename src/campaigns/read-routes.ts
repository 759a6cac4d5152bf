// Campaign reads that other areas compute: the execution API's call log and the report.
import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import type { AppDeps, TypedApp } from '../http/types.ts';
import { ErrorBody, IdParams, Page, PageQuery } from '../platform/model.ts';
import { reportCsv } from '../reports/csv.ts';
import { CampaignReport, ReportQuery } from '../reports/model.ts';
import { campaignReport } from '../reports/report.ts';
import { acting } from './acting.ts';
import { triggerLog, TriggerLogEntry } from './im/log.ts';
import { getCampaign } from './store.ts';

const tags = ['Campaigns'];
const errors = { 400: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };

export function campaignReadRoutes(app: TypedApp, deps: AppDeps): void {
  app.get('/campaigns/:id/requests', {
    config: { access: 'campaigns.read' },
    schema: {
      tags,
      summary: 'The execution API calls of an API-triggered campaign, newest first',
      params: IdParams,
      querystring: Type.Object({
        ...PageQuery,
        requestId: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
      }),
      response: { 200: Page(TriggerLogEntry), ...errors },
    },
    handler: async (request) => {
      const c = acting(request, deps);
      await getCampaign(c.db, c.sandboxId, request.params.id);
      return triggerLog(c.pool, c.sandboxId, request.params.id, {
        ...request.query,
        limit: request.query.limit ?? 50,
      });
    },
  });

  app.get('/campaigns/:id/report', {
    config: { access: 'reports.read' },
    schema: {
      tags,
      summary:
        'The campaign report: totals, exclusions, engagement, executions, treatments, series',
      params: IdParams,
      querystring: ReportQuery,
      response: { 200: CampaignReport, ...errors },
    },
    handler: async (request) => reportOf(request, deps, request.params.id, request.query),
  });

  app.get('/campaigns/:id/report.csv', {
    config: { access: 'reports.read' },
    schema: {
      tags,
      summary: 'The campaign report as CSV',
      produces: ['text/csv'],
      params: IdParams,
      querystring: ReportQuery,
    },
    handler: async (request, reply) => {
      const report = await reportOf(request, deps, request.params.id, request.query);
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="campaign-${request.params.id}.csv"`)
        .send(reportCsv(report));
    },
  });
}

async function reportOf(request: FastifyRequest, deps: AppDeps, id: string, query: ReportQuery) {
  const c = acting(request, deps);
  const campaign = await getCampaign(c.db, c.sandboxId, id);
  const content = campaign.content;
  const experiment = content?.mode === 'experiment' ? content : undefined;
  return campaignReport(c.pool, c.sandboxId, id, {
    executionId: query.executionId,
    from: query.from ? new Date(query.from) : undefined,
    to: query.to ? new Date(query.to) : undefined,
    bucket: query.bucket,
    metric: experiment ? (query.metric ?? experiment.metric) : null,
    treatmentOrder:
      content?.mode === 'experiment'
        ? content.treatments.map((t) => t.key)
        : content?.mode === 'rules'
          ? content.variants.map((v) => v.key)
          : undefined,
  });
}
