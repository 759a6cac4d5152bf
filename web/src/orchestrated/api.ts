// Orchestrated campaigns over the REST API: the list, one campaign with its definition, the
// lifecycle's actions, runs with their tasks, task logs, transition previews and launches. The
// answers are checked against the API's own schemas (src/orchestration/api-model.ts).
import { Type } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import {
  Launches,
  OrchestratedCampaign,
  OrchestratedFile,
  RunDetail,
  RunView,
  TaskDetail,
  ValidationReport,
  WorktablePreview,
  type OrchestratedCreate,
  type OrchestratedPatch,
  type OrchestratedStatus,
  type RunDetail as RunDetailType,
  type RunView as RunViewType,
  type TaskView,
} from '../../../src/orchestration/api-model.ts';
import { Page } from '../../../src/platform/model.ts';
import { ReportTotals } from '../../../src/reports/model.ts';
import { ApiError, apiRequest, currentSandbox } from '../api/client.ts';

export type {
  OrchestratedCampaign,
  OrchestratedFile,
  OrchestratedStatus,
  TaskDetail,
  WorktablePreview,
} from '../../../src/orchestration/api-model.ts';
export type Task = TaskView;
export type Run = RunViewType;
export type RunWithTasks = RunDetailType;

const PAGE_SIZE = 25;

export const AREA = '/campaigns/orchestrated';
export const campaignPage = (id: string) => `${AREA}/${encodeURIComponent(id)}`;
const path = (id: string) => `/orchestrated-campaigns/${encodeURIComponent(id)}`;
const runPath = (id: string, runId: string) => `${path(id)}/runs/${encodeURIComponent(runId)}`;

export const listKey = (sandbox: string) => ['orchestrated', sandbox, 'list'] as const;
export const campaignKey = (sandbox: string, id: string) =>
  ['orchestrated', sandbox, 'campaign', id] as const;

export function listCampaigns(
  filters: { status: OrchestratedStatus | null; q: string },
  cursor: string | undefined,
) {
  return apiRequest('/orchestrated-campaigns', {
    query: { status: filters.status, q: filters.q, limit: PAGE_SIZE, cursor },
    schema: Page(OrchestratedCampaign),
  });
}

export function createCampaign(body: OrchestratedCreate) {
  return apiRequest('/orchestrated-campaigns', {
    method: 'POST',
    body,
    schema: OrchestratedCampaign,
  });
}

export function getCampaign(id: string) {
  return apiRequest(path(id), { schema: OrchestratedCampaign });
}

export function patchCampaign(id: string, body: OrchestratedPatch) {
  return apiRequest(path(id), { method: 'PATCH', body, schema: OrchestratedCampaign });
}

export function deleteCampaign(id: string) {
  return apiRequest(path(id), { method: 'DELETE' });
}

export function validateCampaign(id: string) {
  return apiRequest(`${path(id)}/validate`, { schema: ValidationReport });
}

export type CampaignAction =
  'publish' | 'pause' | 'resume' | 'stop' | 'close' | 'archive' | 'test-run';

export function campaignAction(id: string, action: CampaignAction) {
  return apiRequest(`${path(id)}/${action}`, { method: 'POST', body: {} });
}

/** Duplicate, or a new draft version of a live campaign: both answer the new campaign. */
export function copyCampaign(id: string, action: 'duplicate' | 'new-version') {
  return apiRequest(`${path(id)}/${action}`, {
    method: 'POST',
    body: {},
    schema: OrchestratedCampaign,
  });
}

export function listLaunches(id: string) {
  return apiRequest(`${path(id)}/launches`, { schema: Launches });
}

export function listRuns(id: string) {
  return apiRequest(`${path(id)}/runs`, { schema: Type.Object({ items: Type.Array(RunView) }) });
}

export function getRun(id: string, runId: string) {
  return apiRequest(runPath(id, runId), { schema: RunDetail });
}

export function getTask(id: string, runId: string, activityId: string) {
  return apiRequest(`${runPath(id, runId)}/tasks/${encodeURIComponent(activityId)}`, {
    schema: TaskDetail,
  });
}

export function taskAction(
  id: string,
  runId: string,
  activityId: string,
  verb: 'confirm' | 'retry',
) {
  return apiRequest(`${runPath(id, runId)}/tasks/${encodeURIComponent(activityId)}/${verb}`, {
    method: 'POST',
    body: {},
  });
}

export function previewTransition(id: string, runId: string, transitionId: string, limit = 20) {
  return apiRequest(
    `${runPath(id, runId)}/transitions/${encodeURIComponent(transitionId)}/preview`,
    { query: { limit }, schema: WorktablePreview },
  );
}

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
export type ChannelReport = (typeof ChannelReport)['static'];

/** The campaign's reports per channel activity and run. */
export function listChannelReports(id: string) {
  return apiRequest(`${path(id)}/reports`, {
    schema: Type.Object({ items: Type.Array(ChannelReport) }),
  });
}

const UploadFailure = Type.Object({ code: Type.String(), message: Type.String() });

/**
 * Uploads a CSV for a Load file activity: the file is the raw body of a POST (streamed by the
 * browser), so it goes without the JSON client; the answer is checked against the API schema.
 */
/** What the server knows of an uploaded file (not its content). */
export function getOrchestratedFile(id: string) {
  return apiRequest(`/orchestrated-files/${encodeURIComponent(id)}`, { schema: OrchestratedFile });
}

export async function uploadOrchestratedFile(file: File, csrfToken: string | null) {
  const headers: Record<string, string> = {
    accept: 'application/json',
    'content-type': 'text/csv',
    'x-sandbox-name': currentSandbox(),
  };
  if (csrfToken) headers['x-csrf-token'] = csrfToken;
  let response: Response;
  try {
    response = await fetch(`/orchestrated-files?name=${encodeURIComponent(file.name)}`, {
      method: 'POST',
      headers,
      body: file,
      credentials: 'same-origin',
    });
  } catch {
    throw new ApiError(0, 'NETWORK_ERROR', 'The Clarion server could not be reached.');
  }
  const text = await response.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  if (!response.ok) {
    const failure = Value.Check(UploadFailure, body) ? body : undefined;
    throw new ApiError(
      response.status,
      failure?.code ?? 'HTTP_ERROR',
      failure?.message ?? `The server answered ${response.status} ${response.statusText}.`,
    );
  }
  if (!Value.Check(OrchestratedFile, body))
    throw new ApiError(response.status, 'UNEXPECTED_RESPONSE', 'The upload answer is not a file.');
  return body;
}
