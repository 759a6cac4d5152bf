// Governance: approval policies, business rule sets (frequency caps) and quiet hours. The three
// share one shape of API: a paged list, drafts created and edited, then activated or deactivated.
import type { TSchema } from '@sinclair/typebox';
import {
  ApprovalPolicy,
  BusinessRuleSet,
  QuietHours,
  type ApprovalPolicyInput,
  type BusinessRuleSetInput,
  type GovernanceStatus,
  type QuietHoursInput,
} from '../../../src/governance/model.ts';
import { Page } from '../../../src/platform/model.ts';
import { apiRequest } from './client.ts';

export type {
  ApprovalPolicy,
  ApprovalPolicyInput,
  Approvers,
  BusinessRuleSet,
  BusinessRuleSetInput,
  CapPeriod,
  FrequencyCapInput,
  GovernanceStatus,
  PolicyMatch,
  QuietHours,
  QuietHoursInput,
  QuietWindow,
} from '../../../src/governance/model.ts';

export interface GovernanceFilters {
  status: GovernanceStatus | null;
  q: string;
}

/** The calls of one kind of governance object, at its collection path. */
function resource<Item extends TSchema, Input>(path: string, item: Item) {
  const ItemPage = Page(item);
  const one = (id: string) => `${path}/${encodeURIComponent(id)}`;
  return {
    list: (filters: GovernanceFilters, cursor: string | undefined, limit = 50) =>
      apiRequest(path, { query: { ...filters, limit, cursor }, schema: ItemPage }),
    get: (id: string) => apiRequest(one(id), { schema: item }),
    create: (body: Input) => apiRequest(path, { method: 'POST', body, schema: item }),
    update: (id: string, body: Input) => apiRequest(one(id), { method: 'PUT', body, schema: item }),
    setStatus: (id: string, action: 'activate' | 'deactivate') =>
      apiRequest(`${one(id)}/${action}`, { method: 'POST', schema: item }),
    remove: (id: string) => apiRequest(one(id), { method: 'DELETE' }),
  };
}

export const approvalPolicies = resource<typeof ApprovalPolicy, ApprovalPolicyInput>(
  '/approval-policies',
  ApprovalPolicy,
);
export const businessRuleSets = resource<typeof BusinessRuleSet, BusinessRuleSetInput>(
  '/business-rule-sets',
  BusinessRuleSet,
);
export const quietHours = resource<typeof QuietHours, QuietHoursInput>('/quiet-hours', QuietHours);
