// Starting an import of profiles or dataset rows (POST /imports, then PUT the file).
import { createImport, sendImportFile, type Import, type ImportCreate } from '../api/imports.ts';
import { useFileImport } from './useFileImport.ts';

export function useStartImport() {
  return useFileImport<{ file: File; body: ImportCreate }, Import>({
    create: ({ body }) => createImport(body),
    importOf: (created) => created,
    send: (created, { file, body }) => sendImportFile(created.id, file, body.format),
    refreshes: [['profiles'], ['datasets'], ['dataset'], ['dataset-rows']],
    createFailure: 'Could not start the import',
  });
}
