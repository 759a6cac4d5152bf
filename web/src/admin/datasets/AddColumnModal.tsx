import { Alert, Button, Group, Modal, Select, Stack, Text, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { ApiError } from '../../api/client.ts';
import {
  COLUMN_TYPES,
  definitionOf,
  redefineDataset,
  type ColumnType,
  type Dataset,
} from '../../api/datasets.ts';
import { useSession } from '../../auth/session.ts';
import { notifySuccess } from '../../ui/notify.ts';
import { TYPE_TITLES } from './ColumnEditor.tsx';
import { draftErrors } from './draft.ts';

/** Adds one nullable column through PUT /datasets/:name; anything else would be refused. */
export function AddColumnModal({
  dataset,
  opened,
  onClose,
}: {
  dataset: Dataset;
  opened: boolean;
  onClose: () => void;
}) {
  const { sandbox } = useSession();
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [type, setType] = useState<ColumnType>('string');
  const [nameError, setNameError] = useState<string | null>(null);
  const index = dataset.columns.length;
  const save = useMutation({
    mutationFn: (column: { name: string; type: ColumnType }) => {
      const current = definitionOf(dataset);
      return redefineDataset(dataset.name, {
        ...current,
        columns: [...current.columns, { ...column, nullable: true }],
      });
    },
    onSuccess: async (saved) => {
      queryClient.setQueryData(['dataset', sandbox, saved.name], saved);
      await queryClient.invalidateQueries({ queryKey: ['datasets'] });
      await queryClient.invalidateQueries({ queryKey: ['dataset-rows', sandbox, saved.name] });
      notifySuccess(`The column "${name.trim()}" was added; existing rows have it empty.`);
      close();
    },
    onError: (error) => {
      const own =
        error instanceof ApiError
          ? error.fieldErrors.find((f) => f.path === `/columns/${index}/name`)
          : undefined;
      setNameError(own ? own.message : null);
    },
  });
  const close = () => {
    setName('');
    setType('string');
    setNameError(null);
    save.reset();
    onClose();
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const column = { name: name.trim(), type };
    const definition = definitionOf(dataset);
    const problems = draftErrors(
      { ...definition, columns: [...definition.columns, { ...column, nullable: true }] },
      { namespaces: [], datasets: [] },
    );
    const problem = problems[`/columns/${index}/name`];
    setNameError(problem ?? null);
    if (!problem) save.mutate(column);
  };
  const refused = save.isError && !nameError ? save.error.message : null;

  return (
    <Modal opened={opened} onClose={close} title={<Text fw={600}>Add column</Text>} centered>
      <form onSubmit={submit} noValidate>
        <Stack>
          {refused && (
            <Alert color="red" role="alert" title="The column was not added">
              {refused}
            </Alert>
          )}
          <Text size="sm" c="dimmed">
            New columns may be empty: the rows already in {dataset.name} have no value for them.
            Columns cannot be removed or retyped later.
          </Text>
          <TextInput
            label="Name"
            placeholder="e.g. coupon_code"
            value={name}
            onChange={(event) => {
              setName(event.currentTarget.value);
              setNameError(null);
            }}
            error={nameError}
            required
            data-autofocus
          />
          <Select
            label="Type"
            data={COLUMN_TYPES.map((t) => ({ value: t, label: TYPE_TITLES[t] }))}
            value={type}
            allowDeselect={false}
            onChange={(value) => setType(COLUMN_TYPES.find((t) => t === value) ?? 'string')}
            comboboxProps={{ withinPortal: true }}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" loading={save.isPending}>
              Add column
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
