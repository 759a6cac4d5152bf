// The top bar's way to the approvals inbox, with how many requests wait for the user's decision.
import { ActionIcon, Indicator, Tooltip } from '@mantine/core';
import { IconChecklist } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { listApprovalRequests } from '../api/campaigns.ts';
import { useSession } from '../auth/session.ts';
import { approvalsKey } from './labels.ts';

export function ApprovalsButton() {
  const { can, sandbox } = useSession();
  const allowed = can('campaigns.read');
  const pending = useQuery({
    queryKey: [...approvalsKey(sandbox), 'count'],
    queryFn: () => listApprovalRequests({ status: 'pending', mine: true }, undefined, 200),
    enabled: allowed,
    refetchInterval: 60_000,
  });
  if (!allowed) return null;
  const items = pending.data?.items ?? [];
  const count = items.length;
  const label =
    count === 0
      ? 'Approvals: nothing waiting for you'
      : `Approvals: ${count}${pending.data?.nextCursor ? '+' : ''} waiting for you`;
  return (
    <Tooltip label={label} withArrow>
      <Indicator
        label={count > 99 ? '99+' : count}
        size={18}
        disabled={count === 0}
        color="red"
        offset={4}
      >
        <ActionIcon component={Link} to="/approvals" variant="subtle" size="lg" aria-label={label}>
          <IconChecklist size={20} />
        </ActionIcon>
      </Indicator>
    </Tooltip>
  );
}
