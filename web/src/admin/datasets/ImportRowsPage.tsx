// Importing rows into a dataset: the same import flow as profiles, without a mapping table —
// the file's header names the columns.
import { Alert, Anchor, Breadcrumbs, Button, Code, Group, Paper, Stack, Text } from '@mantine/core';
import { IconPlayerPlay } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { getDataset, type Dataset } from '../../api/datasets.ts';
import { useSession } from '../../auth/session.ts';
import { formatOfName, readCsvHeader, type FileFormat } from '../../imports/csvHeader.ts';
import { FilePicker } from '../../imports/FilePicker.tsx';
import { ImportProgress } from '../../imports/ImportProgress.tsx';
import { useStartImport } from '../../imports/useStartImport.ts';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { QueryError } from '../../ui/QueryError.tsx';

/** What the server would refuse about this header (unknown columns, required ones missing). */
function headerProblems(dataset: Dataset, header: string[]): string[] {
  const known = new Set(dataset.columns.map((column) => column.name));
  const unknown = header.filter((name) => name !== '' && !known.has(name));
  const present = new Set(header);
  const missing = dataset.columns
    .filter((column) => column.nullable === false && !present.has(column.name))
    .map((column) => column.name);
  const problems: string[] = [];
  if (unknown.length) problems.push(`Columns not in ${dataset.name}: ${unknown.join(', ')}.`);
  if (missing.length) problems.push(`Required columns missing: ${missing.join(', ')}.`);
  return problems;
}

export function ImportRowsPage() {
  const name = useParams().name ?? '';
  const { sandbox } = useSession();
  const dataset = useQuery({
    queryKey: ['dataset', sandbox, name],
    queryFn: () => getDataset(name),
  });
  const [file, setFile] = useState<File | null>(null);
  const [format, setFormat] = useState<FileFormat>('csv');
  const [header, setHeader] = useState<string[] | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const { start, sendError, reset } = useStartImport();
  const started = start.data;

  const chooseFile = (chosen: File | null) => {
    setFile(chosen);
    setHeader(null);
    setFileError(null);
    if (!chosen) return;
    const chosenFormat = formatOfName(chosen.name);
    setFormat(chosenFormat);
    if (chosenFormat === 'csv')
      readCsvHeader(chosen).then(setHeader, (error: unknown) =>
        setFileError(error instanceof Error ? error.message : 'The file could not be read.'),
      );
  };
  const problems =
    dataset.data && format === 'csv' && header ? headerProblems(dataset.data, header) : [];
  const ready = file !== null && !fileError && (format === 'ndjson' || header !== null);

  return (
    <Stack gap="lg" maw={1100}>
      <div>
        <Breadcrumbs mb="md">
          <Anchor component={Link} to="/admin/datasets" size="sm">
            Datasets
          </Anchor>
          <Anchor component={Link} to={`/admin/datasets/${name}`} size="sm">
            {name}
          </Anchor>
          <Text size="sm">Import rows</Text>
        </Breadcrumbs>
        <PageHeader
          title={`Import rows into ${name}`}
          description="Rows are matched by the primary key: new keys are added, known ones replaced. Bad lines are set aside with a reason; the others still go in."
        />
      </div>
      {dataset.isError && (
        <QueryError error={dataset.error} onRetry={() => void dataset.refetch()} />
      )}
      {dataset.data && (
        <Text size="sm">
          The CSV header names the columns:{' '}
          <Code>{dataset.data.columns.map((column) => column.name).join(',')}</Code>. NDJSON lines
          are objects with those keys.
        </Text>
      )}
      <Paper withBorder radius="md" p="lg">
        <FilePicker
          file={file}
          format={format}
          disabled={started !== undefined || start.isPending}
          error={fileError}
          onFile={chooseFile}
          onFormat={setFormat}
        />
      </Paper>
      {problems.map((problem) => (
        <Alert key={problem} color="orange">
          {problem} Every line would be rejected.
        </Alert>
      ))}
      {started ? (
        <>
          <ImportProgress id={started.id} sendError={sendError} />
          <Group>
            <Button
              variant="default"
              onClick={() => {
                reset();
                chooseFile(null);
              }}
            >
              Import another file
            </Button>
          </Group>
        </>
      ) : (
        <Group>
          <Button
            leftSection={<IconPlayerPlay size={16} />}
            disabled={!ready || problems.length > 0}
            loading={start.isPending}
            onClick={() =>
              file &&
              start.mutate({
                file,
                body: {
                  kind: 'dataset',
                  dataset: name,
                  format,
                  fileName: file.name,
                  bytesTotal: file.size,
                },
              })
            }
          >
            Start import
          </Button>
        </Group>
      )}
    </Stack>
  );
}
