import { Alert, Button, Group, Modal, Select, Stack, Text, TextInput } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { ApiKeyCreate } from '../../../../src/platform/model.ts';
import { isRole, type Role } from '../../../../src/platform/permissions.ts';
import { createApiKey } from '../../api/admin.ts';
import { clearField, schemaErrors, serverErrors, type FieldErrors } from '../../api/forms.ts';
import { useSession } from '../../auth/session.ts';
import { CopyField } from '../../ui/CopyField.tsx';
import { notifySuccess } from '../../ui/notify.ts';
import { ROLE_OPTIONS } from '../roles.ts';

const FIELDS = ['/name', '/role'];

export function CreateApiKeyModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { me } = useSession();
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role | null>(null);
  const [fields, setFields] = useState<FieldErrors>({});
  const create = useMutation({
    mutationFn: createApiKey,
    onSuccess: async (created) => {
      await queryClient.invalidateQueries({ queryKey: ['api-keys'] });
      notifySuccess(`The key "${created.key.name}" was created.`);
    },
    onError: (error) => setFields(serverErrors(error, FIELDS).fields),
  });

  const close = () => {
    setName('');
    setRole(null);
    setFields({});
    create.reset();
    onClose();
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const body = { name: name.trim(), role };
    const problems = schemaErrors(ApiKeyCreate, body);
    setFields(problems);
    if (Object.keys(problems).length === 0 && role) create.mutate({ name: body.name, role });
  };

  const created = create.data;
  const general = create.isError ? serverErrors(create.error, FIELDS).general : null;
  return (
    <Modal
      opened={opened}
      onClose={close}
      title={<Text fw={600}>{created ? 'API key created' : 'Create API key'}</Text>}
      size="lg"
    >
      {created ? (
        <Stack>
          <Alert color="orange" icon={<IconAlertTriangle />} title="Copy the secret now">
            This is the only time the secret is shown. Clarion keeps only a digest of it; if it is
            lost, revoke the key and create a new one.
          </Alert>
          <Text size="sm">
            Client id <code>{created.key.clientId}</code> · sandbox{' '}
            <code>{created.key.sandbox}</code>
          </Text>
          <CopyField label="Secret" value={created.secret} />
          <Group justify="flex-end">
            <Button onClick={close}>I have copied the secret</Button>
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
            <Text size="sm" c="dimmed">
              The key works only in the sandbox {me.sandbox.title} ({me.sandbox.name}).
            </Text>
            <TextInput
              label="Name"
              description="Which system uses it, e.g. “Checkout service”."
              value={name}
              onChange={(event) => {
                setName(event.currentTarget.value);
                setFields((current) => clearField(current, '/name'));
              }}
              error={fields['/name']}
              required
              data-autofocus
            />
            <Select
              label="Role"
              description="What the key may do. Choose the least role that works."
              placeholder="Choose a role"
              data={ROLE_OPTIONS}
              value={role}
              onChange={(value) => {
                setRole(value !== null && isRole(value) ? value : null);
                setFields((current) => clearField(current, '/role'));
              }}
              error={fields['/role']}
              required
              comboboxProps={{ withinPortal: true }}
            />
            <Group justify="flex-end" mt="sm">
              <Button variant="default" onClick={close}>
                Cancel
              </Button>
              <Button type="submit" loading={create.isPending}>
                Create key
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
