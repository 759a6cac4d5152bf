// Action campaigns: the list and calendar, drafts saved part by part, the lifecycle's actions,
// the review before activation, runs with their progress, and approval requests.
import { Type } from '@sinclair/typebox';
import {
  ApprovalRequest,
  Campaign,
  CampaignReview,
  CampaignRun,
  type CampaignCreate,
  type CampaignPatch,
  type CampaignStatus,
} from '../../../src/campaigns/model.ts';
import { Page } from '../../../src/platform/model.ts';
import type { Channel } from '../../../src/profiles/model.ts';
import { apiRequest } from './client.ts';

export type {
  ApprovalRequest,
  Campaign,
  CampaignAudience,
  CampaignContent,
  CampaignControls,
  CampaignCreate,
  CampaignPatch,
  CampaignReview,
  CampaignRun,
  CampaignSchedule,
  CampaignStatus,
  CampaignType,
  MessageContent,
  Recurrence,
  ReviewProblem,
  Treatment,
  Waves,
} from '../../../src/campaigns/model.ts';

const PAGE_SIZE = 50;
const CampaignPage = Page(Campaign);
const ApprovalPage = Page(ApprovalRequest);
const RunList = Type.Object({ items: Type.Array(CampaignRun) });
const ApprovalList = Type.Object({ items: Type.Array(ApprovalRequest) });
const CalendarEntry = Type.Object({
  campaignId: Type.String(),
  name: Type.String(),
  status: Type.String(),
  channel: Type.Union([Type.String(), Type.Null()]),
  runNo: Type.Union([Type.Integer(), Type.Null()]),
  at: Type.String(),
  runStatus: Type.String(),
});
const Calendar = Type.Object({ items: Type.Array(CalendarEntry) });
export type CalendarEntry = (typeof Calendar)['static']['items'][number];

export const campaignPath = (id: string) => `/campaigns/${encodeURIComponent(id)}`;

export interface CampaignFilters {
  status: CampaignStatus | null;
  channel: Channel | null;
  tag: string;
  q: string;
  /** Days (YYYY-MM-DD) of the created range, both included. */
  createdFrom: string | null;
  createdTo: string | null;
}

function dayStart(day: string | null): string | undefined {
  return day ? new Date(`${day}T00:00:00`).toISOString() : undefined;
}
function dayEnd(day: string | null): string | undefined {
  return day ? new Date(`${day}T23:59:59.999`).toISOString() : undefined;
}

export function listCampaigns(filters: CampaignFilters, cursor: string | undefined) {
  return apiRequest('/campaigns', {
    query: {
      type: 'scheduled',
      status: filters.status,
      channel: filters.channel,
      tag: filters.tag,
      q: filters.q,
      createdFrom: dayStart(filters.createdFrom),
      createdTo: dayEnd(filters.createdTo),
      limit: PAGE_SIZE,
      cursor,
    },
    schema: CampaignPage,
  });
}
export function getCampaign(id: string) {
  return apiRequest(campaignPath(id), { schema: Campaign });
}
export function createCampaign(body: CampaignCreate) {
  return apiRequest('/campaigns', { method: 'POST', body, schema: Campaign });
}
export function patchCampaign(id: string, body: CampaignPatch) {
  return apiRequest(campaignPath(id), { method: 'PATCH', body, schema: Campaign });
}
export function deleteCampaign(id: string) {
  return apiRequest(campaignPath(id), { method: 'DELETE' });
}

/** Lifecycle actions a user takes, as their URL verbs. */
export type LifecycleVerb =
  | 'activate'
  | 'request-approval'
  | 'cancel-approval'
  | 'approve'
  | 'request-changes'
  | 'stop'
  | 'archive'
  | 'duplicate'
  | 'modify';

export function campaignAction(id: string, verb: LifecycleVerb, body?: { message?: string }) {
  return apiRequest(`${campaignPath(id)}/${verb}`, {
    method: 'POST',
    body: body ?? (verb === 'approve' || verb === 'request-changes' ? {} : undefined),
    schema: Campaign,
  });
}
export function scaleWinner(id: string, treatment: string) {
  return apiRequest(`${campaignPath(id)}/scale-winner`, {
    method: 'POST',
    body: { treatment },
    schema: Campaign,
  });
}

export function getReview(id: string) {
  return apiRequest(`${campaignPath(id)}/review`, { schema: CampaignReview });
}
export function listRuns(id: string) {
  return apiRequest(`${campaignPath(id)}/runs`, { schema: RunList });
}
export function campaignApprovals(id: string) {
  return apiRequest(`${campaignPath(id)}/approvals`, { schema: ApprovalList });
}
export function listApprovalRequests(
  query: { status: 'pending' | null; mine: boolean },
  cursor: string | undefined,
  limit = PAGE_SIZE,
) {
  return apiRequest('/approval-requests', {
    query: { status: query.status, mine: query.mine || undefined, limit, cursor },
    schema: ApprovalPage,
  });
}
export function campaignCalendar(from: string, to: string) {
  return apiRequest('/campaigns/calendar', { query: { from, to }, schema: Calendar });
}
