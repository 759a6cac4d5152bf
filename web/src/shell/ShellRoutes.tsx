import type { ReactNode } from 'react';
import { Route, Routes } from 'react-router-dom';
import type { Permission } from '../../../src/platform/permissions.ts';
import { ApiKeysPage } from '../admin/api-keys/ApiKeysPage.tsx';
import { AuditPage } from '../admin/audit/AuditPage.tsx';
import { DatasetDetailPage } from '../admin/datasets/DatasetDetailPage.tsx';
import { DatasetsPage } from '../admin/datasets/DatasetsPage.tsx';
import { DefineDatasetPage } from '../admin/datasets/DefineDatasetPage.tsx';
import { ImportRowsPage } from '../admin/datasets/ImportRowsPage.tsx';
import { SandboxesPage } from '../admin/sandboxes/SandboxesPage.tsx';
import { UserDetailPage } from '../admin/users/UserDetailPage.tsx';
import { UsersPage } from '../admin/users/UsersPage.tsx';
import { LazyApiCampaignEditorPage } from '../api-campaigns/lazy.tsx';
import { ApiCampaignPage } from '../api-campaigns/ApiCampaignPage.tsx';
import { ApiCampaignsPage } from '../api-campaigns/ApiCampaignsPage.tsx';
import { AudienceDetailPage } from '../audiences/AudienceDetailPage.tsx';
import { AudienceEditorPage } from '../audiences/AudienceEditorPage.tsx';
import { AudiencesPage } from '../audiences/AudiencesPage.tsx';
import { UploadAudiencePage } from '../audiences/upload/UploadAudiencePage.tsx';
import { RequirePermission } from '../auth/RequirePermission.tsx';
import { ApprovalsInboxPage } from '../campaigns/ApprovalsInboxPage.tsx';
import { CampaignDetailPage } from '../campaigns/CampaignDetailPage.tsx';
import { CampaignsPage } from '../campaigns/CampaignsPage.tsx';
import { LazyCampaignWizardPage } from '../campaigns/lazy.tsx';
import { ConfigurationPage, NewConfigurationPage } from '../channels/ConfigurationEditorPage.tsx';
import { ConfigurationsPage } from '../channels/ConfigurationsPage.tsx';
import { FeedbackPage } from '../channels/FeedbackPage.tsx';
import { MailboxPage } from '../channels/MailboxPage.tsx';
import { SuppressionsPage } from '../channels/SuppressionsPage.tsx';
import { FragmentsPage } from '../content/FragmentsPage.tsx';
import { LazyOrchestratedCampaignPage } from '../orchestrated/lazy.tsx';
import { OrchestratedCampaignsPage } from '../orchestrated/OrchestratedCampaignsPage.tsx';
import { LazyFragmentEditorPage, LazyTemplateEditorPage } from '../content/lazy.tsx';
import {
  ApprovalPoliciesPage,
  ApprovalPolicyPage,
  BusinessRuleSetPage,
  BusinessRuleSetsPage,
  QuietHoursListPage,
  QuietHoursPage,
} from '../governance/pages.tsx';
import { TemplatesPage } from '../content/TemplatesPage.tsx';
import { ImportDetailPage } from '../imports/ImportDetailPage.tsx';
import { ImportProfilesPage } from '../imports/ImportProfilesPage.tsx';
import { ImportsPage } from '../imports/ImportsPage.tsx';
import { ProfileDetailPage } from '../profiles/ProfileDetailPage.tsx';
import { ProfilesPage } from '../profiles/ProfilesPage.tsx';
import { FeedbackWebhookPage } from '../webhooks/FeedbackWebhookPage.tsx';
import { HomePage } from './HomePage.tsx';
import { NAVIGATION } from './navigation.ts';
import { NotFoundPage } from './NotFoundPage.tsx';
import { UnavailablePage } from './UnavailablePage.tsx';

const unbuilt = NAVIGATION.flatMap((group) => group.items.filter((item) => !item.built));

interface BuiltRoute {
  path: string;
  permission: Permission;
  /** Named in the "you do not have access to …" message. */
  area: string;
  page: ReactNode;
}

const governanceRoutes = (
  path: string,
  area: string,
  list: ReactNode,
  editor: ReactNode,
): BuiltRoute[] => [
  { path, permission: 'governance.read', area, page: list },
  { path: `${path}/new`, permission: 'governance.write', area, page: editor },
  { path: `${path}/:id`, permission: 'governance.read', area, page: editor },
];

