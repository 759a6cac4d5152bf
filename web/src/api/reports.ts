// Campaign reports: totals, exclusions by reason, executions, treatments with the experiment's
// result, and activity over time; the same as CSV.
import { CampaignReport, type ReportBucket } from '../../../src/reports/model.ts';
import { campaignPath } from './campaigns.ts';
import { apiDownload, apiRequest } from './client.ts';

export type {
  CampaignReport,
  ExecutionReportRow,
  ExperimentResult,
  ReportBucket,
  SeriesPoint,
  TreatmentReportRow,
} from '../../../src/reports/model.ts';

export interface ReportFilters {
  executionId: string | null;
  from: string | null;
  to: string | null;
  bucket: ReportBucket;
}

export function campaignReport(id: string, filters: ReportFilters) {
  return apiRequest(`${campaignPath(id)}/report`, {
    query: { ...filters },
    schema: CampaignReport,
  });
}

export function downloadCampaignReport(id: string, filters: ReportFilters) {
  const query = new URLSearchParams();
  const values: [string, string | null][] = [
    ['executionId', filters.executionId],
    ['from', filters.from],
    ['to', filters.to],
    ['bucket', filters.bucket],
  ];
  for (const [key, value] of values) if (value) query.set(key, value);
  const search = query.toString();
  return apiDownload(`${campaignPath(id)}/report.csv${search ? `?${search}` : ''}`, 'text/csv');
}
