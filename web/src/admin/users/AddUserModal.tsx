import {
  Alert,
  Button,
  Group,
  Modal,
  PasswordInput,
  SegmentedControl,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { IconInfoCircle } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { UserCreate } from '../../../../src/platform/model.ts';
import { createUser, type RoleAssignment } from '../../api/admin.ts';
import { clearField, schemaErrors, serverErrors, type FieldErrors } from '../../api/forms.ts';
import { useSession } from '../../auth/session.ts';
import { CopyField } from '../../ui/CopyField.tsx';
import { notifySuccess } from '../../ui/notify.ts';
import { RolePicker } from './RolePicker.tsx';

const FIELDS = ['/email', '/name', '/password'];
type Mode = 'invite' | 'password';

export function AddUserModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { me } = useSession();
  const queryClient = useQueryClient();
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [mode, setMode] = useState<Mode>('invite');
  const [password, setPassword] = useState('');
  const [roles, setRoles] = useState<RoleAssignment[]>([]);
  const [fields, setFields] = useState<FieldErrors>({});
  const [invitation, setInvitation] = useState<{ email: string; url: string } | null>(null);

  const reset = () => {
    setEmail('');
    setName('');
    setMode('invite');
    setPassword('');
    setRoles([]);
    setFields({});
    setInvitation(null);
    create.reset();
  };
  const edit = (path: string, setter: (value: string) => void, value: string) => {
    setter(value);
    setFields((current) => clearField(current, path));
  };
  const close = () => {
    reset();
    onClose();
  };

  const create = useMutation({
    mutationFn: createUser,
    onSuccess: async (created) => {
      await queryClient.invalidateQueries({ queryKey: ['users'] });
      notifySuccess(`${created.user.email} was added.`);
      if (created.invitationUrl)
        setInvitation({ email: created.user.email, url: created.invitationUrl });
      else close();
    },
    onError: (error) => setFields(serverErrors(error, FIELDS).fields),
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const body = {
      email: email.trim(),
      name: name.trim(),
      roles,
      ...(mode === 'password' ? { password } : {}),
    };
    const problems = schemaErrors(UserCreate, body);
    setFields(problems);
    if (Object.keys(problems).length === 0) create.mutate(body);
  };

  const general = create.isError ? serverErrors(create.error, FIELDS).general : null;
  return (
    <Modal
      opened={opened}
      onClose={close}
      title={<Text fw={600}>{invitation ? 'Invitation link' : 'Add user'}</Text>}
      size="lg"
    >
      {invitation ? (
        <Stack>
          <Alert color="yellow" icon={<IconInfoCircle />}>
            Send this link to {invitation.email}. It lets them set a password, works once, and
            expires in 7 days. It is shown only now; you can issue a new one from the user's page.
          </Alert>
          <CopyField label="Invitation link" value={invitation.url} />
          <Group justify="flex-end">
            <Button onClick={close}>Done</Button>
          </Group>
        </Stack>
      ) : (
        <form onSubmit={submit} noValidate>
          <Stack>
            {general && (
              <Alert color="red" role="alert">
                {general}
              </Alert>
            )}
            <TextInput
              label="Email"
              type="email"
              value={email}
              onChange={(e) => edit('/email', setEmail, e.currentTarget.value)}
              error={fields['/email']}
              required
              data-autofocus
            />
            <TextInput
              label="Name"
              value={name}
              onChange={(e) => edit('/name', setName, e.currentTarget.value)}
              error={fields['/name']}
              required
            />
            <Stack gap={6}>
              <Text fw={500} size="sm" id="add-user-mode">
                How they get a password
              </Text>
              <SegmentedControl<Mode>
                aria-labelledby="add-user-mode"
                value={mode}
                onChange={setMode}
                data={[
                  { value: 'invite', label: 'Send invitation link' },
                  { value: 'password', label: 'Set a password now' },
                ]}
              />
            </Stack>
            {mode === 'password' ? (
              <PasswordInput
                label="Password"
                description="At least 12 characters. Share it with them safely."
                autoComplete="new-password"
                value={password}
                onChange={(e) => edit('/password', setPassword, e.currentTarget.value)}
                error={fields['/password']}
                required
              />
            ) : (
              <Text size="sm" c="dimmed">
                You will get a one-time link to send them; they choose their own password.
              </Text>
            )}
            <RolePicker sandboxes={me.sandboxes} value={roles} onChange={setRoles} />
            <Group justify="flex-end" mt="sm">
              <Button variant="default" onClick={close}>
                Cancel
              </Button>
              <Button type="submit" loading={create.isPending}>
                Add user
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
