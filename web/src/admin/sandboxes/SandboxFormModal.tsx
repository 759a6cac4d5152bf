// Create a sandbox, or edit the title and description of one (its name is fixed).
import { Alert, Button, Group, Modal, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { SandboxCreate, SandboxUpdate } from '../../../../src/platform/model.ts';
import { createSandbox, updateSandbox, type Sandbox } from '../../api/admin.ts';
import { clearField, schemaErrors, serverErrors, type FieldErrors } from '../../api/forms.ts';
import { notifySuccess } from '../../ui/notify.ts';

const FIELDS = ['/name', '/title', '/description'];

export function SandboxFormModal({
  target,
  onClose,
}: {
  target: Sandbox | 'new' | null;
  onClose: () => void;
}) {
  const queryClient = useQueryClient();
  const existing = target !== null && target !== 'new' ? target : null;
  const [name, setName] = useState('');
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [fields, setFields] = useState<FieldErrors>({});

  useEffect(() => {
    setName(existing?.name ?? '');
    setTitle(existing?.title ?? '');
    setDescription(existing?.description ?? '');
    setFields({});
  }, [existing]);

  const save = useMutation({
    mutationFn: async () => {
      if (existing)
        return updateSandbox(existing.name, {
          title: title.trim(),
          description: description.trim(),
        });
      const body = {
        name: name.trim(),
        title: title.trim(),
        ...(description.trim() ? { description: description.trim() } : {}),
      };
      return createSandbox(body);
    },
    onSuccess: async (saved) => {
      await queryClient.invalidateQueries({ queryKey: ['sandboxes'] });
      await queryClient.invalidateQueries({ queryKey: ['me'] });
      notifySuccess(
        existing
          ? `The sandbox ${saved.name} was saved.`
          : `The sandbox ${saved.name} was created.`,
      );
      close();
    },
    onError: (error) => setFields(serverErrors(error, FIELDS).fields),
  });
  const edit = (path: string, setter: (value: string) => void, value: string) => {
    setter(value);
    setFields((current) => clearField(current, path));
  };
  const close = () => {
    save.reset();
    onClose();
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const problems = existing
      ? schemaErrors(SandboxUpdate, { title: title.trim(), description: description.trim() })
      : schemaErrors(SandboxCreate, {
          name: name.trim(),
          title: title.trim(),
          description: description.trim(),
        });
    setFields(problems);
    if (Object.keys(problems).length === 0) save.mutate();
  };

  const general = save.isError ? serverErrors(save.error, FIELDS).general : null;
  return (
    <Modal
      opened={target !== null}
      onClose={close}
      title={<Text fw={600}>{existing ? `Edit ${existing.name}` : 'Create sandbox'}</Text>}
      size="lg"
    >
      <form onSubmit={submit} noValidate>
        <Stack>
          {general && (
            <Alert color="red" role="alert">
              {general}
            </Alert>
          )}
          <TextInput
            label="Name"
            description={
              existing
                ? 'The name cannot change; API clients send it in x-sandbox-name.'
                : 'Lower-case letters, digits and hyphens, starting with a letter; sent by API clients in x-sandbox-name. It cannot change later.'
            }
            value={name}
            onChange={(event) => edit('/name', setName, event.currentTarget.value)}
            error={fields['/name']}
            readOnly={existing !== null}
            required={!existing}
            data-autofocus={existing ? undefined : true}
          />
          <TextInput
            label="Title"
            value={title}
            onChange={(event) => edit('/title', setTitle, event.currentTarget.value)}
            error={fields['/title']}
            required
            data-autofocus={existing ? true : undefined}
          />
          <Textarea
            label="Description"
            value={description}
            onChange={(event) => edit('/description', setDescription, event.currentTarget.value)}
            error={fields['/description']}
            autosize
            minRows={2}
            maxRows={6}
          />
          <Group justify="flex-end" mt="sm">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" loading={save.isPending}>
              {existing ? 'Save' : 'Create sandbox'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
