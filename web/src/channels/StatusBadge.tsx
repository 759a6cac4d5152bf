import { Badge } from '@mantine/core';
import type { ConfigurationStatus } from '../api/channels.ts';
import { STATUS_LOOK } from './labels.ts';

export function StatusBadge({ status }: { status: ConfigurationStatus }) {
  const look = STATUS_LOOK[status];
  return (
    <Badge miw="max-content" color={look.color} variant="light" data-status={status}>
      {look.label}
    </Badge>
  );
}
