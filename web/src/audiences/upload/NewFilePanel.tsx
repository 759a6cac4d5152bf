// A new file for an uploaded audience: read the same way (namespace and identity column), its
// members replace the current ones once the whole file has loaded.
import { Button, Code, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { IconUpload } from '@tabler/icons-react';
import { useState } from 'react';
import type { UploadAudience } from '../../api/audiences.ts';
import { ImportProgress, useImport } from '../../imports/ImportProgress.tsx';
import { isFinished } from '../../imports/ImportStatusBadge.tsx';
import { identityColumnProblem, useCsvHeader } from './csvHeaderCheck.ts';
import { UploadFileFields } from './UploadFileFields.tsx';
import { useNewAudienceFile } from './useAudienceUploads.ts';

export function NewFilePanel({
  audience,
  onClose,
}: {
  audience: UploadAudience;
  onClose: () => void;
}) {
  const { identityColumn } = audience.upload;
  const [file, setFile] = useState<File | null>(null);
  const [createProfiles, setCreateProfiles] = useState(audience.upload.createProfiles);
  const [tried, setTried] = useState(false);
  const { start, startedImport, sendError } = useNewAudienceFile(audience.id);
  const running = useImport(startedImport?.id);
  const done = (running.data ? isFinished(running.data.status) : false) || sendError !== null;
  const csv = useCsvHeader(file);
  const fileError =
    csv.error ??
    (csv.header && identityColumnProblem(csv.header, identityColumn)) ??
    (tried && !file ? 'Choose a CSV file' : null);
  const ready = file !== null && csv.header !== null && fileError === null;

  const begin = () => {
    setTried(true);
    if (ready)
      start.mutate({
        file,
        body: { fileName: file.name, bytesTotal: file.size, createProfiles },
      });
  };

  return (
    <Paper withBorder radius="md" p="lg" component="section" aria-labelledby="new-file-title">
      <Title order={3} size="h4" mb={4} id="new-file-title">
        Upload a new file
      </Title>
      <Text size="sm" c="dimmed" mb="md">
        Each line's identity is read from the column <Code>{identityColumn}</Code>, as before. The
        current members stay until the new file has loaded completely; then its members replace
        them.
      </Text>
      {!startedImport ? (
        <Stack gap="md">
          <UploadFileFields
            file={file}
            header={csv.header}
            identityColumn={identityColumn}
            fileError={fileError}
            createProfiles={createProfiles}
            disabled={start.isPending}
            onFile={setFile}
            onCreateProfiles={setCreateProfiles}
          />
          <Group>
            <Button
              leftSection={<IconUpload size={16} />}
              loading={start.isPending || csv.reading}
              onClick={begin}
            >
              Upload and replace members
            </Button>
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
          </Group>
        </Stack>
      ) : (
        <Stack gap="md">
          <ImportProgress id={startedImport.id} sendError={sendError} withResultLink={false} />
          {done && (
            <Group>
              <Button variant="default" onClick={onClose}>
                Close
              </Button>
            </Group>
          )}
        </Stack>
      )}
    </Paper>
  );
}
