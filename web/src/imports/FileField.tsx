// The file input every import screen uses, and the line naming the chosen file and its size.
import { FileInput, Text } from '@mantine/core';
import { IconFileText } from '@tabler/icons-react';
import { formatBytes } from './csvHeader.ts';

export function FileField({
  file,
  description,
  accept,
  disabled,
  error,
  onFile,
  width = 420,
}: {
  file: File | null;
  description: string;
  /** What the browser's file dialog offers, e.g. ".csv,text/csv". */
  accept: string;
  disabled: boolean;
  error: string | null;
  onFile: (file: File | null) => void;
  width?: number;
}) {
  return (
    <FileInput
      label="File"
      description={description}
      placeholder="Choose a file"
      accept={accept}
      leftSection={<IconFileText size={16} />}
      value={file}
      onChange={onFile}
      error={error}
      disabled={disabled}
      clearable
      w={width}
      maw="100%"
    />
  );
}

export function FileSummary({ file }: { file: File | null }) {
  if (!file) return null;
  return (
    <Text size="sm" c="dimmed">
      {file.name} · {formatBytes(file.size)}
    </Text>
  );
}
