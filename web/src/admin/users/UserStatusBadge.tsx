import { Badge } from '@mantine/core';
import type { UserStatus } from '../../api/admin.ts';

const LOOK: Record<UserStatus, { color: string; label: string }> = {
  active: { color: 'green', label: 'Active' },
  invited: { color: 'blue', label: 'Invited' },
  disabled: { color: 'gray', label: 'Disabled' },
};

export function UserStatusBadge({ status }: { status: UserStatus }) {
  const look = LOOK[status];
  return (
    <Badge miw="max-content" color={look.color} variant="light">
      {look.label}
    </Badge>
  );
}
