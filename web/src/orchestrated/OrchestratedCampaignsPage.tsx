// /campaigns/orchestrated: the orchestrated campaigns, searchable and filtered by status, paged.
import {
  Anchor,
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
import { IconHierarchy2, IconPlus, IconSearch } from '@tabler/icons-react';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { useSession } from '../auth/session.ts';
import { formatDateTime } from '../ui/format.ts';
import { LoadMore } from '../ui/LoadMore.tsx';
import { PageHeader } from '../ui/PageHeader.tsx';
import { QueryError } from '../ui/QueryError.tsx';
import { campaignPage, listCampaigns, listKey } from './api.ts';
import { CAMPAIGN_LOOK, type CampaignStatus } from './labels.ts';
import { NewCampaignModal } from './NewCampaignModal.tsx';
import { OrchestratedStatusBadge } from './StatusBadge.tsx';

const isStatus = (value: string | null): value is CampaignStatus =>
  value !== null && value in CAMPAIGN_LOOK;

export function OrchestratedCampaignsPage() {
  const { can, sandbox } = useSession();
  const navigate = useNavigate();
  const [search, setSearch] = useState('');
  const [status, setStatus] = useState<CampaignStatus | null>(null);
  const [creating, setCreating] = useState(false);
  const [q] = useDebouncedValue(search.trim(), 300);
  const filters = { status, q };
  const list = useInfiniteQuery({
    queryKey: [...listKey(sandbox), filters],
    queryFn: ({ pageParam }) => listCampaigns(filters, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
  const rows = list.data?.pages.flatMap((page) => page.items) ?? [];
  const filtered = Boolean(q || status);
  const create = can('orchestrated.write') && (
    <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)}>
      New orchestrated campaign
    </Button>
  );

  return (
    <>
      <PageHeader
        title="Orchestrated campaigns"
        description="Multi-step workflows drawn on a canvas: target, split, enrich and send across channels."
        action={create}
      />
      <NewCampaignModal opened={creating} onClose={() => setCreating(false)} />
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
            data={Object.entries(CAMPAIGN_LOOK).map(([value, look]) => ({
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
            icon={<IconHierarchy2 size={28} />}
            withIndicatorBackground
            title={filtered ? 'No campaigns match' : 'No orchestrated campaigns yet'}
            description={
              filtered
                ? 'Change the search or the status.'
                : 'Create one, then drag activities onto its canvas: build an audience, split it, send an email to each part.'
            }
          >
            {create && !filtered && <EmptyState.Actions>{create}</EmptyState.Actions>}
          </EmptyState>
        ) : (
          <>
            <Table highlightOnHover verticalSpacing="sm" aria-label="Orchestrated campaigns">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Name</Table.Th>
                  <Table.Th>Status</Table.Th>
                  <Table.Th>Activities</Table.Th>
                  <Table.Th>Version</Table.Th>
                  <Table.Th>Next launch</Table.Th>
                  <Table.Th>Updated</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((item) => {
                  const to = campaignPage(item.id);
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
                        {item.description && (
                          <Text size="xs" c="dimmed" lineClamp={1}>
                            {item.description}
                          </Text>
                        )}
                      </Table.Td>
                      <Table.Td>
                        <OrchestratedStatusBadge status={item.status} />
                      </Table.Td>
                      <Table.Td>{item.definition.activities.length}</Table.Td>
                      <Table.Td>{item.version}</Table.Td>
                      <Table.Td style={{ whiteSpace: 'nowrap' }}>
                        {formatDateTime(item.nextLaunchAt, '—')}
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
