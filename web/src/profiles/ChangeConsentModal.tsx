import { Button, Group, Modal, SegmentedControl, Stack, Text, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { changeConsent, type Channel, type ConsentStatus, type Profile } from '../api/profiles.ts';
import { useSession } from '../auth/session.ts';
import { notifyFailure, notifySuccess } from '../ui/notify.ts';
import { CHANNEL_TITLES } from './ConsentBadge.tsx';

const STATUS_OPTIONS: { value: ConsentStatus; label: string }[] = [
  { value: 'y', label: 'Opted in' },
  { value: 'n', label: 'Opted out' },
  { value: 'unknown', label: 'Unknown' },
];

function statusOf(value: string): ConsentStatus {
  return STATUS_OPTIONS.find((option) => option.value === value)?.value ?? 'unknown';
}

/** Sets one channel's consent; the change is recorded in the consent history with its source. */
export function ChangeConsentModal({
  profile,
  channel,
  onClose,
}: {
  profile: Profile;
  channel: Channel | null;
  onClose: () => void;
}) {
  const { sandbox } = useSession();
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<ConsentStatus | null>(null);
  const [source, setSource] = useState('console');
  const current = channel ? profile.consent[channel].status : 'unknown';
  const chosen = status ?? current;
  const save = useMutation({
    mutationFn: (next: { channel: Channel; status: ConsentStatus; source: string }) =>
      changeConsent(profile.id, next),
    onSuccess: async (saved, next) => {
      queryClient.setQueryData(['profile', sandbox, saved.id], saved);
      await queryClient.invalidateQueries({ queryKey: ['consent-history', sandbox, saved.id] });
      await queryClient.invalidateQueries({ queryKey: ['profiles'] });
      notifySuccess(`${CHANNEL_TITLES[next.channel]} consent was saved.`);
      close();
    },
    onError: (error) => notifyFailure('Could not change the consent', error),
  });
  const close = () => {
    setStatus(null);
    setSource('console');
    onClose();
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (channel) save.mutate({ channel, status: chosen, source: source.trim() || 'console' });
  };

  return (
    <Modal
      opened={channel !== null}
      onClose={close}
      title={<Text fw={600}>Change {channel ? CHANNEL_TITLES[channel] : ''} consent</Text>}
      centered
    >
      <form onSubmit={submit}>
        <Stack>
          <SegmentedControl
            aria-label="Consent status"
            data={STATUS_OPTIONS}
            value={chosen}
            onChange={(value) => setStatus(statusOf(value))}
            fullWidth
          />
          <TextInput
            label="Source"
            description="Where the person gave or withdrew consent, e.g. “support call”. Kept in the history."
            value={source}
            maxLength={100}
            onChange={(event) => setSource(event.currentTarget.value)}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" loading={save.isPending} disabled={chosen === current}>
              Save consent
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
