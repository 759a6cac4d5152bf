// Channel configurations of the sandbox by name: filter by channel and status, search, open one
// or start a new one.
import {
  Anchor,
  Badge,
  Button,
  Center,
  EmptyState,
  Group,
  Loader,
  Menu,
  Paper,
  Select,
  Table,
  TextInput,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconChevronDown, IconPlus, IconSearch, IconSend } from '@tabler/icons-react';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { listConfigurations, type Channel, type ConfigurationStatus } from '../api/channels.ts';
import { useSession } from '../auth/session.ts';
import { ChannelFilter } from './ChannelFilter.tsx';
import { formatDateTime } from '../ui/format.ts';
import { LoadMore } from '../ui/LoadMore.tsx';
import { PageHeader } from '../ui/PageHeader.tsx';
import { QueryError } from '../ui/QueryError.tsx';
import {
  CATEGORY_LABELS,
  CHANNEL_COLORS,
  CHANNEL_LABELS,
  providerSummary,
  STATUS_LOOK,
} from './labels.ts';
import { StatusBadge } from './StatusBadge.tsx';
import { configurationListKey, configurationPage } from './useConfigurationActions.ts';

const CHANNELS = ['email', 'sms', 'push'] as const;
const isStatus = (value: string | null): value is ConfigurationStatus =>
  value !== null && value in STATUS_LOOK;

function NewConfigurationMenu() {
  const navigate = useNavigate();
  return (
    <Menu position="bottom-end">
      <Menu.Target>
        <Button leftSection={<IconPlus size={16} />} rightSection={<IconChevronDown size={14} />}>
          New configuration
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        {CHANNELS.map((channel) => (
          <Menu.Item
            key={channel}
            onClick={() => void navigate(`/channels/configurations/new?channel=${channel}`)}
          >
            {CHANNEL_LABELS[channel]}
          </Menu.Item>
        ))}
      </Menu.Dropdown>
    </Menu>
  );
}

export function ConfigurationsPage() {
  const { can, sandbox } = useSession();
  const navigate = useNavigate();
  const [search, setSearch] = useState('');
  const [channel, setChannel] = useState<Channel | null>(null);
  const [status, setStatus] = useState<ConfigurationStatus | null>(null);
  const [q] = useDebouncedValue(search.trim(), 300);
  const filters = { channel, status, q };
  const list = useInfiniteQuery({
    queryKey: [...configurationListKey(sandbox), filters],
    queryFn: ({ pageParam }) => listConfigurations(filters, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
  const rows = list.data?.pages.flatMap((page) => page.items) ?? [];
  const filtered = Boolean(q || channel || status);
  const create = can('channels.write') && <NewConfigurationMenu />;

  return (
    <>
      <PageHeader
        title="Channel configurations"
        description="How this sandbox sends email, SMS and push: sender, provider, credentials and delivery rules. Campaigns use active configurations."
        action={create}
      />
      <Paper withBorder radius="md" p="md">
        <Group mb="md" align="flex-end">
          <TextInput
            label="Search by name"
            leftSection={<IconSearch size={16} />}
            value={search}
            onChange={(event) => setSearch(event.currentTarget.value)}
            maw={280}
          />
          <ChannelFilter value={channel} onChange={setChannel} />
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
            w={180}
          />
        </Group>
        {list.isPending ? (
          <Center py="xl">
            <Loader aria-label="Loading configurations" />
          </Center>
        ) : list.isError ? (
          <QueryError error={list.error} onRetry={() => void list.refetch()} />
        ) : rows.length === 0 ? (
          <EmptyState
            py="xl"
            icon={<IconSend size={28} />}
            withIndicatorBackground
            title={filtered ? 'No configurations match' : 'No channel configurations yet'}
            description={
              filtered
                ? 'Change the search or the filters.'
                : 'Create one for each way you send: its sender, its provider and its keys. Start with the local mailbox to try sends without sending anything out.'
            }
          >
            {create && !filtered && <EmptyState.Actions>{create}</EmptyState.Actions>}
          </EmptyState>
        ) : (
          <>
            <Table highlightOnHover verticalSpacing="sm" aria-label="Channel configurations">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Name</Table.Th>
                  <Table.Th>Channel</Table.Th>
                  <Table.Th>Category</Table.Th>
                  <Table.Th>Provider</Table.Th>
                  <Table.Th>Status</Table.Th>
                  <Table.Th>Updated</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((item) => {
                  const to = configurationPage(item.id);
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
                        <Badge variant="light" color={CHANNEL_COLORS[item.channel]}>
                          {CHANNEL_LABELS[item.channel]}
                        </Badge>
                      </Table.Td>
                      <Table.Td>{CATEGORY_LABELS[item.category]}</Table.Td>
                      <Table.Td>{providerSummary(item)}</Table.Td>
                      <Table.Td>
                        <StatusBadge status={item.status} />
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
