// Running an import from the browser: create it, then send the file without waiting for the
// answer (it comes only when the import has finished); progress is followed meanwhile by polling
// the import (useImport). Profile, dataset and audience imports differ only in the two calls.
import { useMutation, useQueryClient, type QueryKey } from '@tanstack/react-query';
import { useState } from 'react';
import type { Import } from '../api/imports.ts';
import { useSession } from '../auth/session.ts';
import { notifyFailure } from '../ui/notify.ts';

export const importKey = (sandbox: string, id: string) => ['import', sandbox, id] as const;

export interface FileImportCalls<Input extends { file: File }, Created> {
  create: (input: Input) => Promise<Created>;
  /** The import the creation answered with (alone, or beside what it belongs to). */
  importOf: (created: Created) => Import;
  send: (created: Created, input: Input) => Promise<Import>;
  /** Queries to refresh once the file has been loaded (or has failed). */
  refreshes: readonly QueryKey[];
  /** Title of the notification when creating fails. */
  createFailure: string;
  /** What that notification says, when the form already shows the error in place. */
  explainCreateError?: (error: unknown) => unknown;
}

export function useFileImport<Input extends { file: File }, Created>(
  calls: FileImportCalls<Input, Created>,
) {
  const { sandbox } = useSession();
  const queryClient = useQueryClient();
  const [sendError, setSendError] = useState<unknown>(null);

  const settle = async (item: Import | null, id: string) => {
    if (item) queryClient.setQueryData(importKey(sandbox, id), item);
    else await queryClient.invalidateQueries({ queryKey: importKey(sandbox, id) });
    for (const queryKey of [['imports'], ...calls.refreshes])
      await queryClient.invalidateQueries({ queryKey });
  };

  const start = useMutation({
    mutationFn: (input: Input) => calls.create(input),
    onSuccess: (created, input) => {
      const item = calls.importOf(created);
      setSendError(null);
      queryClient.setQueryData(importKey(sandbox, item.id), item);
      void queryClient.invalidateQueries({ queryKey: ['imports'] });
      void calls.send(created, input).then(
        (finished) => settle(finished, item.id),
        (error: unknown) => {
          setSendError(error);
          notifyFailure(`Sending ${input.file.name} failed`, error);
          return settle(null, item.id);
        },
      );
    },
    onError: (error) =>
      notifyFailure(calls.createFailure, calls.explainCreateError?.(error) ?? error),
  });

  const reset = () => {
    start.reset();
    setSendError(null);
  };
  const startedImport = start.data === undefined ? undefined : calls.importOf(start.data);
  return { start, startedImport, sendError, reset };
}
