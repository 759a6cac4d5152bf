// /approvals: the approval requests waiting for a decision; those the user may decide can be
// approved (the campaign is activated) or sent back with a message (it returns to Draft).
import {
  Anchor,
  Badge,
  Button,
  Center,
  EmptyState,
  Group,
  Loader,
  Paper,
  SegmentedControl,
  Table,
  Text,
  Textarea,
} from '@mantine/core';
import { IconChecks } from '@tabler/icons-react';
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { campaignAction, type ApprovalRequest } from '../api/campaigns.ts';
import { listApprovalRequests } from '../api/campaigns.ts';
import { useSession } from '../auth/session.ts';
import { ConfirmModal } from '../ui/ConfirmModal.tsx';
import { formatDateTime } from '../ui/format.ts';
import { LoadMore } from '../ui/LoadMore.tsx';
import { notifyFailure, notifySuccess } from '../ui/notify.ts';
import { PageHeader } from '../ui/PageHeader.tsx';
import { QueryError } from '../ui/QueryError.tsx';
import { approvalsKey, APPROVAL_LOOK, campaignPage } from './labels.ts';

export function ApprovalsInboxPage() {
  const { sandbox } = useSession();
  const queryClient = useQueryClient();
  const [scope, setScope] = useState<'mine' | 'all'>('mine');
  const [sendingBack, setSendingBack] = useState<ApprovalRequest | null>(null);
  const [approving, setApproving] = useState<ApprovalRequest | null>(null);
  const [message, setMessage] = useState('');
  const query = { status: 'pending' as const, mine: scope === 'mine' };
  const list = useInfiniteQuery({
    queryKey: [...approvalsKey(sandbox), 'inbox', query],
    queryFn: ({ pageParam }) => listApprovalRequests(query, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
  const decide = useMutation({
    mutationFn: ({
      request,
      verb,
      text,
    }: {
      request: ApprovalRequest;
      verb: 'approve' | 'request-changes';
      text: string;
    }) => campaignAction(request.campaignId, verb, text ? { message: text } : {}),
    onSuccess: async (campaign, { verb }) => {
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: approvalsKey(sandbox) }),
        queryClient.invalidateQueries({ queryKey: ['campaigns', sandbox] }),
      ]);
      notifySuccess(
        verb === 'approve'
          ? `${campaign.name} was approved and activated.`
          : `${campaign.name} went back to its author as a draft.`,
      );
    },
    onError: (error, { verb }) =>
      notifyFailure(verb === 'approve' ? 'Could not approve' : 'Could not send it back', error),
  });
  const rows = list.data?.pages.flatMap((page) => page.items) ?? [];
  const close = () => {
    setSendingBack(null);
    setApproving(null);
    setMessage('');
  };

  return (
    <>
      <PageHeader
        title="Approvals"
        description="Campaigns waiting for approval before they can go out."
        action={
          <SegmentedControl
            aria-label="Requests shown"
            value={scope}
            onChange={(value) => setScope(value === 'all' ? 'all' : 'mine')}
            data={[
              { value: 'mine', label: 'Waiting for me' },
              { value: 'all', label: 'All pending' },
            ]}
          />
        }
      />
      <Paper withBorder radius="md" p="md">
        {list.isPending ? (
          <Center py="xl">
            <Loader aria-label="Loading approval requests" />
          </Center>
        ) : list.isError ? (
          <QueryError error={list.error} onRetry={() => void list.refetch()} />
        ) : rows.length === 0 ? (
          <EmptyState
            py="xl"
            icon={<IconChecks size={28} />}
            withIndicatorBackground
            title="Nothing waiting"
            description={
              scope === 'mine'
                ? 'No request is waiting for your decision.'
                : 'No campaign is waiting for approval.'
            }
          />
        ) : (
          <>
            <Table verticalSpacing="sm" aria-label="Approval requests">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Campaign</Table.Th>
                  <Table.Th>Requested</Table.Th>
                  <Table.Th>Policies</Table.Th>
                  <Table.Th>Status</Table.Th>
                  <Table.Th />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((request) => (
                  <Table.Tr key={request.id}>
                    <Table.Td>
                      <Anchor
                        component={Link}
                        to={campaignPage(request.campaignId)}
                        size="sm"
                        fw={500}
                      >
                        {request.campaignName}
                      </Anchor>
                    </Table.Td>
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
                      <Badge
                        variant="light"
                        color={APPROVAL_LOOK[request.status].color}
                        miw="max-content"
                      >
                        {APPROVAL_LOOK[request.status].label}
                      </Badge>
                    </Table.Td>
                    <Table.Td>
                      {request.canDecide ? (
                        <Group gap="xs" justify="flex-end" wrap="nowrap">
                          <Button
                            size="xs"
                            variant="default"
                            onClick={() => setSendingBack(request)}
                            aria-label={`Request changes to ${request.campaignName}`}
                          >
                            Request changes
                          </Button>
                          <Button
                            size="xs"
                            onClick={() => setApproving(request)}
                            aria-label={`Approve ${request.campaignName}`}
                          >
                            Approve
                          </Button>
                        </Group>
                      ) : (
                        <Text size="xs" c="dimmed" ta="right">
                          Not yours to decide
                        </Text>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
            <LoadMore
              hasMore={list.hasNextPage}
              loading={list.isFetchingNextPage}
              shown={rows.length}
              onLoad={() => void list.fetchNextPage()}
            />
          </>
        )}
      </Paper>
      <ConfirmModal
        opened={approving !== null}
        title={`Approve ${approving?.campaignName ?? ''}?`}
        confirmLabel="Approve and activate"
        loading={decide.isPending}
        onClose={close}
        onConfirm={() => {
          if (approving)
            decide.mutate({ request: approving, verb: 'approve', text: message.trim() });
          close();
        }}
      >
        <Text size="sm">The campaign is activated and sends on its schedule.</Text>
        <Textarea
          label="Message (optional)"
          autosize
          minRows={2}
          value={message}
          onChange={(event) => setMessage(event.currentTarget.value)}
        />
      </ConfirmModal>
      <ConfirmModal
        opened={sendingBack !== null}
        title={`Request changes to ${sendingBack?.campaignName ?? ''}?`}
        confirmLabel="Send back"
        loading={decide.isPending}
        confirmDisabled={message.trim() === ''}
        onClose={close}
        onConfirm={() => {
          if (sendingBack)
            decide.mutate({ request: sendingBack, verb: 'request-changes', text: message.trim() });
          close();
        }}
      >
        <Text size="sm">The campaign goes back to Draft with your message.</Text>
        <Textarea
          label="What should change"
          required
          autosize
          minRows={3}
          value={message}
          onChange={(event) => setMessage(event.currentTarget.value)}
        />
      </ConfirmModal>
    </>
  );
}
