// Members written by another area rather than read from a file (an orchestrated campaign's Save
// audience): an uploaded audience is created, or the one of that name gets new members, from a
// SELECT in the caller's transaction. Like a file, the members land under an import of their
// own (completed at once) and the audience switches to them in the same transaction.
import { CompiledQuery } from 'kysely';
import { escapeIdentifier } from 'pg';
import { recordAudit } from '../../platform/audit.ts';
import { AppError } from '../../platform/errors.ts';
import type { AudiencesCall } from '../db.ts';
import { asUploadState } from '../db.ts';
import type { Audience, UploadState } from '../model.ts';
import { assertNameFree, lockAudiences, toAudience } from '../store.ts';

export interface SavedMembers {
  name: string;
  description?: string | undefined;
  /** Where the members come from, shown as the upload's file name. */
  source: string;
  /** A SELECT of distinct-or-not `profile_id`s and, by the same names, the `columns`. */
  select: string;
  params: unknown[];
  /** Columns of the select kept per member as `audience.<column>` (as text). */
  columns: string[];
}

const COLUMN = /^[A-Za-z][A-Za-z0-9_]{0,59}$/;

/** Creates or refills the uploaded audience named `input.name`; a rule audience of that name is refused. */
export async function saveMembersAsAudience(
  call: AudiencesCall,
  input: SavedMembers,
): Promise<{ audience: Audience; created: boolean }> {
  const db = call.db;
  for (const column of input.columns)
    if (!COLUMN.test(column)) throw new Error(`invalid member column ${column}`);
  await lockAudiences(db, call.sandboxId);
  const now = call.clock.now();
  const existing = await db
    .selectFrom('audiences')
    .selectAll()
    .where('sandbox_id', '=', call.sandboxId)
    .where('name', '=', input.name)
    .executeTakeFirst();
  if (existing && existing.kind !== 'upload')
    throw new AppError(
      'AUDIENCE_KIND_MISMATCH',
      `The audience "${input.name}" is defined by a rule; only an uploaded audience takes saved members.`,
    );
  const audienceId = existing?.id ?? crypto.randomUUID();
  if (!existing) await assertNameFree(db, call.sandboxId, input.name, audienceId);
  const before = existing ? asUploadState(existing.definition) : undefined;
  const options = {
    namespace: before?.namespace ?? 'email',
    identityColumn: before?.identityColumn ?? 'email',
    createProfiles: false,
  };
  if (!existing)
    await db
      .insertInto('audiences')
      .values({
        sandbox_id: call.sandboxId,
        id: audienceId,
        name: input.name,
        description: input.description ?? '',
        kind: 'upload',
        definition: JSON.stringify({}),
        version: 0,
        created_by: call.actor.label,
        created_at: now,
        updated_at: now,
      })
      .execute();
  const upload = await db
    .insertInto('imports')
    .values({
      sandbox_id: call.sandboxId,
      kind: 'audience',
      audience_id: audienceId,
      dataset_name: null,
      format: 'csv',
      file_name: input.source,
      mapping: '{}',
      options: JSON.stringify(options),
      status: 'running',
      bytes_total: null,
      error: null,
      created_by: call.actor.label,
      created_at: now,
      started_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  // Column names are bound as values; the columns themselves are checked names, quoted.
  const base = input.params.length;
  const pairs = input.columns.map(
    (c, i) => `$${base + 4 + i}::text, m.${escapeIdentifier(c)}::text`,
  );
  const attributes = pairs.length ? `jsonb_build_object(${pairs.join(', ')})` : `'{}'::jsonb`;
  const inserted = await db.executeQuery(
    CompiledQuery.raw(
      `INSERT INTO audience_members (sandbox_id, audience_id, import_id, profile_id, line, attributes)
       SELECT $${base + 1}::uuid, $${base + 2}::uuid, $${base + 3}::uuid, m.profile_id,
              row_number() OVER (ORDER BY m.profile_id), ${attributes}
         FROM (SELECT DISTINCT ON (s.profile_id) s.* FROM (${input.select}) s ORDER BY s.profile_id) m
         JOIN profiles p ON p.sandbox_id = $${base + 1}::uuid AND p.id = m.profile_id`,
      [...input.params, call.sandboxId, audienceId, upload.id, ...input.columns],
    ),
  );
  const members = Number(inserted.numAffectedRows ?? 0);
  await db
    .updateTable('imports')
    .set({ status: 'completed', rows_read: members, rows_accepted: members, finished_at: now })
    .where('sandbox_id', '=', call.sandboxId)
    .where('id', '=', upload.id)
    .execute();
  const state: UploadState = {
    ...options,
    attributeColumns: input.columns,
    importId: upload.id,
    members,
    fileName: input.source,
    uploadedAt: now.toISOString(),
  };
  const row = await db
    .updateTable('audiences')
    .set((eb) => ({
      definition: JSON.stringify(state),
      version: eb('version', '+', 1),
      updated_at: now,
    }))
    .where('sandbox_id', '=', call.sandboxId)
    .where('id', '=', audienceId)
    .returningAll()
    .executeTakeFirstOrThrow();
  await db
    .deleteFrom('audience_members')
    .where('sandbox_id', '=', call.sandboxId)
    .where('audience_id', '=', audienceId)
    .where('import_id', '<>', upload.id)
    .execute();
  const audience = toAudience(row);
  await recordAudit(db, {
    sandboxId: call.sandboxId,
    actor: call.actor,
    action: existing ? 'audience.update' : 'audience.create',
    entityType: 'audience',
    entityId: audienceId,
    after: { importId: upload.id, members, source: input.source },
    requestId: call.requestId,
    at: now,
  });
  return { audience, created: !existing };
}
