// The routes' pages of the three governance areas: a list and an editor each.
import { ApprovalPolicyForm, approvalPolicyKind } from './ApprovalPolicyForm.tsx';
import { BusinessRuleSetForm, businessRuleSetKind } from './BusinessRuleSetForm.tsx';
import { GovernanceEditorPage } from './GovernanceEditorPage.tsx';
import { GovernanceListPage } from './GovernanceListPage.tsx';
import { QuietHoursForm, quietHoursKind } from './QuietHoursForm.tsx';

export const ApprovalPoliciesPage = () => <GovernanceListPage kind={approvalPolicyKind} />;
export const ApprovalPolicyPage = () => (
  <GovernanceEditorPage kind={approvalPolicyKind} Form={ApprovalPolicyForm} />
);
export const BusinessRuleSetsPage = () => <GovernanceListPage kind={businessRuleSetKind} />;
export const BusinessRuleSetPage = () => (
  <GovernanceEditorPage kind={businessRuleSetKind} Form={BusinessRuleSetForm} />
);
export const QuietHoursListPage = () => <GovernanceListPage kind={quietHoursKind} />;
export const QuietHoursPage = () => (
  <GovernanceEditorPage kind={quietHoursKind} Form={QuietHoursForm} />
);
