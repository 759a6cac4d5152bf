// /campaigns/api-triggered/:id: one API-triggered campaign — status and actions, "Call it" (a
// ready curl command for this campaign), the execution log searchable by requestId, the report.
import {
  Alert,
  Anchor,
  Breadcrumbs,
  Button,
  Center,
  Code,
  CopyButton,
  Group,
  Loader,
  Menu,
  Paper,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import {
  IconArchive,
  IconCheck,
  IconChevronDown,
  IconCopy,
  IconEdit,
  IconPlayerStop,
  IconSearch,
} from '@tabler/icons-react';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { lazy, Suspense, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { campaignAction, getCampaign, type Campaign } from '../api/campaigns.ts';
import { useSession } from '../auth/session.ts';
import { CampaignStatusBadge } from '../campaigns/CampaignStatusBadge.tsx';
import { CATEGORY_LABELS, CHANNEL_LABELS } from '../channels/labels.ts';
import { ConfirmModal } from '../ui/ConfirmModal.tsx';
import { formatDateTime } from '../ui/format.ts';
import { LoadMore } from '../ui/LoadMore.tsx';
import { notifyFailure, notifySuccess } from '../ui/notify.ts';
import { QueryError } from '../ui/QueryError.tsx';
import { QueryState } from '../ui/QueryState.tsx';
import { AREA, apiCampaignEdit, listExecutions } from './api.ts';
import { callIt, contextPaths, messageTexts } from './callIt.ts';

const CampaignReportPanel = lazy(() => import('../campaigns/CampaignReportPanel.tsx'));

type Verb = 'stop' | 'archive' | 'duplicate';

export function ApiCampaignPage() {
  const id = useParams().id ?? '';
  const { sandbox, can } = useSession();
  const campaign = useQuery({
    queryKey: ['campaigns', sandbox, id],
    queryFn: () => getCampaign(id),
  });
  if (campaign.isPending || campaign.isError)
    return <QueryState query={campaign} label="Loading the campaign" />;
  const data = campaign.data;
  return (
    <Stack gap="lg" maw={1200}>
      <Header campaign={data} />
      <CallItPanel campaign={data} />
      <ExecutionLog campaign={data} />
      {can('reports.read') && (
        <Paper withBorder radius="md" p="md" component="section" aria-label="Report">
          <Title order={4} mb="sm">
            Report
          </Title>
          <Suspense
            fallback={
              <Center py="xl">
                <Loader aria-label="Loading the report" />
              </Center>
            }
          >
            <CampaignReportPanel campaign={data} />
          </Suspense>
        </Paper>
      )}
    </Stack>
  );
}

function Header({ campaign }: { campaign: Campaign }) {
  const { sandbox, can } = useSession();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [asked, setAsked] = useState<'stop' | 'archive' | null>(null);
  const act = useMutation({
    mutationFn: (verb: Verb) => campaignAction(campaign.id, verb),
    onSuccess: async (result, verb) => {
      await queryClient.invalidateQueries({ queryKey: ['campaigns', sandbox] });
      notifySuccess(
        verb === 'duplicate'
          ? `${result.name} was created as a draft.`
          : verb === 'stop'
            ? `${result.name} was stopped; calls to it are refused.`
            : `${result.name} was archived.`,
      );
      if (verb === 'duplicate') void navigate(apiCampaignEdit(result.id));
    },
    onError: (error) => notifyFailure('The action failed', error),
  });
  const write = can('campaigns.write');
  const status = campaign.status;
  const trigger = campaign.trigger;
  return (
    <Stack gap="xs">
      <Breadcrumbs>
        <Anchor component={Link} to={AREA} size="sm">
          API-triggered campaigns
        </Anchor>
        <Text size="sm">{campaign.name}</Text>
      </Breadcrumbs>
      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <div>
          <Group gap="sm">
            <Title order={2}>{campaign.name}</Title>
            <CampaignStatusBadge status={status} />
          </Group>
          <Text size="sm" c="dimmed" mt={4}>
            {CATEGORY_LABELS[campaign.category]}
            {campaign.action && ` · ${CHANNEL_LABELS[campaign.action.channel]}`}
            {` · ${trigger?.highThroughput ? 'high-throughput' : 'unitary'} calls`}
            {trigger?.ratePerSecond && ` · up to ${trigger.ratePerSecond} calls per second`}
            {` · created by ${campaign.createdBy} ${formatDateTime(campaign.createdAt)}`}
            {campaign.activatedAt &&
              ` · activated by ${campaign.activatedBy ?? 'someone'} ${formatDateTime(campaign.activatedAt)}`}
          </Text>
          {campaign.description && (
            <Text size="sm" mt={4}>
              {campaign.description}
            </Text>
          )}
        </div>
        <Group gap="sm" wrap="nowrap">
          {status === 'draft' && write && (
            <Button
              component={Link}
              to={apiCampaignEdit(campaign.id)}
              leftSection={<IconEdit size={16} />}
            >
              Edit and activate
            </Button>
          )}
          {(status === 'live' || status === 'scheduled') && can('campaigns.activate') && (
            <Button
              variant="light"
              color="red"
              leftSection={<IconPlayerStop size={16} />}
              onClick={() => setAsked('stop')}
            >
              Stop
            </Button>
          )}
          {write && (
            <Menu position="bottom-end">
              <Menu.Target>
                <Button variant="default" rightSection={<IconChevronDown size={14} />}>
                  More
                </Button>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Item
                  leftSection={<IconCopy size={16} />}
                  onClick={() => act.mutate('duplicate')}
                >
                  Duplicate
                </Menu.Item>
                {(status === 'stopped' || status === 'completed' || status === 'failed') && (
                  <Menu.Item
                    leftSection={<IconArchive size={16} />}
                    onClick={() => setAsked('archive')}
                  >
                    Archive
                  </Menu.Item>
                )}
              </Menu.Dropdown>
            </Menu>
          )}
        </Group>
      </Group>
      {asked && (
        <ConfirmModal
          opened
          title={asked === 'stop' ? 'Stop this campaign?' : 'Archive this campaign?'}
          confirmLabel={asked === 'stop' ? 'Stop' : 'Archive'}
          danger
          loading={act.isPending}
          onClose={() => setAsked(null)}
          onConfirm={() => {
            act.mutate(asked);
            setAsked(null);
          }}
        >
          <Text size="sm">
            {asked === 'stop'
              ? 'Calls to it are refused from now on; messages already accepted are still sent. A stopped campaign cannot be started again; duplicate it instead.'
              : 'It leaves the default list; its report stays available.'}
          </Text>
        </ConfirmModal>
      )}
    </Stack>
  );
}

function CallItPanel({ campaign }: { campaign: Campaign }) {
  const { sandbox } = useSession();
  const call = callIt(campaign, window.location.origin, sandbox);
  const used = contextPaths(messageTexts(campaign.content).join('\n'));
  const contextFields = [...used.arrays.keys(), ...used.paths];
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-label="Call it">
      <Group justify="space-between" mb="xs">
        <div>
          <Title order={4}>Call it</Title>
          <Text size="sm" c="dimmed">
            Send this from your systems with an API key of this sandbox (
            <Anchor component={Link} to="/admin/api-keys" size="sm">
              API keys
            </Anchor>
            ) in <Code>$CLARION_API_KEY</Code>. Each call needs its own requestId; the same one
            within 24 hours sends nothing again.
          </Text>
        </div>
        <CopyButton value={call.curl}>
          {({ copied, copy }) => (
            <Button
              variant={copied ? 'light' : 'default'}
              color={copied ? 'teal' : undefined}
              leftSection={copied ? <IconCheck size={16} /> : <IconCopy size={16} />}
              onClick={copy}
            >
              {copied ? 'Copied' : 'Copy command'}
            </Button>
          )}
        </CopyButton>
      </Group>
      {campaign.status !== 'live' && (
        <Alert color="yellow" variant="light" mb="sm">
          {campaign.status === 'draft' || campaign.status === 'inReview'
            ? 'Calls are refused until the campaign is activated.'
            : 'The campaign is not live: calls to it are refused.'}
        </Alert>
      )}
      <Code block aria-label="curl command" data-testid="call-it-curl">
        {call.curl}
      </Code>
      <Text size="xs" c="dimmed" mt="xs">
        {contextFields.length > 0
          ? `The sample context holds the fields the content uses: ${contextFields.join(', ')}. Replace the "…" values with real ones.`
          : 'The content uses no {{context.*}} fields; add a context object if it does.'}
      </Text>
    </Paper>
  );
}

function ExecutionLog({ campaign }: { campaign: Campaign }) {
  const { sandbox } = useSession();
  const queryClient = useQueryClient();
  const [search, setSearch] = useState('');
  const [requestId] = useDebouncedValue(search.trim(), 300);
  const log = useInfiniteQuery({
    queryKey: ['campaigns', sandbox, campaign.id, 'requests', requestId],
    queryFn: ({ pageParam }) => listExecutions(campaign.id, requestId, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
    refetchInterval: (query) =>
      query.state.data?.pages.some((page) => page.items.some((item) => item.pending > 0))
        ? 5000
        : false,
  });
  const rows = log.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-label="Execution log">
      <Group justify="space-between" align="flex-end" mb="sm">
        <div>
          <Title order={4}>Execution log</Title>
          <Text size="sm" c="dimmed">
            Every accepted call, newest first, with what became of its recipients.
          </Text>
        </div>
        <Group gap="xs" align="flex-end">
          <TextInput
            label="Request ID"
            placeholder="Starts with…"
            leftSection={<IconSearch size={16} />}
            value={search}
            onChange={(event) => setSearch(event.currentTarget.value)}
            w={260}
          />
          <Button
            variant="default"
            loading={log.isRefetching}
            onClick={() => {
              void log.refetch();
              // The report counts the same messages.
              void queryClient.invalidateQueries({
                queryKey: ['campaigns', sandbox, campaign.id, 'report'],
              });
            }}
          >
            Refresh
          </Button>
        </Group>
      </Group>
      {log.isPending ? (
        <Center py="lg">
          <Loader aria-label="Loading the execution log" />
        </Center>
      ) : log.isError ? (
        <QueryError error={log.error} onRetry={() => void log.refetch()} />
      ) : rows.length === 0 ? (
        <Text size="sm" c="dimmed" py="md" ta="center">
          {requestId
            ? `No call has a request ID starting with “${requestId}”.`
            : 'No calls yet. Use the command above to make the first one.'}
        </Text>
      ) : (
        <>
          <Table verticalSpacing="xs" aria-label="Execution log" highlightOnHover>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Request ID</Table.Th>
                <Table.Th>Kind</Table.Th>
                <Table.Th>Received</Table.Th>
                <Table.Th>By</Table.Th>
                <Table.Th ta="right">Recipients</Table.Th>
                <Table.Th ta="right">Sent</Table.Th>
                <Table.Th ta="right">Pending</Table.Th>
                <Table.Th ta="right">Excluded</Table.Th>
                <Table.Th ta="right">Failed</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((row) => (
                <Table.Tr key={`${row.requestId}-${row.executionId ?? row.scheduleId ?? ''}`}>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>
                    <Text size="sm" ff="monospace">
                      {row.requestId}
                    </Text>
                  </Table.Td>
                  <Table.Td>{row.kind}</Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>
                    {formatDateTime(row.createdAt)}
                  </Table.Td>
                  <Table.Td>{row.createdBy}</Table.Td>
                  <Table.Td ta="right">{row.recipients}</Table.Td>
                  <Table.Td ta="right" c={row.sent > 0 ? 'teal' : undefined}>
                    {row.sent}
                  </Table.Td>
                  <Table.Td ta="right">{row.pending}</Table.Td>
                  <Table.Td ta="right" c={row.excluded > 0 ? 'orange' : undefined}>
                    {row.excluded}
                  </Table.Td>
                  <Table.Td ta="right" c={row.failed > 0 ? 'red' : undefined}>
                    {row.failed}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          <LoadMore
            hasMore={log.hasNextPage}
            loading={log.isFetchingNextPage}
            shown={rows.length}
            onLoad={() => void log.fetchNextPage()}
          />
        </>
      )}
    </Paper>
  );
}
