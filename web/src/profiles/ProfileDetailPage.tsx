import {
  Anchor,
  Badge,
  Breadcrumbs,
  Button,
  Group,
  List,
  Stack,
  Tabs,
  Text,
  Title,
} from '@mantine/core';
import { IconTrash } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { eraseProfile, getProfile, type Profile } from '../api/profiles.ts';
import { useSession } from '../auth/session.ts';
import { ConfirmModal } from '../ui/ConfirmModal.tsx';
import { notifyFailure, notifySuccess } from '../ui/notify.ts';
import { QueryState } from '../ui/QueryState.tsx';
import { ConsentPanel } from './ConsentPanel.tsx';
import { DevicesPanel } from './DevicesPanel.tsx';
import { EventsPanel } from './EventsPanel.tsx';
import { MessagesPanel } from './MessagesPanel.tsx';
import { mainIdentity, personName } from './identity.ts';
import { ProfileOverview } from './ProfileOverview.tsx';

const TABS = [
  { value: 'overview', label: 'Identities & attributes' },
  { value: 'consent', label: 'Consent' },
  { value: 'events', label: 'Events' },
  { value: 'devices', label: 'Push & subscriptions' },
  { value: 'messages', label: 'Messages' },
] as const;
type Tab = (typeof TABS)[number]['value'];

function tabOf(value: string | null): Tab {
  return TABS.find((tab) => tab.value === value)?.value ?? 'overview';
}

export function ProfileDetailPage() {
  const id = useParams().id ?? '';
  const { can, sandbox } = useSession();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [params, setParams] = useSearchParams();
  const tab = tabOf(params.get('tab'));
  const [erasing, setErasing] = useState(false);
  const profile = useQuery({ queryKey: ['profile', sandbox, id], queryFn: () => getProfile(id) });
  const erase = useMutation({
    mutationFn: (target: Profile) => eraseProfile(target.id),
    onSuccess: async (_nothing, target) => {
      setErasing(false);
      queryClient.removeQueries({ queryKey: ['profile', sandbox, target.id] });
      await queryClient.invalidateQueries({ queryKey: ['profiles'] });
      notifySuccess(`The profile ${mainIdentity(target)} was erased.`);
      void navigate('/profiles');
    },
    onError: (error) => {
      setErasing(false);
      notifyFailure('Could not erase the profile', error);
    },
  });

  const title = profile.data ? mainIdentity(profile.data) : 'Profile';
  const crumbs = (
    <Breadcrumbs mb="md">
      <Anchor component={Link} to="/profiles" size="sm">
        Profiles
      </Anchor>
      <Text size="sm">{title}</Text>
    </Breadcrumbs>
  );
  if (profile.isPending || profile.isError) {
    return (
      <>
        {crumbs}
        <QueryState query={profile} label="Loading the profile" />
      </>
    );
  }

  const data = profile.data;
  const name = personName(data);
  return (
    <Stack gap="lg" maw={1200}>
      <div>
        {crumbs}
        <Group justify="space-between" align="flex-start">
          <div>
            <Group gap="sm">
              <Title order={2}>{title}</Title>
              {data.testProfile && (
                <Badge color="grape" variant="light">
                  Test profile
                </Badge>
              )}
            </Group>
            <Text c="dimmed" size="sm" mt={4}>
              {name ? `${name} · ` : ''}
              {data.identities.length} {data.identities.length === 1 ? 'identity' : 'identities'} ·
              id{' '}
              <Text span ff="monospace" size="xs">
                {data.id}
              </Text>
            </Text>
          </div>
          {can('profiles.write') && (
            <Button
              variant="light"
              color="red"
              leftSection={<IconTrash size={16} />}
              onClick={() => setErasing(true)}
            >
              Erase profile
            </Button>
          )}
        </Group>
      </div>

      <Tabs
        value={tab}
        onChange={(value) => setParams(value && value !== 'overview' ? { tab: value } : {})}
        keepMounted={false}
      >
        <Tabs.List mb="md">
          {TABS.map((item) => (
            <Tabs.Tab key={item.value} value={item.value}>
              {item.label}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        <Tabs.Panel value="overview">
          <ProfileOverview key={data.updatedAt} profile={data} />
        </Tabs.Panel>
        <Tabs.Panel value="consent">
          <ConsentPanel profile={data} />
        </Tabs.Panel>
        <Tabs.Panel value="events">
          <EventsPanel profileId={data.id} />
        </Tabs.Panel>
        <Tabs.Panel value="devices">
          <DevicesPanel profileId={data.id} />
        </Tabs.Panel>
        <Tabs.Panel value="messages">
          <MessagesPanel profileId={data.id} />
        </Tabs.Panel>
      </Tabs>

      <ConfirmModal
        opened={erasing}
        title={`Erase ${title}?`}
        confirmLabel="Erase profile"
        danger
        loading={erase.isPending}
        onClose={() => setErasing(false)}
        onConfirm={() => erase.mutate(data)}
      >
        <Text size="sm">This deletes, for good and at once:</Text>
        <List size="sm" spacing={2}>
          <List.Item>the profile with its attributes, time zone and language;</List.Item>
          <List.Item>
            {data.identities.length === 1
              ? 'its identity;'
              : `its ${data.identities.length} identities;`}
          </List.Item>
          <List.Item>its consent and the whole consent history;</List.Item>
          <List.Item>its subscriptions, push tokens and events.</List.Item>
        </List>
        <Text size="sm">
          It cannot be undone. The audit log keeps only the profile id. Rows in datasets that name
          this person are not deleted. If the person comes back in a later import or API call, a new
          profile is created.
        </Text>
      </ConfirmModal>
    </Stack>
  );
}
