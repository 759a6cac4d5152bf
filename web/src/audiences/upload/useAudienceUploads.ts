// Sending an uploaded audience's file: the first one (with the audience it creates) or a new one
// that replaces the members once it has loaded. Progress is the import's, as for any import.
import {
  sendAudienceFile,
  startAudienceFile,
  createUploadAudience,
} from '../../api/audienceUploads.ts';
import type { AudienceFileCreate, AudienceUploadCreate } from '../../../../src/audiences/model.ts';
import type { Import } from '../../api/imports.ts';
import { useFileImport } from '../../imports/useFileImport.ts';
import { serverErrors } from '../../api/forms.ts';

/** Fields of the upload form the server's messages can be shown on. */
export const UPLOAD_FIELDS = ['/name', '/description', '/namespace', '/identityColumn'];

/** The audience's version changes when a file completes: every keyed query follows it. */
const REFRESHES = [['audiences'], ['audience'], ['profiles']];

export function useUploadAudience() {
  return useFileImport<
    { file: File; body: AudienceUploadCreate },
    Awaited<ReturnType<typeof createUploadAudience>>
  >({
    create: ({ body }) => createUploadAudience(body),
    importOf: (created) => created.import,
    send: (created, { file }) => sendAudienceFile(created.audience.id, created.import.id, file),
    refreshes: REFRESHES,
    createFailure: 'The audience was not created',
    explainCreateError: (error) =>
      serverErrors(error, UPLOAD_FIELDS).general === null
        ? new Error('See the fields marked in red.')
        : error,
  });
}

export function useNewAudienceFile(audienceId: string) {
  return useFileImport<{ file: File; body: AudienceFileCreate }, Import>({
    create: ({ body }) => startAudienceFile(audienceId, body),
    importOf: (created) => created,
    send: (created, { file }) => sendAudienceFile(audienceId, created.id, file),
    refreshes: REFRESHES,
    createFailure: 'The new file was not started',
  });
}
