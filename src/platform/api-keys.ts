// API credentials: a named key per sandbox and role. The secret is shown once and kept as a digest.
import type { Selectable } from 'kysely';
import { recordAudit } from './audit.ts';
import type { Clock, PlatformDb } from './context.ts';
import { AppError } from './errors.ts';
import type { ApiKey, ApiKeyCreate } from './model.ts';
import { isRole, type Role } from './permissions.ts';
import type { PlatformCall } from './sandboxes.ts';
import type { ApiKeysTable } from './tables.ts';
import { digestToken, newToken } from './tokens.ts';

const LAST_USED_PRECISION_MS = 60_000;

type Row = Selectable<ApiKeysTable> & { sandbox: string; creator: string | null };

function toApiKey(row: Row): ApiKey {
  if (!isRole(row.role)) throw new Error(`API key ${row.id} has unknown role ${row.role}`);
  return {
    id: row.id,
    name: row.name,
    clientId: row.client_id,
    role: row.role,
    sandbox: row.sandbox,
    createdAt: row.created_at.toISOString(),
    createdBy: row.creator,
    lastUsedAt: row.last_used_at?.toISOString() ?? null,
    revokedAt: row.revoked_at?.toISOString() ?? null,
  };
}

function selectKeys(db: PlatformDb) {
  return db
    .selectFrom('api_keys as k')
    .innerJoin('sandboxes as s', 's.id', 'k.sandbox_id')
    .leftJoin('users as u', 'u.id', 'k.created_by')
    .selectAll('k')
    .select(['s.name as sandbox', 'u.email as creator']);
}

export async function createApiKey(
  call: PlatformCall & { sandboxId: string },
  input: ApiKeyCreate,
): Promise<{ key: ApiKey; secret: string }> {
  const secret = `cs_${newToken()}`;
  return call.db.transaction().execute(async (tx) => {
    const now = call.clock.now();
    const inserted = await tx
      .insertInto('api_keys')
      .values({
        sandbox_id: call.sandboxId,
        name: input.name.trim(),
        client_id: `ck_${newToken(12)}`,
        secret_hash: digestToken(secret),
        role: input.role,
        created_by: call.actor.type === 'user' ? call.actor.id : null,
        created_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const key = toApiKey(
      await selectKeys(tx).where('k.id', '=', inserted.id).executeTakeFirstOrThrow(),
    );
    await recordAudit(tx, {
      sandboxId: call.sandboxId,
      actor: call.actor,
      action: 'apiKey.create',
      entityType: 'apiKey',
      entityId: key.id,
      after: key,
      requestId: call.requestId,
      at: now,
    });
    return { key, secret };
  });
}

export async function listApiKeys(
  db: PlatformDb,
  query: { sandboxId: string; includeRevoked: boolean; limit: number; cursor?: string | undefined },
): Promise<{ items: ApiKey[]; nextCursor: string | null }> {
  let q = selectKeys(db).where('k.sandbox_id', '=', query.sandboxId);
  if (!query.includeRevoked) q = q.where('k.revoked_at', 'is', null);
  if (query.cursor) q = q.where('k.client_id', '>', query.cursor);
  const rows = await q
    .orderBy('k.client_id')
    .limit(query.limit + 1)
    .execute();
  const page = rows.slice(0, query.limit);
  return {
    items: page.map(toApiKey),
    nextCursor: rows.length > query.limit ? (page.at(-1)?.client_id ?? null) : null,
  };
}

export async function revokeApiKey(
  call: PlatformCall & { sandboxId: string },
  id: string,
): Promise<ApiKey> {
  return call.db.transaction().execute(async (tx) => {
    const now = call.clock.now();
    const updated = await tx
      .updateTable('api_keys')
      .set({ revoked_at: now })
      .where('id', '=', id)
      .where('sandbox_id', '=', call.sandboxId)
      .where('revoked_at', 'is', null)
      .returning('id')
      .executeTakeFirst();
    const row = await selectKeys(tx)
      .where('k.id', '=', id)
      .where('k.sandbox_id', '=', call.sandboxId)
      .executeTakeFirst();
    if (!row) throw new AppError('API_KEY_NOT_FOUND');
    const key = toApiKey(row);
    if (updated)
      await recordAudit(tx, {
        sandboxId: call.sandboxId,
        actor: call.actor,
        action: 'apiKey.revoke',
        entityType: 'apiKey',
        entityId: id,
        after: key,
        requestId: call.requestId,
        at: now,
      });
    return key;
  });
}

export interface ApiKeyPrincipal {
  id: string;
  name: string;
  clientId: string;
  sandboxId: string;
  role: Role;
}

/** The live key behind a secret; records when it was last used (to the minute). */
export async function resolveApiKey(
  db: PlatformDb,
  clock: Clock,
  secret: string,
): Promise<ApiKeyPrincipal | undefined> {
  const row = await db
    .selectFrom('api_keys')
    .select(['id', 'name', 'client_id', 'sandbox_id', 'role', 'last_used_at'])
    .where('secret_hash', '=', digestToken(secret))
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  if (!row || !isRole(row.role)) return undefined;
  const now = clock.now();
  if (!row.last_used_at || now.getTime() - row.last_used_at.getTime() > LAST_USED_PRECISION_MS) {
    await db.updateTable('api_keys').set({ last_used_at: now }).where('id', '=', row.id).execute();
  }
  return {
    id: row.id,
    name: row.name,
    clientId: row.client_id,
    sandboxId: row.sandbox_id,
    role: row.role,
  };
}
