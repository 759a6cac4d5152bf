// The file part of an upload: a CSV, which of its columns become what, and whether identities
// no profile has yet get a new profile.
import { Code, Group, Stack, Switch, Text } from '@mantine/core';
import { FileField, FileSummary } from '../../imports/FileField.tsx';
import { CSV_ACCEPT, keptColumns } from './csvHeaderCheck.ts';

export function UploadFileFields({
  file,
  header,
  identityColumn,
  fileError,
  createProfiles,
  disabled,
  onFile,
  onCreateProfiles,
}: {
  file: File | null;
  /** The file's header line once read and usable. */
  header: string[] | null;
  identityColumn: string;
  fileError: string | null;
  createProfiles: boolean;
  disabled: boolean;
  onFile: (file: File | null) => void;
  onCreateProfiles: (create: boolean) => void;
}) {
  const kept = header && header.includes(identityColumn) ? keptColumns(header, identityColumn) : [];
  return (
    <Stack gap="sm">
      <FileField
        file={file}
        description="CSV with a header line; one member per line"
        accept={CSV_ACCEPT}
        disabled={disabled}
        error={fileError}
        onFile={onFile}
        width={640}
      />
      <FileSummary file={file} />
      {header && header.includes(identityColumn) && (
        <Group gap={6} aria-label="Columns of the file" role="note">
          <Text size="sm">
            Identity from <Code>{identityColumn}</Code>;{' '}
            {kept.length === 0 ? 'no other column is kept.' : 'kept for each member:'}
          </Text>
          {kept.map((column) => (
            <Code key={column}>audience.{column}</Code>
          ))}
        </Group>
      )}
      <Switch
        label="Create profiles for unknown identities"
        description="Otherwise a line whose identity no profile has is rejected."
        checked={createProfiles}
        disabled={disabled}
        onChange={(event) => onCreateProfiles(event.currentTarget.checked)}
      />
    </Stack>
  );
}
