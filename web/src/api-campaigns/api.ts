// API-triggered campaigns: the list (type=api) and the execution log of one campaign's calls.
import { Campaign, type CampaignStatus } from '../../../src/campaigns/model.ts';
import { TriggerLogEntry } from '../../../src/campaigns/im/log.ts';
import { Page } from '../../../src/platform/model.ts';
import { apiRequest } from '../api/client.ts';

export type { TriggerLogEntry } from '../../../src/campaigns/im/log.ts';

const PAGE_SIZE = 25;
const CampaignPage = Page(Campaign);
const LogPage = Page(TriggerLogEntry);

export const AREA = '/campaigns/api-triggered';
export const apiCampaignPage = (id: string) => `${AREA}/${encodeURIComponent(id)}`;
export const apiCampaignEdit = (id: string) => `${apiCampaignPage(id)}/edit`;
export const apiCampaignsKey = (sandbox: string) => ['campaigns', sandbox, 'api-list'] as const;

export function listApiCampaigns(
  filters: { status: CampaignStatus | null; q: string },
  cursor: string | undefined,
) {
  return apiRequest('/campaigns', {
    query: { type: 'api', status: filters.status, q: filters.q, limit: PAGE_SIZE, cursor },
    schema: CampaignPage,
  });
}

export function listExecutions(id: string, requestId: string, cursor: string | undefined) {
  return apiRequest(`/campaigns/${encodeURIComponent(id)}/requests`, {
    query: { requestId: requestId || undefined, limit: PAGE_SIZE, cursor },
    schema: LogPage,
  });
}
