import { Group, SegmentedControl, Stack, Text } from '@mantine/core';
import type { FileFormat } from './csvHeader.ts';
import { FileField, FileSummary } from './FileField.tsx';

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
        <FileField
          file={file}
          description="CSV with a header line, or NDJSON (one JSON object per line)"
          accept=".csv,.ndjson,.jsonl,.json,.txt,text/csv,application/x-ndjson"
          disabled={disabled}
          error={error}
          onFile={onFile}
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
      <FileSummary file={file} />
    </Stack>
  );
}
