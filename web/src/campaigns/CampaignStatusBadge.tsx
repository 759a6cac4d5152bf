import { Badge } from '@mantine/core';
import type { CampaignStatus } from '../api/campaigns.ts';
import { STATUS_LOOK } from './labels.ts';

export function CampaignStatusBadge({ status }: { status: CampaignStatus }) {
  const look = STATUS_LOOK[status];
  return (
    <Badge miw="max-content" color={look.color} variant="light" data-status={status}>
      {look.label}
    </Badge>
  );
}
