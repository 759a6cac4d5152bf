import { Badge } from '@mantine/core';
import { CAMPAIGN_LOOK, type CampaignStatus } from './labels.ts';

export function OrchestratedStatusBadge({ status }: { status: CampaignStatus }) {
  const look = CAMPAIGN_LOOK[status];
  return (
    <Badge miw="max-content" color={look.color} variant="light" data-status={status}>
      {look.label}
    </Badge>
  );
}
