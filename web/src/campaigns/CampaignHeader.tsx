// Name, status and the actions the user may take on a campaign in its status; the ones that
// destroy or stop something ask first.
import {
  Anchor,
  Breadcrumbs,
  Button,
  Group,
  Menu,
  Stack,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import {
  IconArchive,
  IconCheck,
  IconChevronDown,
  IconCopy,
  IconEdit,
  IconPlayerStop,
  IconSend,
  IconTrash,
  IconVersions,
  IconX,
} from '@tabler/icons-react';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import type { Campaign } from '../api/campaigns.ts';
import { useSession } from '../auth/session.ts';
import { ConfirmModal } from '../ui/ConfirmModal.tsx';
import { formatDateTime } from '../ui/format.ts';
import { CampaignStatusBadge } from './CampaignStatusBadge.tsx';
import { editPage } from './labels.ts';
import { useCampaignActions, type CampaignVerb } from './useCampaignActions.ts';

type Asked = 'delete' | 'stop' | 'archive' | 'request-changes' | null;

const CONFIRM: Record<Exclude<Asked, null>, { title: string; label: string; text: string }> = {
  delete: {
    title: 'Delete this draft?',
    label: 'Delete',
    text: 'The draft is deleted for good. Only drafts can be deleted.',
  },
  stop: {
    title: 'Stop this campaign?',
    label: 'Stop',
    text: 'Future runs and the unsent part of a run in progress are cancelled. A stopped campaign cannot be started again; duplicate it instead.',
  },
  archive: {
    title: 'Archive this campaign?',
    label: 'Archive',
    text: 'It leaves the default lists; its report stays available.',
  },
  'request-changes': {
    title: 'Send the campaign back?',
    label: 'Request changes',
    text: 'The campaign goes back to Draft with your message to its author.',
  },
};

export function CampaignHeader({ campaign }: { campaign: Campaign }) {
  const { can } = useSession();
  const act = useCampaignActions();
  const [asked, setAsked] = useState<Asked>(null);
  const [message, setMessage] = useState('');
  const run = (verb: CampaignVerb, text?: string) =>
    act.mutate({ campaign, verb, ...(text === undefined ? {} : { message: text }) });
  const write = can('campaigns.write');
  const status = campaign.status;
  const recurring = campaign.schedule !== null && campaign.schedule.recurrence.frequency !== 'once';

  const primary = (() => {
    if (status === 'draft' && write)
      return (
        <Button
          component={Link}
          to={editPage(campaign.id, 'review')}
          leftSection={<IconSend size={16} />}
        >
          Review to activate
        </Button>
      );
    if (status === 'inReview' && can('campaigns.approve'))
      return (
        <Button
          leftSection={<IconCheck size={16} />}
          loading={act.isPending}
          onClick={() => run('approve')}
        >
          Approve
        </Button>
      );
    return null;
  })();

  return (
    <Stack gap="xs">
      <Breadcrumbs>
        <Anchor component={Link} to="/campaigns/action" size="sm">
          Action campaigns
        </Anchor>
        <Text size="sm">{campaign.name}</Text>
      </Breadcrumbs>
      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <div>
          <Group gap="sm">
            <Title order={2}>{campaign.name}</Title>
            <CampaignStatusBadge status={status} />
            {campaign.version > 1 && (
              <Text size="sm" c="dimmed">
                Version {campaign.version}
              </Text>
            )}
          </Group>
          <Text size="sm" c="dimmed" mt={4}>
            Created by {campaign.createdBy} {formatDateTime(campaign.createdAt)}
            {campaign.activatedAt &&
              ` · activated by ${campaign.activatedBy ?? 'someone'} ${formatDateTime(campaign.activatedAt)}`}
            {campaign.nextRunAt && ` · next run ${formatDateTime(campaign.nextRunAt)}`}
          </Text>
        </div>
        <Group gap="sm" wrap="nowrap">
          {status === 'draft' && write && (
            <Button
              variant="default"
              component={Link}
              to={editPage(campaign.id)}
              leftSection={<IconEdit size={16} />}
            >
              Edit
            </Button>
          )}
          {status === 'inReview' && write && (
            <Button
              variant="default"
              leftSection={<IconX size={16} />}
              loading={act.isPending}
              onClick={() => run('cancel-approval')}
            >
              Withdraw request
            </Button>
          )}
          {status === 'inReview' && can('campaigns.approve') && (
            <Button variant="default" onClick={() => setAsked('request-changes')}>
              Request changes
            </Button>
          )}
          {(status === 'scheduled' || status === 'live') && can('campaigns.activate') && (
            <Button
              variant="light"
              color="red"
              leftSection={<IconPlayerStop size={16} />}
              onClick={() => setAsked('stop')}
            >
              Stop
            </Button>
          )}
          {primary}
          {write && (
            <Menu position="bottom-end">
              <Menu.Target>
                <Button variant="default" rightSection={<IconChevronDown size={14} />}>
                  More
                </Button>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Item leftSection={<IconCopy size={16} />} onClick={() => run('duplicate')}>
                  Duplicate
                </Menu.Item>
                {status === 'live' && recurring && (
                  <Menu.Item leftSection={<IconVersions size={16} />} onClick={() => run('modify')}>
                    Modify as a new version
                  </Menu.Item>
                )}
                {(status === 'stopped' || status === 'completed' || status === 'failed') && (
                  <Menu.Item
                    leftSection={<IconArchive size={16} />}
                    onClick={() => setAsked('archive')}
                  >
                    Archive
                  </Menu.Item>
                )}
                {status === 'draft' && (
                  <Menu.Item
                    color="red"
                    leftSection={<IconTrash size={16} />}
                    onClick={() => setAsked('delete')}
                  >
                    Delete
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
          title={CONFIRM[asked].title}
          confirmLabel={CONFIRM[asked].label}
          danger={asked !== 'request-changes'}
          loading={act.isPending}
          confirmDisabled={asked === 'request-changes' && message.trim() === ''}
          onClose={() => setAsked(null)}
          onConfirm={() => {
            run(asked, asked === 'request-changes' ? message.trim() : undefined);
            setAsked(null);
            setMessage('');
          }}
        >
          <Text size="sm">{CONFIRM[asked].text}</Text>
          {asked === 'request-changes' && (
            <Textarea
              label="What should change"
              required
              autosize
              minRows={3}
              value={message}
              onChange={(event) => setMessage(event.currentTarget.value)}
            />
          )}
        </ConfirmModal>
      )}
    </Stack>
  );
}
