// Title, status and actions of the configuration being edited: save, activate, deactivate, delete.
import { Anchor, Badge, Breadcrumbs, Button, Group, Stack, Text, Title } from '@mantine/core';
import { IconBolt, IconDeviceFloppy, IconPlayerPause, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import type { Channel, Configuration } from '../api/channels.ts';
import { ConfirmModal } from '../ui/ConfirmModal.tsx';
import { formatDateTime } from '../ui/format.ts';
import { CHANNEL_COLORS, CHANNEL_LABELS } from './labels.ts';
import { StatusBadge } from './StatusBadge.tsx';
import type { useConfigurationActions } from './useConfigurationActions.ts';

const NEW_TITLES: Record<Channel, string> = {
  email: 'New email configuration',
  sms: 'New SMS configuration',
  push: 'New push configuration',
};

interface HeaderProps {
  channel: Channel;
  configuration: Configuration | undefined;
  dirty: boolean;
  canWrite: boolean;
  actions: ReturnType<typeof useConfigurationActions>;
}

export function ConfigurationHeader({
  channel,
  configuration,
  dirty,
  canWrite,
  actions,
}: HeaderProps) {
  const [asking, setAsking] = useState<'deactivate' | 'delete' | null>(null);
  const title = configuration?.name ?? NEW_TITLES[channel];
  const status = configuration?.status;
  return (
    <Stack gap="xs">
      <Breadcrumbs>
        <Anchor component={Link} to="/channels/configurations" size="sm">
          Channel configurations
        </Anchor>
        <Text size="sm">{configuration?.name ?? 'New'}</Text>
      </Breadcrumbs>
      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <div>
          <Group gap="sm">
            <Title order={2}>{title}</Title>
            <Badge variant="light" color={CHANNEL_COLORS[channel]}>
              {CHANNEL_LABELS[channel]}
            </Badge>
            {status && <StatusBadge status={status} />}
            {configuration && dirty && canWrite && (
              <Badge variant="outline" color="yellow">
                Unsaved changes
              </Badge>
            )}
          </Group>
          {configuration && (
            <Text size="sm" c="dimmed" mt={4}>
              Version {configuration.version} · updated {formatDateTime(configuration.updatedAt)}
              {configuration.activatedAt &&
                ` · activated ${formatDateTime(configuration.activatedAt)}`}
            </Text>
          )}
        </div>
        {canWrite && (
          <Group gap="sm" wrap="nowrap">
            {status === 'draft' && (
              <Button
                variant="subtle"
                color="red"
                leftSection={<IconTrash size={16} />}
                onClick={() => setAsking('delete')}
                disabled={actions.busy}
              >
                Delete
              </Button>
            )}
            {status === 'active' && (
              <Button
                variant="default"
                leftSection={<IconPlayerPause size={16} />}
                onClick={() => setAsking('deactivate')}
                disabled={actions.busy}
              >
                Deactivate
              </Button>
            )}
            {(status === undefined || dirty) && (
              <Button
                variant={status === 'draft' || status === 'deactivated' ? 'default' : 'filled'}
                leftSection={<IconDeviceFloppy size={16} />}
                onClick={actions.save}
                loading={actions.saving}
                disabled={actions.busy && !actions.saving}
              >
                {configuration ? 'Save' : 'Create draft'}
              </Button>
            )}
            {(status === 'draft' || status === 'deactivated') && (
              <Button
                leftSection={<IconBolt size={16} />}
                onClick={actions.activate}
                loading={actions.activating}
                disabled={actions.busy && !actions.activating}
              >
                {dirty ? 'Save and activate' : 'Activate'}
              </Button>
            )}
          </Group>
        )}
      </Group>

      <ConfirmModal
        opened={asking === 'deactivate'}
        title={`Deactivate ${title}?`}
        confirmLabel="Deactivate"
        danger
        loading={actions.deactivating}
        onClose={() => setAsking(null)}
        onConfirm={() => {
          setAsking(null);
          actions.deactivate();
        }}
      >
        <Text size="sm">
          New sends cannot use a deactivated configuration. A configuration that a live campaign
          uses cannot be deactivated. You can activate it again later.
        </Text>
      </ConfirmModal>
      <ConfirmModal
        opened={asking === 'delete'}
        title={`Delete ${title}?`}
        confirmLabel="Delete"
        danger
        loading={actions.deleting}
        onClose={() => setAsking(null)}
        onConfirm={() => {
          setAsking(null);
          actions.remove();
        }}
      >
        <Text size="sm">
          The draft and its stored credentials are deleted for good. Only drafts can be deleted.
        </Text>
      </ConfirmModal>
    </Stack>
  );
}
