// Action campaigns in a table: search, status, channel, tag and created range; paged.
import {
  Anchor,
  Badge,
  Center,
  EmptyState,
  Group,
  Loader,
  Select,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { DatePickerInput } from '@mantine/dates';
import '@mantine/dates/styles.css';
import { useDebouncedValue } from '@mantine/hooks';
import { IconSearch, IconSpeakerphone } from '@tabler/icons-react';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { listCampaigns, type CampaignFilters, type CampaignStatus } from '../api/campaigns.ts';
import { useSession } from '../auth/session.ts';
import { CATEGORY_LABELS, CHANNEL_COLORS, CHANNEL_LABELS } from '../channels/labels.ts';
import { CHANNEL_OPTIONS, isChannel } from '../governance/inputs.tsx';
import { formatDateTime } from '../ui/format.ts';
import { LoadMore } from '../ui/LoadMore.tsx';
import { QueryError } from '../ui/QueryError.tsx';
import { CampaignStatusBadge } from './CampaignStatusBadge.tsx';
import { campaignListKey, campaignPage, STATUS_LOOK } from './labels.ts';

const isStatus = (value: string | null): value is CampaignStatus =>
  value !== null && value in STATUS_LOOK;
const dayOf = (value: unknown): string | null =>
  typeof value === 'string' && value ? value.slice(0, 10) : null;

export function CampaignList({ create }: { create: ReactNode }) {
  const { sandbox } = useSession();
  const navigate = useNavigate();
  const [search, setSearch] = useState('');
  const [tagText, setTagText] = useState('');
  const [status, setStatus] = useState<CampaignStatus | null>(null);
  const [channel, setChannel] = useState<CampaignFilters['channel']>(null);
  const [range, setRange] = useState<[string | null, string | null]>([null, null]);
  const [q] = useDebouncedValue(search.trim(), 300);
  const [tag] = useDebouncedValue(tagText.trim(), 300);
  const filters: CampaignFilters = {
    status,
    channel,
    tag,
    q,
    createdFrom: range[0],
    createdTo: range[1],
  };
  const list = useInfiniteQuery({
    queryKey: [...campaignListKey(sandbox), filters],
    queryFn: ({ pageParam }) => listCampaigns(filters, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
  const rows = list.data?.pages.flatMap((page) => page.items) ?? [];
  const filtered = Boolean(q || tag || status || channel || range[0] || range[1]);

  return (
    <>
      <Group mb="md" align="flex-end">
        <TextInput
          label="Search"
          placeholder="Name or description"
          leftSection={<IconSearch size={16} />}
          value={search}
          onChange={(event) => setSearch(event.currentTarget.value)}
          w={240}
        />
        <Select
          label="Status"
          placeholder="Any status"
          data={Object.entries(STATUS_LOOK).map(([value, look]) => ({ value, label: look.label }))}
          value={status}
          onChange={(value) => setStatus(isStatus(value) ? value : null)}
          clearable
          w={160}
        />
        <Select
          label="Channel"
          placeholder="Any channel"
          data={CHANNEL_OPTIONS}
          value={channel}
          onChange={(value) => setChannel(value && isChannel(value) ? value : null)}
          clearable
          w={150}
        />
        <TextInput
          label="Tag"
          value={tagText}
          onChange={(event) => setTagText(event.currentTarget.value)}
          w={150}
        />
        <DatePickerInput
          type="range"
          label="Created"
          placeholder="Any time"
          clearable
          value={range}
          onChange={(value) => setRange([dayOf(value[0]), dayOf(value[1])])}
          w={240}
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
          icon={<IconSpeakerphone size={28} />}
          withIndicatorBackground
          title={filtered ? 'No campaigns match' : 'No action campaigns yet'}
          description={
            filtered
              ? 'Change the search or the filters.'
              : 'Create a campaign: pick a channel configuration, write the content, choose an audience and when to send.'
          }
        >
          {create && !filtered && <EmptyState.Actions>{create}</EmptyState.Actions>}
        </EmptyState>
      ) : (
        <>
          <Table highlightOnHover verticalSpacing="sm" aria-label="Action campaigns">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th>Channel</Table.Th>
                <Table.Th>Category</Table.Th>
                <Table.Th>Tags</Table.Th>
                <Table.Th>Next run</Table.Th>
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
                      {item.version > 1 && (
                        <Text span size="xs" c="dimmed" ml={6}>
                          v{item.version}
                        </Text>
                      )}
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
                      <Group gap={4}>
                        {item.tags.map((name) => (
                          <Badge key={name} size="sm" variant="outline" color="gray">
                            {name}
                          </Badge>
                        ))}
                      </Group>
                    </Table.Td>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>
                      {formatDateTime(item.nextRunAt, '—')}
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
    </>
  );
}
