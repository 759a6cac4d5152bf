// The file of a Load file activity: a CSV dropped on the zone or picked with the button is
// checked for size here (the server refuses more than 50 MB anyway, after streaming it), then
// uploaded to /orchestrated-files; the activity keeps the id the server gives it.
import { Button, FileButton, Group, Loader, Paper, Stack, Text } from '@mantine/core';
import { IconFileUpload } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type DragEvent } from 'react';
import { messageOf } from '../../api/client.ts';
import { useSession } from '../../auth/session.ts';
import { formatBytes } from '../../imports/csvHeader.ts';
import { getOrchestratedFile, uploadOrchestratedFile, type OrchestratedFile } from '../api.ts';

/** The server's limit (MAX_FILE_BYTES in src/orchestration/files/store.ts). */
export const MAX_UPLOAD_BYTES = 50 * 1024 * 1024;

/** The activity's file as the server describes it (name, size, lines, header); kept once read. */
export function useUploadedFile(id: string | null): OrchestratedFile | undefined {
  const { sandbox } = useSession();
  const file = useQuery({
    queryKey: ['orchestrated', sandbox, 'file', id],
    queryFn: () => getOrchestratedFile(id ?? ''),
    enabled: id !== null,
    staleTime: Infinity,
    retry: false,
  });
  return file.data;
}

function tooLarge(file: File): string | null {
  return file.size > MAX_UPLOAD_BYTES
    ? `"${file.name}" is ${formatBytes(file.size)}: a Load file takes at most 50 MB. Split the file or drop columns you do not need.`
    : null;
}

export function FileDrop({
  fileId,
  onUploaded,
  error,
}: {
  fileId: string | null;
  onUploaded: (file: OrchestratedFile) => void;
  error?: string | undefined;
}) {
  const { me, sandbox } = useSession();
  const queryClient = useQueryClient();
  const [over, setOver] = useState(false);
  const [refusal, setRefusal] = useState<string | null>(null);
  const upload = useMutation({
    mutationFn: (file: File) => uploadOrchestratedFile(file, me.csrfToken),
    onSuccess: (file) => {
      queryClient.setQueryData(['orchestrated', sandbox, 'file', file.id], file);
      onUploaded(file);
    },
  });
  const take = (file: File | null | undefined) => {
    if (!file) return;
    const problem = tooLarge(file);
    setRefusal(problem);
    if (!problem) upload.mutate(file);
  };
  const onDrop = (event: DragEvent<HTMLElement>) => {
    event.preventDefault();
    setOver(false);
    // A read-only panel disables its fieldset, which stops the button but not a drop.
    if (event.currentTarget.closest('fieldset')?.disabled) return;
    take(event.dataTransfer.files[0]);
  };
  const current = useUploadedFile(fileId);
  const message = refusal ?? (upload.isError ? messageOf(upload.error) : null) ?? error;
  return (
    <Stack gap={4}>
      <Text size="sm" fw={500}>
        File
      </Text>
      <Paper
        withBorder
        p="sm"
        radius="md"
        role="region"
        aria-label="CSV file"
        onDragOver={(event: DragEvent) => {
          event.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={onDrop}
        style={{
          borderStyle: 'dashed',
          borderColor: message
            ? 'var(--mantine-color-red-6)'
            : over
              ? 'var(--mantine-color-blue-6)'
              : undefined,
          background: over ? 'var(--mantine-color-blue-0)' : undefined,
        }}
      >
        <Group gap="sm" wrap="nowrap" align="center">
          {upload.isPending ? <Loader size="sm" /> : <IconFileUpload size={28} stroke={1.4} />}
          <Stack gap={2} style={{ flex: 1, minWidth: 0 }}>
            {upload.isPending ? (
              <Text size="sm">Uploading {upload.variables.name}…</Text>
            ) : current ? (
              <>
                <Text size="sm" fw={500} truncate="end" data-testid="uploaded-file">
                  {current.name}
                </Text>
                <Text size="xs" c="dimmed">
                  {formatBytes(current.sizeBytes)} · {current.lineCount.toLocaleString('en')}{' '}
                  {current.lineCount === 1 ? 'line' : 'lines'} · {current.headers.length} columns
                </Text>
              </>
            ) : fileId ? (
              <Text size="sm">A file is uploaded. Drop another one to replace it.</Text>
            ) : (
              <Text size="sm">Drop a CSV file here (header line first, up to 50 MB)</Text>
            )}
          </Stack>
          <FileButton onChange={take} accept=".csv,text/csv,text/plain">
            {(props) => (
              <Button {...props} variant="light" size="xs" disabled={upload.isPending}>
                {fileId ? 'Replace' : 'Choose a file'}
              </Button>
            )}
          </FileButton>
        </Group>
      </Paper>
      {message && (
        <Text size="xs" c="red" role="alert">
          {message}
        </Text>
      )}
    </Stack>
  );
}
