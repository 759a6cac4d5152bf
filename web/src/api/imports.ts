// Imports of profiles and dataset rows: create, send the file, follow progress, rejected lines.
import { Page } from '../../../src/platform/model.ts';
import { Import, type ImportCreate } from '../../../src/profiles/imports/model.ts';
import { apiDownload, apiRequest, apiSendFile } from './client.ts';

export type {
  AttributeType,
  ColumnTarget,
  Import,
  ImportCreate,
  ImportStatus,
} from '../../../src/profiles/imports/model.ts';
export { ColumnTarget as ColumnTargetSchema } from '../../../src/profiles/imports/model.ts';

const ImportPage = Page(Import);
const importPath = (id: string) => `/imports/${encodeURIComponent(id)}`;

export function createImport(body: ImportCreate) {
  return apiRequest('/imports', { method: 'POST', body, schema: Import });
}

/** Sends the file; the answer comes only once the import has finished. */
export function sendImportFile(id: string, file: File, format: 'csv' | 'ndjson') {
  const type = format === 'csv' ? 'text/csv' : 'application/x-ndjson';
  return apiSendFile(`${importPath(id)}/file`, file, type, Import);
}

export function getImport(id: string) {
  return apiRequest(importPath(id), { schema: Import });
}

export function listImports(cursor: string | undefined) {
  return apiRequest('/imports', { query: { limit: 25, cursor }, schema: ImportPage });
}

export function downloadRejections(id: string) {
  return apiDownload(`${importPath(id)}/rejections`, 'text/csv');
}
