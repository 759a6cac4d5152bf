// Names a new orchestrated campaign; it is created as an empty draft and opened on its canvas.
import { Button, Group, Modal, Stack, TextInput, Textarea } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { serverErrors } from '../api/forms.ts';
import { useSession } from '../auth/session.ts';
import { campaignPage, createCampaign, listKey } from './api.ts';

export function NewCampaignModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { sandbox } = useSession();
  const client = useQueryClient();
  const navigate = useNavigate();
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const create = useMutation({
    mutationFn: () =>
      createCampaign({
        name: name.trim(),
        ...(description.trim() && { description: description.trim() }),
      }),
    onSuccess: (campaign) => {
      void client.invalidateQueries({ queryKey: listKey(sandbox) });
      void navigate(campaignPage(campaign.id));
    },
  });
  const errors = create.error ? serverErrors(create.error, ['/name', '/description']) : null;
  return (
    <Modal opened={opened} onClose={onClose} title="New orchestrated campaign" centered>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (name.trim()) create.mutate();
        }}
      >
        <Stack>
          <TextInput
            label="Name"
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            error={errors?.fields['/name'] ?? errors?.general}
            required
            data-autofocus
          />
          <Textarea
            label="Description"
            value={description}
            onChange={(e) => setDescription(e.currentTarget.value)}
            error={errors?.fields['/description']}
            autosize
            minRows={2}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={create.isPending} disabled={!name.trim()}>
              Create and open the canvas
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
