import { Button, Group, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { UserUpdate } from '../../../../src/platform/model.ts';
import { updateUser, type User } from '../../api/admin.ts';
import { clearField, schemaErrors, serverErrors, type FieldErrors } from '../../api/forms.ts';
import { useSession } from '../../auth/session.ts';
import { notifyFailure, notifySuccess } from '../../ui/notify.ts';

export function UserNameForm({ user, canEdit }: { user: User; canEdit: boolean }) {
  const { sandbox } = useSession();
  const queryClient = useQueryClient();
  const [name, setName] = useState(user.name);
  const [fields, setFields] = useState<FieldErrors>({});
  const rename = useMutation({
    mutationFn: (next: string) => updateUser(user.id, { name: next }),
    onSuccess: async (saved) => {
      queryClient.setQueryData(['user', sandbox, saved.id], saved);
      await queryClient.invalidateQueries({ queryKey: ['users'] });
      notifySuccess('The name was saved.');
    },
    onError: (error) => {
      const { fields: placed, general } = serverErrors(error, ['/name']);
      setFields(placed);
      if (general) notifyFailure('Could not save the name', error);
    },
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const body = { name: name.trim() };
    const problems = schemaErrors(UserUpdate, body);
    setFields(problems);
    if (Object.keys(problems).length === 0) rename.mutate(body.name);
  };

  return (
    <form onSubmit={submit} noValidate>
      <Group align="flex-start">
        <TextInput
          label="Name"
          value={name}
          onChange={(event) => {
            setName(event.currentTarget.value);
            setFields((current) => clearField(current, '/name'));
          }}
          error={fields['/name']}
          readOnly={!canEdit}
          w={320}
        />
        {canEdit && (
          <Button
            type="submit"
            variant="light"
            mt={25}
            loading={rename.isPending}
            disabled={name.trim() === user.name}
          >
            Save name
          </Button>
        )}
      </Group>
    </form>
  );
}
