// Content templates of the sandbox by name: search, filter by channel, open one or start one.
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
  SegmentedControl,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconChevronDown, IconPlus, IconSearch, IconTemplate } from '@tabler/icons-react';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { listTemplates, type ContentChannel } from '../api/content.ts';
import { useSession } from '../auth/session.ts';
import { formatDateTime } from '../ui/format.ts';
import { LoadMore } from '../ui/LoadMore.tsx';
import { PageHeader } from '../ui/PageHeader.tsx';
import { QueryError } from '../ui/QueryError.tsx';
import { CHANNEL_LABELS } from './drafts.ts';

const CHANNEL_COLORS: Record<ContentChannel, string> = {
  email: 'blue',
  sms: 'teal',
  push: 'grape',
};

function NewTemplateMenu() {
  const navigate = useNavigate();
  return (
    <Menu position="bottom-end">
      <Menu.Target>
        <Button leftSection={<IconPlus size={16} />} rightSection={<IconChevronDown size={14} />}>
          New template
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        {(['email', 'sms', 'push'] as const).map((channel) => (
          <Menu.Item
            key={channel}
            onClick={() => void navigate(`/content/templates/new?channel=${channel}`)}
          >
            {CHANNEL_LABELS[channel]}
          </Menu.Item>
        ))}
      </Menu.Dropdown>
    </Menu>
  );
}

export function TemplatesPage() {
  const { can, sandbox } = useSession();
  const navigate = useNavigate();
  const [search, setSearch] = useState('');
  const [channel, setChannel] = useState<ContentChannel | null>(null);
  const [q] = useDebouncedValue(search.trim(), 300);
  const templates = useInfiniteQuery({
    queryKey: ['content-templates', sandbox, 'list', q, channel],
    queryFn: ({ pageParam }) => listTemplates({ q, channel }, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
  const rows = templates.data?.pages.flatMap((page) => page.items) ?? [];
  const create = can('content.write') && <NewTemplateMenu />;

  return (
    <>
      <PageHeader
        title="Content templates"
        description="Email, SMS and push content to start messages from, with personalization, fragments and a live preview."
        action={create}
      />
      <Paper withBorder radius="md" p="md">
        <Group mb="md" align="flex-end">
          <TextInput
            label="Search by name"
            leftSection={<IconSearch size={16} />}
            value={search}
            onChange={(event) => setSearch(event.currentTarget.value)}
            maw={320}
          />
          <SegmentedControl
            aria-label="Channel"
            value={channel ?? 'all'}
            onChange={(value) =>
              setChannel(value === 'email' || value === 'sms' || value === 'push' ? value : null)
            }
            data={[
              { value: 'all', label: 'All' },
              { value: 'email', label: 'Email' },
              { value: 'sms', label: 'SMS' },
              { value: 'push', label: 'Push' },
            ]}
          />
        </Group>
        {templates.isPending ? (
          <Center py="xl">
            <Loader aria-label="Loading templates" />
          </Center>
        ) : templates.isError ? (
          <QueryError error={templates.error} onRetry={() => void templates.refetch()} />
        ) : rows.length === 0 ? (
          <EmptyState
            py="xl"
            icon={<IconTemplate size={28} />}
            withIndicatorBackground
            title={q || channel ? 'No templates match' : 'No templates yet'}
            description={
              q || channel
                ? 'Change the search or the channel.'
                : 'Write an email, SMS or push message once, personalize it with profile attributes, and preview it for your test profiles.'
            }
          >
            {create && !q && !channel && <EmptyState.Actions>{create}</EmptyState.Actions>}
          </EmptyState>
        ) : (
          <>
            <Table highlightOnHover verticalSpacing="sm" aria-label="Content templates">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Name</Table.Th>
                  <Table.Th>Channel</Table.Th>
                  <Table.Th>Description</Table.Th>
                  <Table.Th>Version</Table.Th>
                  <Table.Th>Updated</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((template) => {
                  const to = `/content/templates/${template.id}`;
                  return (
                    <Table.Tr
                      key={template.id}
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
                          {template.name}
                        </Anchor>
                      </Table.Td>
                      <Table.Td>
                        <Badge variant="light" color={CHANNEL_COLORS[template.channel]}>
                          {CHANNEL_LABELS[template.channel]}
                        </Badge>
                      </Table.Td>
                      <Table.Td maw={380}>
                        <Text
                          size="sm"
                          c={template.description ? undefined : 'dimmed'}
                          lineClamp={2}
                        >
                          {template.description || '—'}
                        </Text>
                      </Table.Td>
                      <Table.Td>{template.version}</Table.Td>
                      <Table.Td style={{ whiteSpace: 'nowrap' }}>
                        {formatDateTime(template.updatedAt)} · {template.updatedBy}
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
            <LoadMore
              hasMore={templates.hasNextPage}
              loading={templates.isFetchingNextPage}
              shown={rows.length}
              onLoad={() => void templates.fetchNextPage()}
            />
          </>
        )}
      </Paper>
    </>
  );
}
