import { FileInput, Group, SegmentedControl, Stack, Text } from '@mantine/core';
import { IconFileText } from '@tabler/icons-react';
import { formatBytes, type FileFormat } from './csvHeader.ts';

const FORMATS: { value: FileFormat; label: string }[] = [
  { value: 'csv', label: 'CSV' },
  { value: 'ndjson', label: 'NDJSON' },
];

export function FilePicker({
  file,
  format,
  disabled,
  error,
  onFile,
  onFormat,
}: {
  file: File | null;
  format: FileFormat;
  disabled: boolean;
  error: string | null;
  onFile: (file: File | null) => void;
  onFormat: (format: FileFormat) => void;
}) {
  return (
    <Stack gap="sm">
      <Group align="flex-end" gap="md">
        <FileInput
          label="File"
          description="CSV with a header line, or NDJSON (one JSON object per line)"
          placeholder="Choose a file"
          accept=".csv,.ndjson,.jsonl,.json,.txt,text/csv,application/x-ndjson"
          leftSection={<IconFileText size={16} />}
          value={file}
          onChange={onFile}
          error={error}
          disabled={disabled}
          clearable
          w={420}
        />
        <div>
          <Text size="sm" fw={500} mb={4} id="import-format-label">
            Format
          </Text>
          <SegmentedControl
            aria-labelledby="import-format-label"
            data={FORMATS}
            value={format}
            disabled={disabled}
            onChange={(value) => onFormat(value === 'ndjson' ? 'ndjson' : 'csv')}
          />
        </div>
      </Group>
      {file && (
        <Text size="sm" c="dimmed">
          {file.name} · {formatBytes(file.size)}
        </Text>
      )}
    </Stack>
  );
}
