import {
  Anchor,
  Breadcrumbs,
  Button,
  Center,
  Group,
  Loader,
  Paper,
  Stack,
  Text,
  Title,
  Tooltip,
} from '@mantine/core';
import { IconLink, IconUserCheck, IconUserOff } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { getUser, newInvitationLink, updateUser, type User } from '../../api/admin.ts';
import { useSession } from '../../auth/session.ts';
import { ConfirmModal } from '../../ui/ConfirmModal.tsx';
import { formatDateTime } from '../../ui/format.ts';
import { notifyFailure, notifySuccess } from '../../ui/notify.ts';
import { QueryError } from '../../ui/QueryError.tsx';
import { InvitationLinkModal } from './InvitationLinkModal.tsx';
import { RoleMatrix } from './RoleMatrix.tsx';
import { UserNameForm } from './UserNameForm.tsx';
import { UserStatusBadge } from './UserStatusBadge.tsx';

const rolesKey = (user: User) =>
  user.roles
    .map((a) => `${a.sandbox ?? '*'}:${a.role}`)
    .sort()
    .join(',');

export function UserDetailPage() {
  const id = useParams().id ?? '';
  const { can, me, sandbox } = useSession();
  const queryClient = useQueryClient();
  const user = useQuery({ queryKey: ['user', sandbox, id], queryFn: () => getUser(id) });
  const [confirming, setConfirming] = useState(false);
  const [link, setLink] = useState<string | null>(null);

  const setStatus = useMutation({
    mutationFn: (status: 'active' | 'disabled') => updateUser(id, { status }),
    onSuccess: async (saved) => {
      queryClient.setQueryData(['user', sandbox, saved.id], saved);
      await queryClient.invalidateQueries({ queryKey: ['users'] });
      setConfirming(false);
      notifySuccess(
        saved.status === 'disabled'
          ? `${saved.email} can no longer sign in.`
          : `${saved.email} was enabled.`,
      );
    },
    onError: (error) => {
      setConfirming(false);
      notifyFailure('Could not change the status', error);
    },
  });
  const invite = useMutation({
    mutationFn: () => newInvitationLink(id),
    onSuccess: (issued) => setLink(issued.invitationUrl),
    onError: (error) => notifyFailure('Could not issue a link', error),
  });

  const crumbs = (
    <Breadcrumbs mb="md">
      <Anchor component={Link} to="/admin/users" size="sm">
        Users & roles
      </Anchor>
      <Text size="sm">{user.data?.email ?? 'User'}</Text>
    </Breadcrumbs>
  );
  if (user.isPending) {
    return (
      <>
        {crumbs}
        <Center py="xl">
          <Loader aria-label="Loading user" />
        </Center>
      </>
    );
  }
  if (user.isError) {
    return (
      <>
        {crumbs}
        <QueryError error={user.error} onRetry={() => void user.refetch()} />
      </>
    );
  }

  const data = user.data;
  const canEdit = can('users.manage');
  const disabling = data.status !== 'disabled';
  const isSelf = me.actor.type === 'user' && me.actor.id === data.id;
  return (
    <Stack gap="lg" maw={1100}>
      <div>
        {crumbs}
        <Group justify="space-between" align="flex-start">
          <div>
            <Group gap="sm">
              <Title order={2}>{data.name}</Title>
              <UserStatusBadge status={data.status} />
            </Group>
            <Text c="dimmed" size="sm" mt={4}>
              {data.email} · added {formatDateTime(data.createdAt)} · last sign-in{' '}
              {formatDateTime(data.lastLoginAt).toLowerCase()}
            </Text>
          </div>
          {canEdit && (
            <Group>
              <Button
                variant="default"
                leftSection={<IconLink size={16} />}
                loading={invite.isPending}
                onClick={() => invite.mutate()}
              >
                New set-password link
              </Button>
              <Tooltip
                label="You cannot disable your own account"
                disabled={!(isSelf && disabling)}
              >
                <Button
                  variant="light"
                  color={disabling ? 'red' : 'green'}
                  leftSection={disabling ? <IconUserOff size={16} /> : <IconUserCheck size={16} />}
                  disabled={isSelf && disabling}
                  onClick={() => setConfirming(true)}
                >
                  {disabling ? 'Disable' : 'Enable'}
                </Button>
              </Tooltip>
            </Group>
          )}
        </Group>
      </div>

      <Paper withBorder radius="md" p="lg">
        <Title order={3} size="h4" mb="sm">
          Profile
        </Title>
        <UserNameForm key={`${data.id}:${data.name}`} user={data} canEdit={canEdit} />
      </Paper>

      <Paper withBorder radius="md" p="lg">
        <Title order={3} size="h4">
          Roles
        </Title>
        <Text size="sm" c="dimmed" mb="md">
          Tick what {data.name} may do in each sandbox. Saving replaces all of their roles.
        </Text>
        <RoleMatrix key={`${data.id}:${rolesKey(data)}`} user={data} canEdit={canEdit} />
      </Paper>

      <ConfirmModal
        opened={confirming}
        title={disabling ? `Disable ${data.email}?` : `Enable ${data.email}?`}
        confirmLabel={disabling ? 'Disable' : 'Enable'}
        danger={disabling}
        loading={setStatus.isPending}
        onClose={() => setConfirming(false)}
        onConfirm={() => setStatus.mutate(disabling ? 'disabled' : 'active')}
      >
        <Text size="sm">
          {disabling
            ? 'They are signed out at once and cannot sign in until enabled again. Their roles are kept.'
            : 'They can sign in again with their password (or their invitation link, if they never set one).'}
        </Text>
      </ConfirmModal>
      <InvitationLinkModal link={link} email={data.email} onClose={() => setLink(null)} />
    </Stack>
  );
}
