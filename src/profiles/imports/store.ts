// Import records: creation with up-front checks, reading with progress, rejected lines.
import { csvField as csvCell } from '../../platform/csv.ts';
import { Value } from '@sinclair/typebox/value';
import { sql, type Selectable } from 'kysely';
import { AppError } from '../../platform/errors.ts';
import type { ProfilesDb } from '../db.ts';
import { getDataset } from '../datasets/store.ts';
import { knownNamespaces } from '../namespaces.ts';
import type { ProfilesCall } from '../profiles.ts';
import type { ImportsTable } from '../tables.ts';
import { ColumnTarget, type Import, type ImportCreate, type ImportStatus } from './model.ts';

/** A running import whose process stopped sending heartbeats is shown as interrupted. */
export const HEARTBEAT_TIMEOUT_MS = 2 * 60 * 1000;

export type StoredImport = Selectable<ImportsTable>;

export function toImport(row: StoredImport, now: Date): Import {
  let status: ImportStatus = row.status;
  if (
    row.status === 'running' &&
    row.heartbeat_at &&
    now.getTime() - row.heartbeat_at.getTime() > HEARTBEAT_TIMEOUT_MS
  )
    status = 'interrupted';
  return {
    id: row.id,
    kind: row.kind,
    dataset: row.dataset_name,
    audienceId: row.audience_id,
    format: row.format,
    fileName: row.file_name,
    status,
    bytesRead: row.bytes_read,
    bytesTotal: row.bytes_total,
    rowsRead: row.rows_read,
    rowsAccepted: row.rows_accepted,
    rowsRejected: row.rows_rejected,
    error: row.error,
    createdBy: row.created_by,
    createdAt: row.created_at.toISOString(),
    startedAt: row.started_at?.toISOString() ?? null,
    finishedAt: row.finished_at?.toISOString() ?? null,
  };
}

export function mappingOf(row: StoredImport): Record<string, ColumnTarget> {
  const raw = row.mapping;
  const out: Record<string, ColumnTarget> = {};
  if (raw && typeof raw === 'object') {
    for (const [header, target] of Object.entries(raw))
      out[header] = Value.Parse(ColumnTarget, target);
  }
  return out;
}

export async function createImport(call: ProfilesCall, input: ImportCreate): Promise<Import> {
  if (input.kind === 'dataset') {
    if (!input.dataset)
      throw new AppError('IMPORT_INVALID', 'A dataset import names its dataset.', [
        { path: '/dataset', message: 'is required for kind dataset' },
      ]);
    await getDataset(call.db, call.sandboxId, input.dataset);
  }
  if (input.mapping) {
    const namespaces = await knownNamespaces(call.db, call.sandboxId);
    for (const [header, target] of Object.entries(input.mapping)) {
      if (target.to === 'identity' && !namespaces.has(target.namespace)) {
        throw new AppError(
          'NAMESPACE_UNKNOWN',
          `"${target.namespace}" is not a namespace of this sandbox.`,
          [{ path: `/mapping/${header}/namespace`, message: 'is not a namespace of this sandbox' }],
        );
      }
    }
  }
  const row = await call.db
    .insertInto('imports')
    .values({
      sandbox_id: call.sandboxId,
      kind: input.kind,
      dataset_name: input.kind === 'dataset' ? (input.dataset ?? null) : null,
      format: input.format,
      file_name: input.fileName ?? '',
      mapping: JSON.stringify(input.mapping ?? {}),
      options: JSON.stringify({
        consentSource: input.consentSource ?? `import:${input.fileName ?? 'file'}`,
      }),
      status: 'waiting',
      bytes_total: input.bytesTotal ?? null,
      error: null,
      created_by: call.actor.label,
      created_at: call.clock.now(),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toImport(row, call.clock.now());
}

export async function getImportRow(
  db: ProfilesDb,
  sandboxId: string,
  id: string,
): Promise<StoredImport> {
  const row = await db
    .selectFrom('imports')
    .selectAll()
    .where('sandbox_id', '=', sandboxId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw new AppError('IMPORT_NOT_FOUND');
  return row;
}

export async function listImports(
  db: ProfilesDb,
  sandboxId: string,
  limit: number,
  cursor: string | undefined,
  now: Date,
) {
  let q = db.selectFrom('imports').selectAll().where('sandbox_id', '=', sandboxId);
  if (cursor) q = q.where('created_at', '<', new Date(cursor));
  const rows = await q
    .orderBy('created_at', 'desc')
    .limit(limit + 1)
    .execute();
  const page = rows.slice(0, limit);
  return {
    items: page.map((row) => toImport(row, now)),
    nextCursor: rows.length > limit ? (page.at(-1)?.created_at.toISOString() ?? null) : null,
  };
}

export async function* rejectionsCsv(
  db: ProfilesDb,
  sandboxId: string,
  importId: string,
): AsyncGenerator<string> {
  yield 'line,field,reason\n';
  let after: [number, string] = [-1, ''];
  for (;;) {
    const rows = await db
      .selectFrom('import_rejections')
      .select(['line', 'field', 'reason'])
      .where('sandbox_id', '=', sandboxId)
      .where('import_id', '=', importId)
      .where(sql<boolean>`(line, field) > (${after[0]}, ${after[1]})`)
      .orderBy('line')
      .orderBy('field')
      .limit(5000)
      .execute();
    if (rows.length === 0) return;
    yield (
      rows.map((r) => [String(r.line), csvCell(r.field), csvCell(r.reason)].join(',')).join('\n') +
      '\n'
    );
    const last = rows.at(-1);
    if (last) after = [last.line, last.field];
  }
}

/** Ends an import that never got its file, or whose process died; what already landed stays. */
export async function cancelImport(
  db: ProfilesDb,
  sandboxId: string,
  id: string,
  actorLabel: string,
  now: Date,
): Promise<Import> {
  const row = await getImportRow(db, sandboxId, id);
  const status = toImport(row, now).status;
  if (status !== 'waiting' && status !== 'interrupted')
    throw new AppError('IMPORT_NOT_CANCELLABLE');
  const updated = await db
    .updateTable('imports')
    .set({ status: 'failed', error: `cancelled by ${actorLabel}`, finished_at: now })
    .where('sandbox_id', '=', sandboxId)
    .where('id', '=', id)
    .where('status', '=', row.status)
    .returningAll()
    .executeTakeFirst();
  if (!updated) throw new AppError('IMPORT_NOT_CANCELLABLE');
  return toImport(updated, now);
}