const BUILT: BuiltRoute[] = [
  {
    path: '/campaigns/action',
    permission: 'campaigns.read',
    area: 'Action campaigns',
    page: <CampaignsPage />,
  },
  {
    path: '/campaigns/api-triggered',
    permission: 'campaigns.read',
    area: 'API-triggered campaigns',
    page: <ApiCampaignsPage />,
  },
  {
    path: '/campaigns/api-triggered/new',
    permission: 'campaigns.write',
    area: 'creating campaigns',
    page: <LazyApiCampaignEditorPage />,
  },
  {
    path: '/campaigns/api-triggered/:id',
    permission: 'campaigns.read',
    area: 'API-triggered campaigns',
    page: <ApiCampaignPage />,
  },
  {
    path: '/campaigns/api-triggered/:id/edit',
    permission: 'campaigns.read',
    area: 'API-triggered campaigns',
    page: <LazyApiCampaignEditorPage />,
  },
  {
    path: '/campaigns/orchestrated',
    permission: 'orchestrated.read',
    area: 'Orchestrated campaigns',
    page: <OrchestratedCampaignsPage />,
  },
  {
    path: '/campaigns/orchestrated/:id',
    permission: 'orchestrated.read',
    area: 'Orchestrated campaigns',
    page: <LazyOrchestratedCampaignPage />,
  },
  {
    path: '/campaigns/new',
    permission: 'campaigns.write',
    area: 'creating campaigns',
    page: <LazyCampaignWizardPage />,
  },
  {
    path: '/campaigns/:id',
    permission: 'campaigns.read',
    area: 'Action campaigns',
    page: <CampaignDetailPage tab="overview" />,
  },
  {
    path: '/campaigns/:id/report',
    permission: 'campaigns.read',
    area: 'Action campaigns',
    page: <CampaignDetailPage tab="report" />,
  },
  {
    path: '/campaigns/:id/approvals',
    permission: 'campaigns.read',
    area: 'Action campaigns',
    page: <CampaignDetailPage tab="approvals" />,
  },
  {
    path: '/campaigns/:id/edit',
    permission: 'campaigns.read',
    area: 'Action campaigns',
    page: <LazyCampaignWizardPage />,
  },
  {
    path: '/approvals',
    permission: 'campaigns.read',
    area: 'approvals',
    page: <ApprovalsInboxPage />,
  },
  { path: '/audiences', permission: 'audiences.read', area: 'Audiences', page: <AudiencesPage /> },
  {
    path: '/audiences/new',
    permission: 'audiences.write',
    area: 'creating audiences',
    page: <AudienceEditorPage />,
  },
  {
    path: '/audiences/new/combination',
    permission: 'audiences.write',
    area: 'creating audiences',
    page: <AudienceEditorPage editor="composition" />,
  },
  {
    path: '/audiences/new/upload',
    permission: 'audiences.write',
    area: 'creating audiences',
    page: <UploadAudiencePage />,
  },
  {
    path: '/audiences/:id',
    permission: 'audiences.read',
    area: 'Audiences',
    page: <AudienceDetailPage />,
  },
  {
    path: '/audiences/:id/edit',
    permission: 'audiences.write',
    area: 'editing audiences',
    page: <AudienceEditorPage />,
  },
  {
    path: '/content/templates',
    permission: 'content.read',
    area: 'Content templates',
    page: <TemplatesPage />,
  },
  {
    path: '/content/templates/new',
    permission: 'content.write',
    area: 'creating templates',
    page: <LazyTemplateEditorPage />,
  },
  {
    path: '/content/templates/:id',
    permission: 'content.read',
    area: 'Content templates',
    page: <LazyTemplateEditorPage />,
  },
  {
    path: '/content/fragments',
    permission: 'content.read',
    area: 'Content fragments',
    page: <FragmentsPage />,
  },
  {
    path: '/content/fragments/new',
    permission: 'content.write',
    area: 'creating fragments',
    page: <LazyFragmentEditorPage />,
  },
  {
    path: '/content/fragments/:id',
    permission: 'content.read',
    area: 'Content fragments',
    page: <LazyFragmentEditorPage />,
  },
  { path: '/profiles', permission: 'profiles.read', area: 'Profiles', page: <ProfilesPage /> },
  {
    path: '/profiles/import',
    permission: 'profiles.write',
    area: 'profile imports',
    page: <ImportProfilesPage />,
  },
  {
    path: '/profiles/imports',
    permission: 'profiles.read',
    area: 'Imports',
    page: <ImportsPage />,
  },
  {
    path: '/profiles/imports/:id',
    permission: 'profiles.read',
    area: 'Imports',
    page: <ImportDetailPage />,
  },
  {
    path: '/profiles/:id',
    permission: 'profiles.read',
    area: 'Profiles',
    page: <ProfileDetailPage />,
  },
  {
    path: '/channels/configurations',
    permission: 'channels.read',
    area: 'Channel configurations',
    page: <ConfigurationsPage />,
  },
  {
    path: '/channels/configurations/new',
    permission: 'channels.write',
    area: 'creating channel configurations',
    page: <NewConfigurationPage />,
  },
  {
    path: '/channels/configurations/:id',
    permission: 'channels.read',
    area: 'Channel configurations',
    page: <ConfigurationPage />,
  },
  {
    path: '/channels/suppression',
    permission: 'channels.read',
    area: 'the suppression list',
    page: <SuppressionsPage />,
  },
  {
    path: '/channels/bounces',
    permission: 'reports.read',
    area: 'bounces and complaints',
    page: <FeedbackPage />,
  },
  {
    // One route for the list and the open message, so the list keeps its filters.
    path: '/channels/mailbox/*',
    permission: 'channels.read',
    area: 'the mailbox',
    page: <MailboxPage />,
  },
  {
    path: '/channels/feedback-webhook',
    permission: 'channels.read',
    area: 'the feedback webhook',
    page: <FeedbackWebhookPage />,
  },
  { path: '/admin/users', permission: 'users.manage', area: 'Users & roles', page: <UsersPage /> },
  {
    path: '/admin/users/:id',
    permission: 'users.manage',
    area: 'Users & roles',
    page: <UserDetailPage />,
  },
  {
    path: '/admin/api-keys',
    permission: 'apiKeys.manage',
    area: 'API keys',
    page: <ApiKeysPage />,
  },
  {
    path: '/admin/sandboxes',
    permission: 'sandboxes.manage',
    area: 'Sandboxes',
    page: <SandboxesPage />,
  },
  {
    path: '/admin/datasets',
    permission: 'profiles.read',
    area: 'Datasets',
    page: <DatasetsPage />,
  },
  {
    path: '/admin/datasets/new',
    permission: 'profiles.write',
    area: 'defining datasets',
    page: <DefineDatasetPage />,
  },
  {
    path: '/admin/datasets/:name',
    permission: 'profiles.read',
    area: 'Datasets',
    page: <DatasetDetailPage />,
  },
  {
    path: '/admin/datasets/:name/import',
    permission: 'profiles.write',
    area: 'dataset imports',
    page: <ImportRowsPage />,
  },
  { path: '/admin/audit', permission: 'audit.read', area: 'the audit log', page: <AuditPage /> },
  ...governanceRoutes(
    '/governance/approval-policies',
    'Approval policies',
    <ApprovalPoliciesPage />,
    <ApprovalPolicyPage />,
  ),
  ...governanceRoutes(
    '/governance/business-rules',
    'Business rules',
    <BusinessRuleSetsPage />,
    <BusinessRuleSetPage />,
  ),
  ...governanceRoutes(
    '/governance/quiet-hours',
    'Quiet hours',
    <QuietHoursListPage />,
    <QuietHoursPage />,
  ),
];

export function ShellRoutes() {
  return (
    <Routes>
      <Route path="/" element={<HomePage />} />
      {unbuilt.map((item) => (
        <Route
          key={item.path}
          path={item.path}
          element={
            <RequirePermission permission={item.permission} area={item.title}>
              <UnavailablePage title={item.title} />
            </RequirePermission>
          }
        />
      ))}
      {BUILT.map((route) => (
        <Route
          key={route.path}
          path={route.path}
          element={
            <RequirePermission permission={route.permission} area={route.area}>
              {route.page}
            </RequirePermission>
          }
        />
      ))}
      <Route path="*" element={<NotFoundPage />} />
    </Routes>
  );
}
