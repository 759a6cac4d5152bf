// Uploaded audiences: create one (with the import its file goes to), send a file, start a new
// file, and read the members with the columns of their line. Progress is read at /imports/{id}.
import { Type, type Static } from '@sinclair/typebox';
import {
  Audience as AudienceSchema,
  type AudienceFileCreate,
  type AudienceUploadCreate,
} from '../../../src/audiences/model.ts';
import { Import } from '../../../src/profiles/imports/model.ts';
import { audiencePath, typed } from './audiences.ts';
import { apiRequest, apiSendFile } from './client.ts';

export type { AudienceUploadCreate } from '../../../src/audiences/model.ts';
export { AudienceUploadCreate as AudienceUploadCreateSchema } from '../../../src/audiences/model.ts';

const Created = Type.Object({ audience: AudienceSchema, import: Import });
const UploadMember = Type.Object({
  profileId: Type.String(),
  line: Type.Integer(),
  attributes: Type.Record(Type.String(), Type.String()),
});
export type UploadMember = Static<typeof UploadMember>;
const MemberPage = Type.Object({
  items: Type.Array(UploadMember),
  nextCursor: Type.Union([Type.String(), Type.Null()]),
});

export async function createUploadAudience(body: AudienceUploadCreate) {
  const created = await apiRequest('/audiences/uploads', {
    method: 'POST',
    body,
    schema: Created,
  });
  return { audience: typed(created.audience), import: created.import };
}

/** A new file for an uploaded audience; its members replace the current ones once it loads. */
export function startAudienceFile(audienceId: string, body: AudienceFileCreate) {
  return apiRequest(`${audiencePath(audienceId)}/files`, { method: 'POST', body, schema: Import });
}

/** Sends the CSV; the answer comes only once the file has been loaded. */
export function sendAudienceFile(audienceId: string, importId: string, file: File) {
  const path = `${audiencePath(audienceId)}/files/${encodeURIComponent(importId)}`;
  return apiSendFile(path, file, 'text/csv', Import);
}

export function listUploadMembers(audienceId: string, cursor: string | undefined) {
  return apiRequest(`${audiencePath(audienceId)}/members`, {
    query: { limit: 50, cursor },
    schema: MemberPage,
  });
}
