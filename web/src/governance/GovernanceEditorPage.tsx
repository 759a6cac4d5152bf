// Create or change one governance object: its form, problems at their fields (checked here with
// the server's schema, then by the server), save, activate, deactivate and delete.
import { Alert, Anchor, Breadcrumbs, Button, Group, Stack, Text, Title } from '@mantine/core';
import { IconBolt, IconDeviceFloppy, IconPlayerPause, IconTrash } from '@tabler/icons-react';
import { Value } from '@sinclair/typebox/value';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type ComponentType } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { messageOf } from '../api/client.ts';
import type { FieldErrors } from '../api/forms.ts';
import { useSession } from '../auth/session.ts';
import { ConfirmModal } from '../ui/ConfirmModal.tsx';
import { formatDateTime } from '../ui/format.ts';
import { notifyFailure, notifySuccess } from '../ui/notify.ts';
import { QueryState } from '../ui/QueryState.tsx';
import { formErrors, serverFieldErrors, withoutField } from './fieldErrors.ts';
import { GovernanceStatusBadge } from './GovernanceStatusBadge.tsx';
import { itemKey, listKey, type GovernanceItem, type GovernanceKind } from './kind.ts';

export interface GovernanceFormProps<Input> {
  value: Input;
  onChange: (next: Input, path: string) => void;
  errors: FieldErrors;
  readOnly: boolean;
}

interface EditorProps<Item extends GovernanceItem, Input> {
  kind: GovernanceKind<Item, Input>;
  Form: ComponentType<GovernanceFormProps<Input>>;
}

export function GovernanceEditorPage<Item extends GovernanceItem, Input>(
  props: EditorProps<Item, Input>,
) {
  const id = useParams().id;
  const { sandbox } = useSession();
  const item = useQuery({
    queryKey: itemKey(props.kind.key, sandbox, id ?? 'new'),
    queryFn: () => props.kind.api.get(id ?? ''),
    enabled: id !== undefined,
  });
  if (id === undefined) return <Editor {...props} item={undefined} />;
  if (item.isPending || item.isError)
    return <QueryState query={item} label={`Loading the ${props.kind.noun}`} />;
  return <Editor key={`${id}-${item.data.updatedAt}`} {...props} item={item.data} />;
}

