import { Badge } from '@mantine/core';
import type { GovernanceStatus } from '../api/governance.ts';
import { STATUS_LOOK } from './labels.ts';

export function GovernanceStatusBadge({ status }: { status: GovernanceStatus }) {
  const look = STATUS_LOOK[status];
  return (
    <Badge miw="max-content" color={look.color} variant="light" data-status={status}>
      {look.label}
    </Badge>
  );
}
