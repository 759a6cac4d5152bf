import { Badge } from '@mantine/core';
import type { ImportStatus } from '../api/imports.ts';

const LOOK: Record<ImportStatus, { color: string; label: string }> = {
  waiting: { color: 'gray', label: 'Waiting for the file' },
  running: { color: 'blue', label: 'Running' },
  completed: { color: 'green', label: 'Completed' },
  failed: { color: 'red', label: 'Failed' },
  interrupted: { color: 'orange', label: 'Interrupted' },
};

export function isFinished(status: ImportStatus): boolean {
  return status === 'completed' || status === 'failed' || status === 'interrupted';
}

export function ImportStatusBadge({ status }: { status: ImportStatus }) {
  const look = LOOK[status];
  return (
    <Badge miw="max-content" color={look.color} variant="light">
      {look.label}
    </Badge>
  );
}
