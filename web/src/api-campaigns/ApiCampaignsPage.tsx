// /campaigns/api-triggered: the API-triggered campaigns, searchable and filtered by status, paged.
import {
  Anchor,
  Badge,
  Button,
  Center,
  EmptyState,
  Group,
  Loader,
  Paper,
  Select,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconApi, IconPlus, IconSearch } from '@tabler/icons-react';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import type { CampaignStatus } from '../api/campaigns.ts';
import { useSession } from '../auth/session.ts';
import { CampaignStatusBadge } from '../campaigns/CampaignStatusBadge.tsx';
import { STATUS_LOOK } from '../campaigns/labels.ts';
import { CATEGORY_LABELS, CHANNEL_COLORS, CHANNEL_LABELS } from '../channels/labels.ts';
import { formatDateTime } from '../ui/format.ts';
import { LoadMore } from '../ui/LoadMore.tsx';
import { PageHeader } from '../ui/PageHeader.tsx';
import { QueryError } from '../ui/QueryError.tsx';
import { AREA, apiCampaignPage, apiCampaignsKey, listApiCampaigns } from './api.ts';

const isStatus = (value: string | null): value is CampaignStatus =>
  value !== null && value in STATUS_LOOK;

export function ApiCampaignsPage() {
  const { can, sandbox } = useSession();
  const navigate = useNavigate();
  const [search, setSearch] = useState('');
  const [status, setStatus] = useState<CampaignStatus | null>(null);
  const [q] = useDebouncedValue(search.trim(), 300);
  const filters = { status, q };
  const list = useInfiniteQuery({
    queryKey: [...apiCampaignsKey(sandbox), filters],
    queryFn: ({ pageParam }) => listApiCampaigns(filters, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
  const rows = list.data?.pages.flatMap((page) => page.items) ?? [];
  const filtered = Boolean(q || status);
  const create = can('campaigns.write') && (
    <Button component={Link} to={`${AREA}/new`} leftSection={<IconPlus size={16} />}>
      New API-triggered campaign
    </Button>
  );

  return (
    <>
      <PageHeader
        title="API-triggered campaigns"
        description="Messages your systems send by calling the execution API: order confirmations, password resets, alerts."
        action={create}
      />
      <Paper withBorder radius="md" p="md">
        <Group mb="md" align="flex-end">
          <TextInput
            label="Search"
            placeholder="Name or description"
            leftSection={<IconSearch size={16} />}
            value={search}
            onChange={(event) => setSearch(event.currentTarget.value)}
            w={260}
          />
          <Select
            label="Status"
            placeholder="Any status"
            data={Object.entries(STATUS_LOOK).map(([value, look]) => ({
              value,
              label: look.label,
            }))}
            value={status}
            onChange={(value) => setStatus(isStatus(value) ? value : null)}
            clearable
            w={170}
          />
        </Group>
        {list.isPending ? (
          <Center py="xl">
            <Loader aria-label="Loading campaigns" />
          </Center>
        ) : list.isError ? (
          <QueryError error={list.error} onRetry={() => void list.refetch()} />
        ) : rows.length === 0 ? (
          <EmptyState
            py="xl"
            icon={<IconApi size={28} />}
            withIndicatorBackground
            title={filtered ? 'No campaigns match' : 'No API-triggered campaigns yet'}
            description={
              filtered
                ? 'Change the search or the status.'
                : 'Create one: pick a channel configuration, write the message with {{context.*}} fields, activate it, then call it from your systems.'
            }
          >
            {create && !filtered && <EmptyState.Actions>{create}</EmptyState.Actions>}
          </EmptyState>
        ) : (
          <>
            <Table highlightOnHover verticalSpacing="sm" aria-label="API-triggered campaigns">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Name</Table.Th>
                  <Table.Th>Status</Table.Th>
                  <Table.Th>Channel</Table.Th>
                  <Table.Th>Category</Table.Th>
                  <Table.Th>Mode</Table.Th>
                  <Table.Th>Updated</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((item) => {
                  const to = apiCampaignPage(item.id);
                  return (
                    <Table.Tr
                      key={item.id}
                      onClick={() => void navigate(to)}
                      style={{ cursor: 'pointer' }}
                    >
                      <Table.Td>
                        <Anchor
                          component={Link}
                          to={to}
                          size="sm"
                          fw={500}
                          onClick={(event) => event.stopPropagation()}
                        >
                          {item.name}
                        </Anchor>
                      </Table.Td>
                      <Table.Td>
                        <CampaignStatusBadge status={item.status} />
                      </Table.Td>
                      <Table.Td>
                        {item.action ? (
                          <Badge variant="light" color={CHANNEL_COLORS[item.action.channel]}>
                            {CHANNEL_LABELS[item.action.channel]}
                          </Badge>
                        ) : (
                          <Text size="sm" c="dimmed">
                            Not chosen
                          </Text>
                        )}
                      </Table.Td>
                      <Table.Td>{CATEGORY_LABELS[item.category]}</Table.Td>
                      <Table.Td>
                        <Text size="sm">
                          {item.trigger?.highThroughput ? 'High-throughput' : 'Unitary'}
                        </Text>
                      </Table.Td>
                      <Table.Td style={{ whiteSpace: 'nowrap' }}>
                        {formatDateTime(item.updatedAt)}
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
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
    </>
  );
}
