// How campaign statuses, runs, steps and approval requests are named on screen.
import type {
  ApprovalRequest,
  CampaignRun,
  CampaignStatus,
  ReviewProblem,
} from '../api/campaigns.ts';

export const STATUS_LOOK: Record<CampaignStatus, { color: string; label: string }> = {
  draft: { color: 'gray', label: 'Draft' },
  inReview: { color: 'yellow', label: 'In review' },
  scheduled: { color: 'blue', label: 'Scheduled' },
  live: { color: 'green', label: 'Live' },
  stopped: { color: 'orange', label: 'Stopped' },
  completed: { color: 'teal', label: 'Completed' },
  failed: { color: 'red', label: 'Failed' },
  archived: { color: 'dark', label: 'Archived' },
};

/** The look of a status given as text (calendar entries), unknown ones in grey. */
export function statusLook(status: string): { color: string; label: string } {
  const known = Object.entries(STATUS_LOOK).find(([key]) => key === status);
  return known ? known[1] : { color: 'gray', label: status };
}

export const RUN_LOOK: Record<CampaignRun['status'], { color: string; label: string }> = {
  scheduled: { color: 'blue', label: 'Scheduled' },
  sending: { color: 'green', label: 'Sending' },
  completed: { color: 'teal', label: 'Completed' },
  cancelled: { color: 'gray', label: 'Cancelled' },
  failed: { color: 'red', label: 'Failed' },
};

export const APPROVAL_LOOK: Record<ApprovalRequest['status'], { color: string; label: string }> = {
  pending: { color: 'yellow', label: 'Pending' },
  approved: { color: 'green', label: 'Approved' },
  changesRequested: { color: 'orange', label: 'Changes requested' },
  cancelled: { color: 'gray', label: 'Cancelled' },
};

export type WizardStep = ReviewProblem['step'] | 'review';
export const STEPS: WizardStep[] = [
  'properties',
  'action',
  'content',
  'audience',
  'schedule',
  'review',
];
export const STEP_LABELS: Record<WizardStep, string> = {
  properties: 'Properties',
  action: 'Action',
  content: 'Content',
  audience: 'Audience',
  schedule: 'Schedule',
  review: 'Review',
};

export const campaignPage = (id: string) => `/campaigns/${id}`;
export const editPage = (id: string, step?: WizardStep) =>
  `/campaigns/${id}/edit${step ? `?step=${step}` : ''}`;

export const campaignKey = (sandbox: string, id: string) => ['campaigns', sandbox, id];
export const campaignListKey = (sandbox: string) => ['campaigns', sandbox, 'list'];
export const approvalsKey = (sandbox: string) => ['approval-requests', sandbox];

export const count = (n: number, one: string, many = `${one}s`) =>
  `${n.toLocaleString('en')} ${n === 1 ? one : many}`;
