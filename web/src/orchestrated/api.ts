// Orchestrated campaigns over the REST API: the list, one campaign with its definition, the
// lifecycle's actions, runs with their tasks, transition previews and launches.
import { Type, type Static } from '@sinclair/typebox';
import { WorkflowDefinition } from '../../../src/orchestration/model.ts';
import { Page } from '../../../src/platform/model.ts';
import { apiRequest } from '../api/client.ts';
import { CAMPAIGN_STATUSES, type CampaignStatus } from './labels.ts';

const PAGE_SIZE = 25;

const Status = Type.Union(CAMPAIGN_STATUSES.map((s) => Type.Literal(s)));
const TaskStatus = Type.Union(
  (['pending', 'running', 'waiting', 'needsAttention', 'error', 'done', 'skipped'] as const).map(
    (s) => Type.Literal(s),
  ),
);
const RunStatus = Type.Union(
  (['running', 'paused', 'completed', 'failed', 'stopped'] as const).map((s) => Type.Literal(s)),
);
const When = Type.Union([Type.String(), Type.Null()]);

export const OrchestratedCampaign = Type.Object({
  id: Type.String(),
  name: Type.String(),
  description: Type.String(),
  tags: Type.Array(Type.String()),
  status: Status,
  paused: Type.Optional(Type.Boolean()),
  version: Type.Optional(Type.Integer()),
  definition: WorkflowDefinition,
  updatedAt: Type.String(),
  updatedBy: Type.Optional(Type.String()),
  publishedAt: Type.Optional(When),
  nextLaunchAt: Type.Optional(When),
});
export type OrchestratedCampaign = Static<typeof OrchestratedCampaign>;

const Worktable = Type.Object({ table: Type.String(), count: Type.Number() });
const LogLine = Type.Object({
  at: Type.String(),
  level: Type.String(),
  message: Type.String(),
  sql: Type.Optional(Type.String()),
});
export type LogLine = Static<typeof LogLine>;

export const Task = Type.Object({
  activityId: Type.String(),
  kind: Type.String(),
  status: TaskStatus,
  startedAt: Type.Optional(When),
  finishedAt: Type.Optional(When),
  durationMs: Type.Optional(Type.Union([Type.Number(), Type.Null()])),
  counts: Type.Record(Type.String(), Type.Union([Type.Number(), Type.Null()])),
  outputs: Type.Optional(Type.Record(Type.String(), Type.Union([Worktable, Type.Null()]))),
  state: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  logs: Type.Optional(Type.Array(LogLine)),
  error: Type.Optional(Type.Union([Type.String(), Type.Null()])),
});
export type Task = Static<typeof Task>;

export const Run = Type.Object({
  id: Type.String(),
  runNo: Type.Integer(),
  mode: Type.Union([Type.Literal('test'), Type.Literal('live')]),
  trigger: Type.String(),
  status: RunStatus,
  oneShot: Type.Optional(Type.Boolean()),
  error: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  startedAt: Type.String(),
  finishedAt: Type.Optional(When),
  purgedAt: Type.Optional(When),
});
export type Run = Static<typeof Run>;
const RunWithTasks = Type.Intersect([
  Run,
  Type.Object({ tasks: Type.Array(Task), definition: Type.Optional(WorkflowDefinition) }),
]);
export type RunWithTasks = Static<typeof RunWithTasks>;

const Preview = Type.Object({
  columns: Type.Array(Type.Union([Type.String(), Type.Object({ name: Type.String() })])),
  rows: Type.Array(Type.Unknown()),
  count: Type.Optional(Type.Number()),
});
export type Preview = Static<typeof Preview>;

const Problem = Type.Object({
  activityId: Type.Optional(Type.String()),
  transitionId: Type.Optional(Type.String()),
  path: Type.String(),
  message: Type.String(),
  severity: Type.String(),
});
const Problems = Type.Object({ problems: Type.Array(Problem) });
export type ServerProblem = Static<typeof Problem>;
const Launches = Type.Object({ launches: Type.Array(Type.String()) });

export const AREA = '/campaigns/orchestrated';
export const campaignPage = (id: string) => `${AREA}/${encodeURIComponent(id)}`;
const path = (id: string) => `/orchestrated-campaigns/${encodeURIComponent(id)}`;
const runPath = (id: string, runId: string) => `${path(id)}/runs/${encodeURIComponent(runId)}`;

export const listKey = (sandbox: string) => ['orchestrated', sandbox, 'list'] as const;
export const campaignKey = (sandbox: string, id: string) =>
  ['orchestrated', sandbox, 'campaign', id] as const;
export const runsKey = (sandbox: string, id: string) =>
  ['orchestrated', sandbox, 'campaign', id, 'runs'] as const;

export function listCampaigns(
  filters: { status: CampaignStatus | null; q: string },
  cursor: string | undefined,
) {
  return apiRequest('/orchestrated-campaigns', {
    query: { status: filters.status, q: filters.q, limit: PAGE_SIZE, cursor },
    schema: Page(OrchestratedCampaign),
  });
}

export function createCampaign(body: {
  name: string;
  description?: string;
  definition: Static<typeof WorkflowDefinition>;
}) {
  return apiRequest('/orchestrated-campaigns', {
    method: 'POST',
    body,
    schema: OrchestratedCampaign,
  });
}

export function getCampaign(id: string) {
  return apiRequest(path(id), { schema: OrchestratedCampaign });
}

export function patchCampaign(
  id: string,
  body: Partial<Pick<OrchestratedCampaign, 'name' | 'description' | 'tags' | 'definition'>>,
) {
  return apiRequest(path(id), { method: 'PATCH', body, schema: OrchestratedCampaign });
}

export function deleteCampaign(id: string) {
  return apiRequest(path(id), { method: 'DELETE' });
}

export function validateCampaign(id: string) {
  return apiRequest(`${path(id)}/validate`, { schema: Problems });
}

export type CampaignAction =
  | 'publish'
  | 'pause'
  | 'resume'
  | 'stop'
  | 'close'
  | 'archive'
  | 'duplicate'
  | 'new-version'
  | 'test-run';

export function campaignAction(id: string, action: CampaignAction) {
  return apiRequest(`${path(id)}/${action}`, { method: 'POST', body: {} });
}

export function campaignActionReturning(id: string, action: 'duplicate' | 'new-version') {
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
  return apiRequest(`${path(id)}/runs`, { schema: Type.Object({ items: Type.Array(Run) }) });
}

export function getRun(id: string, runId: string) {
  return apiRequest(runPath(id, runId), { schema: RunWithTasks });
}

export function confirmTask(id: string, runId: string, activityId: string) {
  return apiRequest(`${runPath(id, runId)}/tasks/${encodeURIComponent(activityId)}/confirm`, {
    method: 'POST',
    body: {},
  });
}

export function retryTask(id: string, runId: string, activityId: string) {
  return apiRequest(`${runPath(id, runId)}/tasks/${encodeURIComponent(activityId)}/retry`, {
    method: 'POST',
    body: {},
  });
}

export function previewTransition(id: string, runId: string, transitionId: string, limit = 20) {
  return apiRequest(
    `${runPath(id, runId)}/transitions/${encodeURIComponent(transitionId)}/preview`,
    { query: { limit }, schema: Preview },
  );
}
