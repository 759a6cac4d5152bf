import { Alert, Button, Group, Modal, Stack, Text } from '@mantine/core';
import { IconInfoCircle } from '@tabler/icons-react';
import { CopyField } from '../../ui/CopyField.tsx';

/** A one-time set-password link, shown once right after it was issued. */
export function InvitationLinkModal({
  link,
  email,
  onClose,
}: {
  link: string | null;
  email: string;
  onClose: () => void;
}) {
  return (
    <Modal
      opened={link !== null}
      onClose={onClose}
      title={<Text fw={600}>New set-password link</Text>}
      size="lg"
    >
      {link && (
        <Stack>
          <Alert color="yellow" icon={<IconInfoCircle />}>
            Send this link to {email}. It works once and expires in 7 days; earlier links stop
            working. It is shown only now.
          </Alert>
          <CopyField label="Set-password link" value={link} />
          <Group justify="flex-end">
            <Button onClick={onClose}>Done</Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}
