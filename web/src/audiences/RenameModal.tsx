// Renaming an audience or changing its description, whatever its kind (PATCH /audiences/{id}).
import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { renameAudience, type Audience } from '../api/audiences.ts';
import { serverErrors } from '../api/forms.ts';
import { useSession } from '../auth/session.ts';
import { notifySuccess } from '../ui/notify.ts';
import { NameFields } from './NameFields.tsx';

export function RenameModal({
  audience,
  opened,
  onClose,
}: {
  audience: Audience;
  opened: boolean;
  onClose: () => void;
}) {
  return (
    <Modal opened={opened} onClose={onClose} title={<Text fw={600}>Rename the audience</Text>}>
      {/* Mounted afresh on every opening, with the audience as it is then. */}
      {opened && <RenameForm audience={audience} onClose={onClose} />}
    </Modal>
  );
}

function RenameForm({ audience, onClose }: { audience: Audience; onClose: () => void }) {
  const { sandbox } = useSession();
  const queryClient = useQueryClient();
  const [name, setName] = useState(audience.name);
  const [description, setDescription] = useState(audience.description);
  const save = useMutation({
    mutationFn: () =>
      renameAudience(audience.id, { name: name.trim(), description: description.trim() }),
    onSuccess: async (saved) => {
      queryClient.setQueryData(['audience', sandbox, saved.id], saved);
      await queryClient.invalidateQueries({ queryKey: ['audiences'], refetchType: 'all' });
      notifySuccess(`The audience is now called "${saved.name}".`);
      onClose();
    },
  });
  const problems = save.isError ? serverErrors(save.error, ['/name', '/description']) : null;
  const errors = { ...problems?.fields };
  if (!name.trim()) errors['/name'] = 'Give the audience a name';
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (name.trim()) save.mutate();
  };
  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <NameFields
          name={name}
          description={description}
          errors={errors}
          onName={(next) => {
            setName(next);
            save.reset();
          }}
          onDescription={setDescription}
        />
        {problems?.general && (
          <Text size="sm" c="red" role="alert">
            {problems.general}
          </Text>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={save.isPending}>
            Save
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
