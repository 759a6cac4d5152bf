// Uploaded audiences: creating one, starting a file for it (an import of kind `audience`), and
// reading its members with their upload columns.
import { sql } from 'kysely';
import { recordAudit } from '../../platform/audit.ts';
import { AppError } from '../../platform/errors.ts';
import { knownNamespaces } from '../../profiles/namespaces.ts';
import { toImport, type StoredImport } from '../../profiles/imports/store.ts';
import { asUploadState, type AudiencesCall, type AudiencesDb } from '../db.ts';
import type { AudienceFileCreate, AudienceUploadCreate, UploadState } from '../model.ts';
import { HEARTBEAT_TIMEOUT_MS } from '../../profiles/imports/store.ts';
import { assertNameFree, getAudienceRow, lockAudiences, toAudience } from '../store.ts';

/** What an audience import reads from its row: the settings of that one file. */
export interface UploadOptions {
  namespace: string;
  identityColumn: string;
  createProfiles: boolean;
}

export function uploadOptionsOf(row: StoredImport): UploadOptions {
  const options = row.options as Partial<UploadOptions> | null;
  if (!options?.namespace || !options.identityColumn || !row.audience_id)
    throw new Error(`import ${row.id} is not an audience upload`);
  return {
    namespace: options.namespace,
    identityColumn: options.identityColumn,
    createProfiles: options.createProfiles === true,
  };
}

async function insertUploadImport(
  call: AudiencesCall,
  tx: AudiencesDb,
  audienceId: string,
  options: UploadOptions,
  file: { fileName?: string | undefined; bytesTotal?: number | undefined },
) {
  const now = call.clock.now();
  const row = await tx
    .insertInto('imports')
    .values({
      sandbox_id: call.sandboxId,
      kind: 'audience',
      audience_id: audienceId,
      dataset_name: null,
      format: 'csv',
      file_name: file.fileName ?? '',
      mapping: '{}',
      options: JSON.stringify(options),
      status: 'waiting',
      bytes_total: file.bytesTotal ?? null,
      error: null,
      created_by: call.actor.label,
      created_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await recordAudit(tx, {
    sandboxId: call.sandboxId,
    actor: call.actor,
    action: 'audience.upload',
    entityType: 'audience',
    entityId: audienceId,
    after: { importId: row.id, fileName: row.file_name, ...options },
    requestId: call.requestId,
    at: now,
  });
  return toImport(row, now);
}

/** Creates an uploaded audience (no members yet) and the import its file is sent to. */
export async function createUploadAudience(call: AudiencesCall, input: AudienceUploadCreate) {
  const namespaces = await knownNamespaces(call.db, call.sandboxId);
  if (!namespaces.has(input.namespace))
    throw new AppError(
      'NAMESPACE_UNKNOWN',
      `"${input.namespace}" is not a namespace of this sandbox.`,
      [{ path: '/namespace', message: 'is not a namespace of this sandbox' }],
    );
  const options: UploadOptions = {
    namespace: input.namespace,
    identityColumn: input.identityColumn ?? input.namespace,
    createProfiles: input.createProfiles ?? false,
  };
  return call.db.transaction().execute(async (tx) => {
    await lockAudiences(tx, call.sandboxId);
    const id = crypto.randomUUID();
    await assertNameFree(tx, call.sandboxId, input.name, id);
    const now = call.clock.now();
    const state: UploadState = {
      ...options,
      attributeColumns: [],
      importId: null,
      members: 0,
      fileName: '',
      uploadedAt: null,
    };
    const row = await tx
      .insertInto('audiences')
      .values({
        sandbox_id: call.sandboxId,
        id,
        name: input.name,
        description: input.description ?? '',
        kind: 'upload',
        definition: JSON.stringify(state),
        version: 1,
        created_by: call.actor.label,
        created_at: now,
        updated_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    const audience = toAudience(row);
    await recordAudit(tx, {
      sandboxId: call.sandboxId,
      actor: call.actor,
      action: 'audience.create',
      entityType: 'audience',
      entityId: id,
      after: audience,
      requestId: call.requestId,
      at: now,
    });
    const fileImport = await insertUploadImport(call, tx, id, options, input);
    return { audience, import: fileImport };
  });
}

/** Starts a new file for an uploaded audience; its members replace the current ones on success. */
export async function startAudienceFile(
  call: AudiencesCall,
  audienceId: string,
  input: AudienceFileCreate,
) {
  return call.db.transaction().execute(async (tx) => {
    await lockAudiences(tx, call.sandboxId);
    const row = await getAudienceRow(tx, call.sandboxId, audienceId);
    if (row.kind !== 'upload')
      throw new AppError('AUDIENCE_KIND_MISMATCH', 'Only an uploaded audience takes a file.');
    const state = asUploadState(row.definition);
    const running = await tx
      .selectFrom('imports')
      .select('id')
      .where('sandbox_id', '=', call.sandboxId)
      .where('audience_id', '=', audienceId)
      .where('status', '=', 'running')
      .where('heartbeat_at', '>', new Date(call.clock.now().getTime() - HEARTBEAT_TIMEOUT_MS))
      .executeTakeFirst();
    if (running)
      throw new AppError('AUDIENCE_UPLOAD_RUNNING', `Import ${running.id} is still loading.`);
    return insertUploadImport(
      call,
      tx,
      audienceId,
      {
        namespace: state.namespace,
        identityColumn: state.identityColumn,
        createProfiles: input.createProfiles ?? state.createProfiles,
      },
      input,
    );
  });
}

/** Members of an uploaded audience with their upload columns, in file order, page by page. */
export async function listUploadMembers(
  db: AudiencesDb,
  sandboxId: string,
  audienceId: string,
  query: { limit: number; cursor?: string | undefined },
) {
  const row = await getAudienceRow(db, sandboxId, audienceId);
  if (row.kind !== 'upload')
    throw new AppError('AUDIENCE_KIND_MISMATCH', 'Only an uploaded audience has upload members.');
  const state = asUploadState(row.definition);
  if (!state.importId) return { items: [], nextCursor: null };
  const after = query.cursor === undefined ? -1 : Number(query.cursor);
  const rows = await db
    .selectFrom('audience_members as m')
    .select(['m.profile_id', 'm.line', 'm.attributes'])
    // The member's identity in the upload's namespace, as people know them.
    .select((eb) =>
      eb
        .selectFrom('profile_identities as i')
        .select(sql<string>`min(i.value)`.as('value'))
        .whereRef('i.sandbox_id', '=', 'm.sandbox_id')
        .whereRef('i.profile_id', '=', 'm.profile_id')
        .where('i.namespace', '=', state.namespace)
        .as('identity'),
    )
    .where('m.sandbox_id', '=', sandboxId)
    .where('m.audience_id', '=', audienceId)
    .where('m.import_id', '=', state.importId)
    .where(sql<boolean>`m.line > ${Number.isFinite(after) ? after : -1}`)
    .orderBy('m.line')
    .limit(query.limit + 1)
    .execute();
  const page = rows.slice(0, query.limit);
  return {
    items: page.map((r) => ({
      profileId: r.profile_id,
      identity: r.identity ?? null,
      line: Number(r.line),
      attributes: r.attributes as Record<string, string>,
    })),
    nextCursor: rows.length > query.limit ? String(page.at(-1)?.line) : null,
  };
}
