import {
  Alert,
  Anchor,
  Breadcrumbs,
  Button,
  Group,
  Paper,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { ApiError } from '../../api/client.ts';
import { createDataset, listDatasets } from '../../api/datasets.ts';
import type { FieldErrors } from '../../api/forms.ts';
import { useSession } from '../../auth/session.ts';
import { useNamespaces } from '../../profiles/ProfileFilterBar.tsx';
import { notifySuccess } from '../../ui/notify.ts';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { ColumnEditor } from './ColumnEditor.tsx';
import { definitionOfDraft, draftErrors, emptyDraft, type DatasetDraft } from './draft.ts';
import { LinkEditor } from './LinkEditor.tsx';

/** A dataset name derived from a title: lower-case letters, digits and underscores. */
function nameFrom(title: string): string {
  const slug = title
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^[^a-z]+|_+$/g, '');
  return slug.slice(0, 40);
}

const sentence = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

export function DefineDatasetPage() {
  const { sandbox } = useSession();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const namespaces = useNamespaces();
  const datasets = useQuery({ queryKey: ['datasets', sandbox], queryFn: listDatasets });
  const [draft, setDraft] = useState<DatasetDraft>(emptyDraft);
  const [nameEdited, setNameEdited] = useState(false);
  const [submitted, setSubmitted] = useState(false);
  const [serverFields, setServerFields] = useState<FieldErrors>({});
  const create = useMutation({
    mutationFn: createDataset,
    onSuccess: async (created) => {
      await queryClient.invalidateQueries({ queryKey: ['datasets'] });
      notifySuccess(`The dataset "${created.title}" was defined; its table is ready for rows.`);
      void navigate(`/admin/datasets/${created.name}`);
    },
    onError: (error) => {
      const fields: FieldErrors = {};
      if (error instanceof ApiError)
        for (const detail of error.fieldErrors) fields[detail.path] ??= sentence(detail.message);
      setServerFields(fields);
    },
  });

  const definition = definitionOfDraft(draft);
  const context = {
    namespaces: (namespaces.data?.items ?? []).map((n) => n.code),
    datasets: datasets.data?.items ?? [],
  };
  const local = draftErrors(definition, context);
  const errors: FieldErrors = submitted ? { ...serverFields, ...local } : serverFields;
  const change = (next: Partial<DatasetDraft>) => {
    setDraft((current) => ({ ...current, ...next }));
    setServerFields({});
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    if (Object.keys(local).length === 0) create.mutate(definition);
  };
  const shown = new Set(['/name', '/title', '/description', '/columns', '/primaryKey', '/link']);
  const unplaced = Object.keys(errors).filter(
    (path) => ![...shown].some((p) => path === p || path.startsWith(`${p}/`)),
  );
  const general =
    create.isError && (Object.keys(serverFields).length === 0 || unplaced.length > 0)
      ? create.error.message
      : null;

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="lg" maw={1100}>
        <div>
          <Breadcrumbs mb="md">
            <Anchor component={Link} to="/admin/datasets" size="sm">
              Datasets
            </Anchor>
            <Text size="sm">Define dataset</Text>
          </Breadcrumbs>
          <PageHeader
            title="Define dataset"
            description="A dataset is a table of your own (orders, stores, products…) with typed columns and a primary key; it can link to profiles or to another dataset."
          />
        </div>
        {general && (
          <Alert color="red" role="alert" title="The dataset was not defined">
            {general}
          </Alert>
        )}
        <Paper withBorder radius="md" p="lg">
          <Stack gap="sm" maw={640}>
            <TextInput
              label="Title"
              placeholder="e.g. Orders"
              value={draft.title}
              onChange={(event) => {
                const title = event.currentTarget.value;
                change(nameEdited ? { title } : { title, name: nameFrom(title) });
              }}
              error={errors['/title']}
              required
            />
            <TextInput
              label="Name"
              description="Used in the API and in imports: lower-case letters, digits and underscores. It cannot change later."
              value={draft.name}
              onChange={(event) => {
                setNameEdited(true);
                change({ name: event.currentTarget.value });
              }}
              error={errors['/name']}
              required
              styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
            />
            <Textarea
              label="Description"
              value={draft.description}
              onChange={(event) => change({ description: event.currentTarget.value })}
              error={errors['/description']}
              autosize
              minRows={2}
            />
          </Stack>
        </Paper>
        <Paper withBorder radius="md" p="lg">
          <Title order={3} size="h4" mb="sm">
            Columns
          </Title>
          <ColumnEditor
            columns={draft.columns}
            primaryKey={draft.primaryKey}
            errors={errors}
            onColumns={(columns) => change({ columns })}
            onPrimaryKey={(primaryKey) => change({ primaryKey })}
          />
        </Paper>
        <Paper withBorder radius="md" p="lg">
          <Title order={3} size="h4">
            Link
          </Title>
          <Text size="sm" c="dimmed" mb="sm">
            Optional. It says which profile (or which row of another dataset) each row belongs to. A
            link can be added later but not changed once set.
          </Text>
          <LinkEditor
            link={draft.link}
            columns={draft.columns}
            namespaces={namespaces.data?.items ?? []}
            datasets={datasets.data?.items ?? []}
            errors={errors}
            onChange={(link) => change({ link })}
          />
        </Paper>
        <Group>
          <Button type="submit" loading={create.isPending}>
            Define dataset
          </Button>
          <Button variant="default" component={Link} to="/admin/datasets">
            Cancel
          </Button>
          {submitted && Object.keys(local).length > 0 && (
            <Text size="sm" c="red">
              Fix the fields marked in red first.
            </Text>
          )}
        </Group>
      </Stack>
    </form>
  );
}