function Editor<Item extends GovernanceItem, Input>({
  kind,
  Form,
  item,
}: EditorProps<Item, Input> & { item: Item | undefined }) {
  const { can, sandbox } = useSession();
  const canWrite = can('governance.write');
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [value, setValue] = useState<Input>(() => (item ? kind.inputOf(item) : kind.starter()));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [general, setGeneral] = useState<string | null>(null);
  const [asking, setAsking] = useState<'deactivate' | 'delete' | null>(null);
  const dirty = item === undefined || !Value.Equal(kind.inputOf(item), value);

  const stored = async (saved: Item) => {
    queryClient.setQueryData(itemKey(kind.key, sandbox, saved.id), saved);
    await queryClient.invalidateQueries({ queryKey: listKey(kind.key, sandbox) });
  };
  const failed = (error: unknown) => {
    const fields = serverFieldErrors(error);
    setErrors(fields);
    setGeneral(Object.keys(fields).length > 0 ? null : messageOf(error));
  };
  /** The value to send, or null when it has problems (now shown at their fields). */
  const checked = (): Input | null => {
    const found = formErrors(kind.schema, value);
    setErrors(found);
    setGeneral(null);
    return Object.keys(found).length === 0 ? value : null;
  };

  const save = useMutation({
    mutationFn: (body: Input) => (item ? kind.api.update(item.id, body) : kind.api.create(body)),
    onSuccess: async (saved) => {
      await stored(saved);
      notifySuccess(item ? `${saved.name} was saved.` : `${saved.name} was created as a draft.`);
      if (!item) void navigate(`${kind.path}/${saved.id}`, { replace: true });
    },
    onError: failed,
  });
  const setStatus = useMutation({
    mutationFn: async (action: 'activate' | 'deactivate') => {
      if (!item) throw new Error('Save the draft first.');
      if (action === 'activate' && dirty) await stored(await kind.api.update(item.id, value));
      return kind.api.setStatus(item.id, action);
    },
    onSuccess: async (saved, action) => {
      await stored(saved);
      notifySuccess(
        action === 'activate'
          ? `${saved.name} is active.`
          : `${saved.name} is inactive; it no longer applies.`,
      );
    },
    onError: (error, action) =>
      action === 'activate' ? failed(error) : notifyFailure(`Could not deactivate`, error),
  });
  const remove = useMutation({
    mutationFn: (target: Item) => kind.api.remove(target.id),
    onSuccess: async (_nothing, target) => {
      queryClient.removeQueries({ queryKey: itemKey(kind.key, sandbox, target.id) });
      await queryClient.invalidateQueries({ queryKey: listKey(kind.key, sandbox) });
      notifySuccess(`${target.name} was deleted.`);
      void navigate(kind.path);
    },
    onError: (error) => notifyFailure(`Could not delete the ${kind.noun}`, error),
  });
  const busy = save.isPending || setStatus.isPending || remove.isPending;
  const status = item?.status;
  const title = item?.name ?? `New ${kind.noun}`;

  return (
    <Stack gap="lg" maw={1000}>
      <Stack gap="xs">
        <Breadcrumbs>
          <Anchor component={Link} to={kind.path} size="sm">
            {kind.title}
          </Anchor>
          <Text size="sm">{item?.name ?? 'New'}</Text>
        </Breadcrumbs>
        <Group justify="space-between" align="flex-start" wrap="nowrap">
          <div>
            <Group gap="sm">
              <Title order={2}>{title}</Title>
              {status && <GovernanceStatusBadge status={status} />}
              {item && dirty && canWrite && (
                <Text size="sm" c="yellow.8">
                  Unsaved changes
                </Text>
              )}
            </Group>
            <Text size="sm" c="dimmed" mt={4}>
              {item
                ? `Updated ${formatDateTime(item.updatedAt)} by ${item.updatedBy}`
                : kind.activeMeaning}
            </Text>
          </div>
          {canWrite && (
            <Group gap="sm" wrap="nowrap">
              {item && status !== 'active' && (
                <Button
                  variant="subtle"
                  color="red"
                  leftSection={<IconTrash size={16} />}
                  onClick={() => setAsking('delete')}
                  disabled={busy}
                >
                  Delete
                </Button>
              )}
              {status === 'active' && (
                <Button
                  variant="default"
                  leftSection={<IconPlayerPause size={16} />}
                  onClick={() => setAsking('deactivate')}
                  disabled={busy}
                >
                  Deactivate
                </Button>
              )}
              {dirty && (
                <Button
                  variant={item && status !== 'active' ? 'default' : 'filled'}
                  leftSection={<IconDeviceFloppy size={16} />}
                  loading={save.isPending}
                  disabled={busy && !save.isPending}
                  onClick={() => {
                    const body = checked();
                    if (body !== null) save.mutate(body);
                  }}
                >
                  {item ? 'Save' : 'Create draft'}
                </Button>
              )}
              {item && status !== 'active' && (
                <Button
                  leftSection={<IconBolt size={16} />}
                  loading={setStatus.isPending}
                  disabled={busy && !setStatus.isPending}
                  onClick={() => {
                    if (checked() !== null) setStatus.mutate('activate');
                  }}
                >
                  {dirty ? 'Save and activate' : 'Activate'}
                </Button>
              )}
            </Group>
          )}
        </Group>
      </Stack>
      {general && (
        <Alert color="red" role="alert" title="That did not work">
          {general}
        </Alert>
      )}
      {Object.keys(errors).length > 0 && !general && (
        <Alert color="red" role="alert" title="Some fields need attention">
          {Object.keys(errors).length === 1
            ? 'One field below is marked.'
            : `${Object.keys(errors).length} fields below are marked.`}
        </Alert>
      )}
      <Form
        value={value}
        readOnly={!canWrite}
        errors={errors}
        onChange={(next, path) => {
          setValue(next);
          setErrors((current) => withoutField(current, path));
        }}
      />

      <ConfirmModal
        opened={asking === 'deactivate'}
        title={`Deactivate ${title}?`}
        confirmLabel="Deactivate"
        danger
        loading={setStatus.isPending}
        onClose={() => setAsking(null)}
        onConfirm={() => {
          setAsking(null);
          setStatus.mutate('deactivate');
        }}
      >
        <Text size="sm">
          {`An inactive ${kind.noun} no longer applies. You can activate it again later.`}
        </Text>
      </ConfirmModal>
      <ConfirmModal
        opened={asking === 'delete'}
        title={`Delete ${title}?`}
        confirmLabel="Delete"
        danger
        loading={remove.isPending}
        onClose={() => setAsking(null)}
        onConfirm={() => {
          setAsking(null);
          if (item) remove.mutate(item);
        }}
      >
        <Text size="sm">{`The ${kind.noun} is deleted for good.`}</Text>
      </ConfirmModal>
    </Stack>
  );
}
