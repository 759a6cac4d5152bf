// /campaigns/:id (overview), /campaigns/:id/report and /campaigns/:id/approvals: one campaign,
// its header and actions, and a tab per view, each with its own shareable URL.
import { Center, Loader, Paper, Stack, Tabs, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { lazy, Suspense } from 'react';
import { Navigate, useNavigate, useParams } from 'react-router-dom';
import { getCampaign } from '../api/campaigns.ts';
import { useSession } from '../auth/session.ts';
import { QueryState } from '../ui/QueryState.tsx';
import { ApprovalHistory } from './ApprovalHistory.tsx';
import { CampaignHeader } from './CampaignHeader.tsx';
import { campaignKey, campaignPage } from './labels.ts';
import { PartsSummary } from './PartsSummary.tsx';
import { RunsTable } from './RunsTable.tsx';

const CampaignReportPanel = lazy(() => import('./CampaignReportPanel.tsx'));

const TABS = ['overview', 'report', 'approvals'] as const;
type Tab = (typeof TABS)[number];

export function CampaignDetailPage({ tab }: { tab: Tab }) {
  const id = useParams().id ?? '';
  const { sandbox } = useSession();
  const navigate = useNavigate();
  const campaign = useQuery({
    queryKey: campaignKey(sandbox, id),
    queryFn: () => getCampaign(id),
    // Status moves on by itself while it runs (scheduled → live → completed).
    refetchInterval: (query) =>
      query.state.data?.status === 'scheduled' || query.state.data?.status === 'live'
        ? 5000
        : false,
  });
  if (campaign.isPending || campaign.isError)
    return <QueryState query={campaign} label="Loading the campaign" />;
  const data = campaign.data;
  // API-triggered campaigns have a page of their own (Call it, execution log).
  if (data.type === 'api')
    return <Navigate to={`/campaigns/api-triggered/${encodeURIComponent(data.id)}`} replace />;
  return (
    <Stack gap="lg" maw={1200}>
      <CampaignHeader campaign={data} />
      <Tabs
        value={tab}
        onChange={(next) => {
          const target = TABS.find((item) => item === next) ?? 'overview';
          void navigate(target === 'overview' ? campaignPage(id) : `${campaignPage(id)}/${target}`);
        }}
        keepMounted={false}
      >
        <Tabs.List mb="md">
          <Tabs.Tab value="overview">Overview</Tabs.Tab>
          <Tabs.Tab value="report">Report</Tabs.Tab>
          <Tabs.Tab value="approvals">Approvals</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="overview">
          <Stack gap="md">
            <Paper withBorder radius="md" p="md" component="section" aria-label="Runs">
              <Title order={4} mb="sm">
                Runs
              </Title>
              <RunsTable campaign={data} />
            </Paper>
            <Paper withBorder radius="md" p="md" component="section" aria-label="Parts">
              <Title order={4} mb="sm">
                Parts
              </Title>
              <PartsSummary campaign={data} />
            </Paper>
          </Stack>
        </Tabs.Panel>
        <Tabs.Panel value="report">
          <Suspense
            fallback={
              <Center py="xl">
                <Loader aria-label="Loading the report" />
              </Center>
            }
          >
            <CampaignReportPanel campaign={data} />
          </Suspense>
        </Tabs.Panel>
        <Tabs.Panel value="approvals">
          <Paper withBorder radius="md" p="md">
            <ApprovalHistory campaign={data} />
          </Paper>
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
