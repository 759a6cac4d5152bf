// Upload a CSV as an audience: name it, say which identity namespace and column the file holds,
// choose the file; then follow the upload and read its result (rejected lines to download).
import {
  Alert,
  Anchor,
  Breadcrumbs,
  Button,
  Group,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { IconUpload } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import {
  AudienceUploadCreateSchema,
  type AudienceUploadCreate,
} from '../../api/audienceUploads.ts';
import { schemaErrors, serverErrors, type FieldErrors } from '../../api/forms.ts';
import { ImportProgress, useImport } from '../../imports/ImportProgress.tsx';
import { isFinished } from '../../imports/ImportStatusBadge.tsx';
import { useNamespaces } from '../../profiles/ProfileFilterBar.tsx';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { QueryError } from '../../ui/QueryError.tsx';
import { NameFields } from '../NameFields.tsx';
import { identityColumnProblem, useCsvHeader } from './csvHeaderCheck.ts';
import { UploadFileFields } from './UploadFileFields.tsx';
import { UPLOAD_FIELDS, useUploadAudience } from './useAudienceUploads.ts';

export function UploadAudiencePage() {
  const namespaces = useNamespaces();
  const known = namespaces.data?.items ?? [];
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [chosenNamespace, setNamespace] = useState<string | null>(null);
  const [identityColumn, setIdentityColumn] = useState('');
  const [createProfiles, setCreateProfiles] = useState(false);
  const [file, setFile] = useState<File | null>(null);
  const [showProblems, setShowProblems] = useState(false);
  const { start, startedImport, sendError, reset } = useUploadAudience();
  const running = useImport(startedImport?.id);
  const finished = running.data ? isFinished(running.data.status) : false;
  const done = finished || sendError !== null;
  const audienceId = start.data?.audience.id;
  const csv = useCsvHeader(file);

  // Email when the sandbox has it, else its first namespace, until one is chosen.
  const namespace =
    chosenNamespace ?? known.find((n) => n.code === 'email')?.code ?? known[0]?.code ?? null;
  const column = identityColumn.trim() || (namespace ?? '');
  const body: AudienceUploadCreate = {
    name: name.trim(),
    namespace: namespace ?? '',
    createProfiles,
    ...(description.trim() && { description: description.trim() }),
    ...(identityColumn.trim() && { identityColumn: identityColumn.trim() }),
    ...(file && { fileName: file.name, bytesTotal: file.size }),
  };

  const required: FieldErrors = showProblems ? schemaErrors(AudienceUploadCreateSchema, body) : {};
  if (showProblems && !body.name) required['/name'] = 'Give the audience a name';
  if (showProblems && !namespace) required['/namespace'] = 'Choose a namespace';
  if (showProblems && !file) required['/file'] = 'Choose a CSV file';
  const fromFile: FieldErrors = {};
  if (csv.error) fromFile['/file'] = csv.error;
  const missingColumn = csv.header && identityColumnProblem(csv.header, column);
  if (missingColumn) fromFile['/identityColumn'] = missingColumn;
  const server = start.isError ? serverErrors(start.error, UPLOAD_FIELDS) : null;
  const errors: FieldErrors = { ...required, ...fromFile, ...server?.fields };
  const ready =
    file !== null &&
    csv.header !== null &&
    Object.keys({ ...schemaErrors(AudienceUploadCreateSchema, body), ...fromFile }).length === 0;

  /** A change to the form clears what the server said about the last try. */
  const edited =
    <T,>(set: (value: T) => void) =>
    (value: T) => {
      set(value);
      if (start.isError) reset();
    };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setShowProblems(true);
    if (ready && file) start.mutate({ file, body });
  };

  return (
    <Stack gap="lg" maw={1000}>
      <div>
        <Breadcrumbs mb="md">
          <Anchor component={Link} to="/audiences" size="sm">
            Audiences
          </Anchor>
          <Text size="sm">Upload a CSV</Text>
        </Breadcrumbs>
        <PageHeader
          title="Upload a CSV audience"
          description="Each line of the file names one member by an identity (an email address, a phone number, a CRM id…). The other columns are kept with the member and can be used in messages as audience.<column>."
        />
      </div>
      {namespaces.isError && (
        <QueryError error={namespaces.error} onRetry={() => void namespaces.refetch()} />
      )}
      {!startedImport && (
        <form onSubmit={submit} noValidate>
          <Stack gap="lg">
            {server?.general && (
              <Alert color="red" role="alert" title="The audience was not created">
                {server.general}
              </Alert>
            )}
            <Paper withBorder radius="md" p="lg">
              <NameFields
                name={name}
                description={description}
                errors={errors}
                onName={edited(setName)}
                onDescription={edited(setDescription)}
              />
            </Paper>
            <Paper withBorder radius="md" p="lg" component="section" aria-label="File">
              <Stack gap="md">
                <SimpleGrid cols={{ base: 1, sm: 2 }} maw={640}>
                  <Select
                    label="Identity namespace"
                    description="What kind of identity the file holds"
                    data={known.map((n) => ({ value: n.code, label: `${n.title} (${n.code})` }))}
                    value={namespace}
                    onChange={edited(setNamespace)}
                    error={errors['/namespace']}
                    allowDeselect={false}
                    disabled={namespaces.isPending}
                    searchable
                    required
                    comboboxProps={{ withinPortal: true }}
                  />
                  <TextInput
                    label="Identity column"
                    description="The header of the column holding it"
                    placeholder={namespace ?? ''}
                    value={identityColumn}
                    onChange={(event) => edited(setIdentityColumn)(event.currentTarget.value)}
                    error={errors['/identityColumn']}
                    styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
                  />
                </SimpleGrid>
                <UploadFileFields
                  file={file}
                  header={csv.header}
                  identityColumn={column}
                  fileError={errors['/file'] ?? null}
                  createProfiles={createProfiles}
                  disabled={start.isPending}
                  onFile={edited(setFile)}
                  onCreateProfiles={edited(setCreateProfiles)}
                />
              </Stack>
            </Paper>
            <Group>
              <Button
                type="submit"
                leftSection={<IconUpload size={16} />}
                loading={start.isPending || csv.reading}
              >
                Upload
              </Button>
              <Button variant="default" component={Link} to="/audiences">
                Cancel
              </Button>
              {showProblems && !ready && (
                <Text size="sm" c="red">
                  Fix the fields marked in red first.
                </Text>
              )}
            </Group>
          </Stack>
        </form>
      )}
      {startedImport && (
        <>
          <Text size="sm">
            The audience <b>{body.name}</b> was created.
            {!done && ' Its members are being read from the file.'}
          </Text>
          <ImportProgress id={startedImport.id} sendError={sendError} />
          {!done && audienceId && (
            <Text size="sm" c="dimmed">
              You can open other pages of the console meanwhile (keep this browser tab open until
              the file is sent);{' '}
              <Anchor component={Link} to={`/audiences/${audienceId}`} size="sm">
                the audience's page
              </Anchor>{' '}
              shows how far it got.
            </Text>
          )}
          {sendError !== null && !finished && audienceId && (
            <Anchor component={Link} to={`/audiences/${audienceId}`} size="sm">
              Open the audience
            </Anchor>
          )}
        </>
      )}
    </Stack>
  );
}
