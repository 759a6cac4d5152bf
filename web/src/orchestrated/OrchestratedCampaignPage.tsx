// /campaigns/orchestrated/:id — loads the campaign and what the forms pick from, then the
// workspace. Loaded on first use: it carries the canvas and the content editors.
import { useQuery } from '@tanstack/react-query';
import { useParams } from 'react-router-dom';
import { useBuilderData } from '../audiences/useBuilderData.ts';
import { useSession } from '../auth/session.ts';
import { QueryError } from '../ui/QueryError.tsx';
import { QueryState } from '../ui/QueryState.tsx';
import { campaignKey, getCampaign } from './api.ts';
import { CampaignWorkspace } from './CampaignWorkspace.tsx';

export default function OrchestratedCampaignPage() {
  const { id = '' } = useParams();
  const { sandbox } = useSession();
  const campaign = useQuery({ queryKey: campaignKey(sandbox, id), queryFn: () => getCampaign(id) });
  const builder = useBuilderData({ attributes: true });
  if (builder.error) return <QueryError error={builder.error} onRetry={builder.retry} />;
  if (!campaign.data || !builder.data)
    return <QueryState query={campaign} label="Loading the campaign" />;
  // Keyed by id and version: another campaign, or a published one, starts a fresh canvas.
  return (
    <CampaignWorkspace
      key={`${campaign.data.id}:${campaign.data.status}`}
      campaign={campaign.data}
      builder={builder.data}
    />
  );
}
