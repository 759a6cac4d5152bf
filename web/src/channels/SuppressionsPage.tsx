// The suppression list: addresses nothing is sent to, why and since when; add and remove by hand,
// export what the filters show as CSV.
import {
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
import { IconDownload, IconMailOff, IconPlus, IconSearch } from '@tabler/icons-react';
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import {
  downloadSuppressions,
  listSuppressions,
  removeSuppression,
  SUPPRESSION_CATEGORIES,
  type Channel,
  type Suppression,
  type SuppressionCategory,
  type SuppressionFilters,
} from '../api/channels.ts';
import { useSession } from '../auth/session.ts';
import { ConfirmModal } from '../ui/ConfirmModal.tsx';
import { saveBlob } from '../ui/download.ts';
import { formatDateTime } from '../ui/format.ts';
import { LoadMore } from '../ui/LoadMore.tsx';
import { notifyFailure, notifySuccess } from '../ui/notify.ts';
import { PageHeader } from '../ui/PageHeader.tsx';
import { QueryError } from '../ui/QueryError.tsx';
import { AddSuppressionModal } from './AddSuppressionModal.tsx';
import { ChannelFilter } from './ChannelFilter.tsx';
import { CHANNEL_COLORS, CHANNEL_LABELS, SUPPRESSION_CATEGORY_LABELS } from './labels.ts';

const isCategory = (value: string | null): value is SuppressionCategory =>
  SUPPRESSION_CATEGORIES.some((category) => category === value);

export function SuppressionsPage() {
  const { can, sandbox } = useSession();
  const queryClient = useQueryClient();
  const [search, setSearch] = useState('');
  const [channel, setChannel] = useState<Channel | null>(null);
  const [category, setCategory] = useState<SuppressionCategory | null>(null);
  const [adding, setAdding] = useState(false);
  const [removing, setRemoving] = useState<Suppression | null>(null);
  const [q] = useDebouncedValue(search.trim(), 300);
  const filters: SuppressionFilters = { channel, category, q };
  const list = useInfiniteQuery({
    queryKey: ['suppressions', sandbox, filters],
    queryFn: ({ pageParam }) => listSuppressions(filters, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
  const exportCsv = useMutation({
    mutationFn: () => downloadSuppressions(filters),
    onSuccess: ({ blob, fileName }) => saveBlob(blob, fileName ?? 'suppressions.csv'),
    onError: (error) => notifyFailure('Could not export the suppression list', error),
  });
  const remove = useMutation({
    mutationFn: (entry: Suppression) => removeSuppression(entry.channel, entry.address),
    onSuccess: async (_nothing, entry) => {
      setRemoving(null);
      await queryClient.invalidateQueries({ queryKey: ['suppressions', sandbox] });
      notifySuccess(`${entry.address} was taken off the suppression list.`);
    },
    onError: (error) => {
      setRemoving(null);
      notifyFailure('Could not remove the address', error);
    },
  });
  const rows = list.data?.pages.flatMap((page) => page.items) ?? [];
  const filtered = Boolean(q || channel || category);
  const canWrite = can('channels.write');

  return (
    <>
      <PageHeader
        title="Suppression list"
        description="Addresses Clarion never sends to: hard bounces, repeated soft bounces, spam complaints, and those added by hand."
        action={
          <Group gap="sm">
            <Button
              variant="default"
              leftSection={<IconDownload size={16} />}
              loading={exportCsv.isPending}
              onClick={() => exportCsv.mutate()}
            >
              Export CSV
            </Button>
            {canWrite && (
              <Button leftSection={<IconPlus size={16} />} onClick={() => setAdding(true)}>
                Add address
              </Button>
            )}
          </Group>
        }
      />
      <Paper withBorder radius="md" p="md">
        <Group mb="md" align="flex-end">
          <TextInput
            label="Search addresses"
            leftSection={<IconSearch size={16} />}
            value={search}
            onChange={(event) => setSearch(event.currentTarget.value)}
            maw={280}
          />
          <ChannelFilter value={channel} onChange={setChannel} />
          <Select
            label="Category"
            placeholder="Any category"
            data={SUPPRESSION_CATEGORIES.map((value) => ({
              value,
              label: SUPPRESSION_CATEGORY_LABELS[value],
            }))}
            value={category}
            onChange={(value) => setCategory(isCategory(value) ? value : null)}
            clearable
            w={200}
          />
        </Group>
        {list.isPending ? (
          <Center py="xl">
            <Loader aria-label="Loading the suppression list" />
          </Center>
        ) : list.isError ? (
          <QueryError error={list.error} onRetry={() => void list.refetch()} />
        ) : rows.length === 0 ? (
          <EmptyState
            py="xl"
            icon={<IconMailOff size={28} />}
            withIndicatorBackground
            title={filtered ? 'No addresses match' : 'No suppressed addresses'}
            description={
              filtered
                ? 'Change the search or the filters.'
                : 'Bounces and complaints add addresses here as they arrive. Add one by hand when someone asks not to be contacted.'
            }
          />
        ) : (
          <>
            <Table.ScrollContainer minWidth={820}>
              <Table verticalSpacing="sm" aria-label="Suppressed addresses">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Address</Table.Th>
                    <Table.Th>Channel</Table.Th>
                    <Table.Th>Category</Table.Th>
                    <Table.Th>Reason</Table.Th>
                    <Table.Th>Added</Table.Th>
                    {canWrite && <Table.Th />}
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {rows.map((entry) => (
                    <Table.Tr key={`${entry.channel}:${entry.address}`}>
                      <Table.Td style={{ wordBreak: 'break-all' }}>{entry.address}</Table.Td>
                      <Table.Td>
                        <Badge variant="light" color={CHANNEL_COLORS[entry.channel]}>
                          {CHANNEL_LABELS[entry.channel]}
                        </Badge>
                      </Table.Td>
                      <Table.Td>{SUPPRESSION_CATEGORY_LABELS[entry.category]}</Table.Td>
                      <Table.Td maw={320}>
                        <Text size="sm" lineClamp={2}>
                          {entry.reason}
                        </Text>
                      </Table.Td>
                      <Table.Td style={{ whiteSpace: 'nowrap' }}>
                        {formatDateTime(entry.createdAt)}
                        <Text size="xs" c="dimmed">
                          {entry.createdBy}
                        </Text>
                      </Table.Td>
                      {canWrite && (
                        <Table.Td>
                          <Button
                            size="compact-sm"
                            variant="subtle"
                            color="red"
                            aria-label={`Remove ${entry.address}`}
                            onClick={() => setRemoving(entry)}
                          >
                            Remove
                          </Button>
                        </Table.Td>
                      )}
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
            <LoadMore
              hasMore={list.hasNextPage}
              loading={list.isFetchingNextPage}
              shown={rows.length}
              onLoad={() => void list.fetchNextPage()}
            />
          </>
        )}
      </Paper>
      <AddSuppressionModal opened={adding} onClose={() => setAdding(false)} />
      <ConfirmModal
        opened={removing !== null}
        title={`Remove ${removing?.address ?? ''}?`}
        confirmLabel="Remove"
        danger
        loading={remove.isPending}
        onClose={() => setRemoving(null)}
        onConfirm={() => removing && remove.mutate(removing)}
      >
        <Text size="sm">
          Clarion will send to this address again. If it was suppressed for a bounce or a complaint,
          sending may hurt the sender&apos;s reputation.
        </Text>
      </ConfirmModal>
    </>
  );
}
