// Every approval request of a campaign: who asked, which policies, who decided and what they said.
import { Badge, Center, Group, Loader, Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { campaignApprovals, type Campaign } from '../api/campaigns.ts';
import { useSession } from '../auth/session.ts';
import { formatDateTime } from '../ui/format.ts';
import { QueryError } from '../ui/QueryError.tsx';
import { APPROVAL_LOOK } from './labels.ts';

export function ApprovalHistory({ campaign }: { campaign: Campaign }) {
  const { sandbox } = useSession();
  const approvals = useQuery({
    queryKey: ['approval-requests', sandbox, 'campaign', campaign.id, campaign.status],
    queryFn: () => campaignApprovals(campaign.id),
    staleTime: 0,
    refetchOnMount: 'always',
  });
  if (approvals.isPending)
    return (
      <Center py="md">
        <Loader aria-label="Loading approval requests" />
      </Center>
    );
  if (approvals.isError)
    return <QueryError error={approvals.error} onRetry={() => void approvals.refetch()} />;
  if (approvals.data.items.length === 0)
    return (
      <Text size="sm" c="dimmed">
        No approval was requested for this campaign.
      </Text>
    );
  return (
    <Table verticalSpacing="sm" aria-label="Approval requests">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Requested</Table.Th>
          <Table.Th>Policies</Table.Th>
          <Table.Th>Status</Table.Th>
          <Table.Th>Decided</Table.Th>
          <Table.Th>Message</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {approvals.data.items.map((request) => (
          <Table.Tr key={request.id}>
            <Table.Td>
              <Text size="sm">{request.requestedBy}</Text>
              <Text size="xs" c="dimmed">
                {formatDateTime(request.requestedAt)}
              </Text>
            </Table.Td>
            <Table.Td>
              <Group gap={4}>
                {request.policies.map((policy) => (
                  <Badge key={policy.id} size="sm" variant="outline" miw="max-content">
                    {policy.name}
                  </Badge>
                ))}
              </Group>
            </Table.Td>
            <Table.Td>
              <Badge variant="light" color={APPROVAL_LOOK[request.status].color} miw="max-content">
                {APPROVAL_LOOK[request.status].label}
              </Badge>
            </Table.Td>
            <Table.Td>
              {request.decidedBy ? (
                <>
                  <Text size="sm">{request.decidedBy}</Text>
                  <Text size="xs" c="dimmed">
                    {formatDateTime(request.decidedAt)}
                  </Text>
                </>
              ) : (
                '—'
              )}
            </Table.Td>
            <Table.Td>
              <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                {request.message ?? ''}
              </Text>
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
