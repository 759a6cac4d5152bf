import {
  Alert,
  Anchor,
  Breadcrumbs,
  Button,
  Code,
  Group,
  Paper,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { IconPlayerPlay } from '@tabler/icons-react';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { useNamespaces } from '../profiles/ProfileFilterBar.tsx';
import { PageHeader } from '../ui/PageHeader.tsx';
import { QueryError } from '../ui/QueryError.tsx';
import { formatOfName, readCsvHeader, type FileFormat } from './csvHeader.ts';
import { FilePicker } from './FilePicker.tsx';
import { ImportProgress, useImport } from './ImportProgress.tsx';
import { isFinished } from './ImportStatusBadge.tsx';
import { defaultRow, mappingOf, mappingProblems, type MappingRow } from './mapping.ts';
import { MappingTable, rowErrors } from './MappingTable.tsx';
import { useStartImport } from './useStartImport.ts';

export function ImportProfilesPage() {
  const namespaces = useNamespaces();
  const known = namespaces.data?.items ?? [];
  const [file, setFile] = useState<File | null>(null);
  const [format, setFormat] = useState<FileFormat>('csv');
  const [rows, setRows] = useState<MappingRow[] | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const { start, sendError, reset } = useStartImport();
  const started = start.data;
  const running = useImport(started?.id);
  // Finished, or the file never arrived: either way another file may be chosen.
  const done = (running.data ? isFinished(running.data.status) : false) || sendError !== null;

  const chooseFile = (chosen: File | null) => {
    setFile(chosen);
    setRows(null);
    setFileError(null);
    if (!chosen) return;
    const chosenFormat = formatOfName(chosen.name);
    setFormat(chosenFormat);
    if (chosenFormat === 'csv') void readHeader(chosen);
  };
  const readHeader = async (chosen: File) => {
    try {
      const header = await readCsvHeader(chosen);
      if (header.every((name) => name === '')) setFileError('The file has no header line.');
      else setRows(header.map((name) => defaultRow(name, known)));
    } catch (error) {
      setFileError(error instanceof Error ? error.message : 'The file could not be read.');
    }
  };
  const chooseFormat = (next: FileFormat) => {
    setFormat(next);
    if (next === 'csv' && file && !rows) void readHeader(file);
  };
  const restart = () => {
    reset();
    chooseFile(null);
  };

  const errors = rows ? rowErrors(rows) : {};
  const problems = format === 'csv' && rows ? mappingProblems(rows) : [];
  const ready =
    file !== null &&
    !fileError &&
    (format === 'ndjson' || (rows !== null && problems.length === 0)) &&
    Object.keys(errors).length === 0;
  const begin = () => {
    if (!file || !ready) return;
    start.mutate({
      file,
      body: {
        kind: 'profiles',
        format,
        fileName: file.name,
        bytesTotal: file.size,
        ...(format === 'csv' && rows ? { mapping: mappingOf(rows) } : {}),
      },
    });
  };

  return (
    <Stack gap="lg" maw={1200}>
      <div>
        <Breadcrumbs mb="md">
          <Anchor component={Link} to="/profiles" size="sm">
            Profiles
          </Anchor>
          <Text size="sm">Import</Text>
        </Breadcrumbs>
        <PageHeader
          title="Import profiles"
          description="Profiles are matched by their identities: new people are added, known ones updated (attributes merge). Bad lines are set aside with a reason; the others still go in."
          action={
            <Button variant="default" component={Link} to="/profiles/imports">
              All imports
            </Button>
          }
        />
      </div>
      {namespaces.isError && (
        <QueryError error={namespaces.error} onRetry={() => void namespaces.refetch()} />
      )}
      <Paper withBorder radius="md" p="lg">
        <FilePicker
          file={file}
          format={format}
          disabled={started !== undefined || start.isPending || namespaces.isPending}
          error={fileError}
          onFile={chooseFile}
          onFormat={chooseFormat}
        />
      </Paper>
      {file && format === 'ndjson' && !started && (
        <Alert color="blue" title="NDJSON lines use the API's shape">
          Each line is one profile as <Code>POST /profiles</Code> takes it, e.g.{' '}
          <Code>
            {
              '{"identities":[{"namespace":"email","value":"ann@example.com"}],"attributes":{"loyalty":{"tier":"gold"}}}'
            }
          </Code>
        </Alert>
      )}
      {format === 'csv' && rows && !started && (
        <Paper withBorder radius="md" p="lg">
          <Title order={3} size="h4">
            Column mapping
          </Title>
          <Text size="sm" c="dimmed" mb="sm">
            Read from the file's header line. Columns named after an identity namespace, the profile
            fields and consent.email / consent.sms / consent.push are recognised; any other column
            becomes an attribute (dots nest: person.name.firstName).
          </Text>
          <MappingTable
            rows={rows}
            namespaces={known}
            errors={errors}
            onChange={(index, row) =>
              setRows((current) => current?.map((old, i) => (i === index ? row : old)) ?? null)
            }
          />
          {problems.map((problem) => (
            <Alert key={problem} color="orange" mt="sm">
              {problem}
            </Alert>
          ))}
        </Paper>
      )}
      {!started && (
        <Group>
          <Button
            leftSection={<IconPlayerPlay size={16} />}
            disabled={!ready}
            loading={start.isPending}
            onClick={begin}
          >
            Start import
          </Button>
          {!file && (
            <Text size="sm" c="dimmed">
              Choose a file first.
            </Text>
          )}
        </Group>
      )}
      {started && (
        <>
          <ImportProgress id={started.id} sendError={sendError} />
          <Group>
            {done && (
              <Button variant="default" onClick={restart}>
                Import another file
              </Button>
            )}
            {!done && (
              <Text size="sm" c="dimmed">
                You can open other pages of the console meanwhile (keep this browser tab open until
                the file is sent);{' '}
                <Anchor component={Link} to={`/profiles/imports/${started.id}`} size="sm">
                  the import's page
                </Anchor>{' '}
                shows how far it got.
              </Text>
            )}
          </Group>
        </>
      )}
    </Stack>
  );
}
