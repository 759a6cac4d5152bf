import { Button, type ButtonProps } from '@mantine/core';
import { IconDownload } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { downloadRejections, type Import } from '../api/imports.ts';
import { saveBlob } from '../ui/download.ts';
import { notifyFailure } from '../ui/notify.ts';

/** Downloads the rejected lines (line, field, reason) of an import as CSV. */
export function RejectionsButton({
  item,
  ...props
}: { item: Import } & Pick<ButtonProps, 'size' | 'variant'>) {
  const download = useMutation({
    mutationFn: () => downloadRejections(item.id),
    onSuccess: ({ blob, fileName }) => saveBlob(blob, fileName ?? `rejected-${item.id}.csv`),
    onError: (error) => notifyFailure('Could not download the rejected rows', error),
  });
  return (
    <Button
      leftSection={<IconDownload size={16} />}
      loading={download.isPending}
      onClick={() => download.mutate()}
      aria-label={`Download rejected rows of ${item.fileName}`}
      {...props}
    >
      Download rejected rows
    </Button>
  );
}
