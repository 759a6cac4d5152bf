// The audit trail: every write records who, when, what, and a before/after summary, in the
// same transaction as the change itself.
import { sql } from 'kysely';
import type { Actor, PlatformDb, PlatformTx } from './context.ts';

export interface AuditEntry {
  sandboxId: string | null;
  actor: Actor;
  action: string;
  entityType: string;
  entityId: string;
  before?: unknown;
  after?: unknown;
  requestId?: string | undefined;
  at: Date;
}

export async function recordAudit(tx: PlatformTx | PlatformDb, entry: AuditEntry): Promise<void> {
  const summary: Record<string, unknown> = {};
  if (entry.before !== undefined) summary.before = entry.before;
  if (entry.after !== undefined) summary.after = entry.after;
  await tx
    .insertInto('audit_log')
    .values({
      sandbox_id: entry.sandboxId,
      actor_type: entry.actor.type,
      actor_id: entry.actor.id,
      actor_label: entry.actor.label,
      action: entry.action,
      entity_type: entry.entityType,
      entity_id: entry.entityId,
      summary: JSON.stringify(summary),
      request_id: entry.requestId ?? null,
      at: entry.at,
    })
    .execute();
}

export interface AuditQuery {
  /** Entries of this sandbox plus platform-wide ones (sandbox-less). */
  sandboxId: string;
  action?: string | undefined;
  entityType?: string | undefined;
  entityId?: string | undefined;
  actor?: string | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  limit: number;
  /** Id of the last entry of the previous page. */
  cursor?: number | undefined;
}

export interface AuditRecord {
  id: number;
  sandboxId: string | null;
  actorType: Actor['type'];
  actorId: string | null;
  actorLabel: string;
  action: string;
  entityType: string;
  entityId: string;
  summary: Record<string, unknown>;
  requestId: string | null;
  at: string;
}

export async function listAudit(
  db: PlatformDb,
  query: AuditQuery,
): Promise<{ items: AuditRecord[]; nextCursor: string | null }> {
  let q = db
    .selectFrom('audit_log')
    .selectAll()
    .where((eb) => eb.or([eb('sandbox_id', '=', query.sandboxId), eb('sandbox_id', 'is', null)]));
  if (query.action) q = q.where('action', '=', query.action);
  if (query.entityType) q = q.where('entity_type', '=', query.entityType);
  if (query.entityId) q = q.where('entity_id', '=', query.entityId);
  if (query.actor) q = q.where(sql<string>`actor_label`, 'ilike', `%${escapeLike(query.actor)}%`);
  if (query.from) q = q.where('at', '>=', query.from);
  if (query.to) q = q.where('at', '<', query.to);
  if (query.cursor !== undefined) q = q.where('id', '<', query.cursor);
  const rows = await q
    .orderBy('id', 'desc')
    .limit(query.limit + 1)
    .execute();
  const page = rows.slice(0, query.limit);
  return {
    items: page.map((row) => ({
      id: row.id,
      sandboxId: row.sandbox_id,
      actorType: row.actor_type,
      actorId: row.actor_id,
      actorLabel: row.actor_label,
      action: row.action,
      entityType: row.entity_type,
      entityId: row.entity_id,
      summary: row.summary,
      requestId: row.request_id,
      at: row.at.toISOString(),
    })),
    nextCursor: rows.length > query.limit ? String(page.at(-1)?.id) : null,
  };
}

export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (char) => '\\' + char);
}
