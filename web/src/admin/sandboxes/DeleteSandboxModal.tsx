import { Alert, Text, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { deleteSandbox, type Sandbox } from '../../api/admin.ts';
import { DEFAULT_SANDBOX } from '../../api/client.ts';
import { useSession } from '../../auth/session.ts';
import { ConfirmModal } from '../../ui/ConfirmModal.tsx';
import { notifyFailure, notifySuccess } from '../../ui/notify.ts';

/** Deleting a sandbox deletes everything in it, so the name must be typed to confirm. */
export function DeleteSandboxModal({
  sandbox,
  onClose,
}: {
  sandbox: Sandbox | null;
  onClose: () => void;
}) {
  const { sandbox: current, switchSandbox } = useSession();
  const queryClient = useQueryClient();
  const [typed, setTyped] = useState('');
  useEffect(() => setTyped(''), [sandbox]);
  const remove = useMutation({
    mutationFn: (name: string) => deleteSandbox(name),
    onSuccess: async (_nothing, name) => {
      if (name === current) switchSandbox(DEFAULT_SANDBOX);
      await queryClient.invalidateQueries({ queryKey: ['sandboxes'] });
      await queryClient.invalidateQueries({ queryKey: ['me'] });
      notifySuccess(`The sandbox ${name} was deleted.`);
      onClose();
    },
    onError: (error) => notifyFailure('Could not delete the sandbox', error),
  });

  return (
    <ConfirmModal
      opened={sandbox !== null}
      title={`Delete the sandbox ${sandbox?.name ?? ''}?`}
      confirmLabel="Delete sandbox"
      danger
      loading={remove.isPending}
      confirmDisabled={typed !== sandbox?.name}
      onClose={onClose}
      onConfirm={() => sandbox && remove.mutate(sandbox.name)}
    >
      <Alert color="red">
        Everything in it — profiles, campaigns, channels, API keys and role assignments — is
        deleted. This cannot be undone.
      </Alert>
      <TextInput
        label={`Type ${sandbox?.name ?? ''} to confirm`}
        value={typed}
        onChange={(event) => setTyped(event.currentTarget.value)}
        autoComplete="off"
        data-autofocus
      />
      <Text size="xs" c="dimmed">
        The prod sandbox cannot be deleted.
      </Text>
    </ConfirmModal>
  );
}
