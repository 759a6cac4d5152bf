// The suppression list (SPEC X7): addresses Clarion must not send to, with the reason and the
// category of each entry. Bounces and complaints add to it; people can add and remove by hand.
import { csvField as csvCell } from '../platform/csv.ts';
import { sql } from 'kysely';
import type { Db } from '../db/connection.ts';
import { recordAudit } from '../platform/audit.ts';
import type { Actor, Clock } from '../platform/context.ts';
import { AppError } from '../platform/errors.ts';
import type { PlatformTables } from '../platform/tables.ts';
import type { Channel } from '../profiles/model.ts';
import type { Suppression, SuppressionCategory, SuppressionInput } from './model.ts';

export {
  Suppression,
  SUPPRESSION_CATEGORIES,
  SuppressionInput,
  type SuppressionCategory,
} from './model.ts';
import { normalizeIdentity } from '../profiles/namespaces.ts';

type SuppressionsTables = PlatformTables & {
  suppressions: {
    sandbox_id: string;
    channel: Channel;
    address: string;
    reason: string;
    category: SuppressionCategory;
    created_by: string;
    created_at: Date;
  };
};

export interface SuppressionsCall {
  db: Db;
  sandboxId: string;
  actor: Actor;
  clock: Clock;
  requestId?: string | undefined;
}

const tables = (db: Db) => db.withTables<SuppressionsTables>();

/** Addresses are stored as sends look them up: emails lower-cased, phone numbers in E.164. */
export function suppressionAddress(channel: Channel, raw: string): string {
  if (channel === 'push') return raw.trim();
  const normalized = normalizeIdentity(channel === 'email' ? 'email' : 'phone', raw);
  if ('error' in normalized)
    throw new AppError('VALIDATION_FAILED', `/address ${normalized.error}`, [
      { path: '/address', message: normalized.error },
    ]);
  return normalized.value;
}

function toSuppression(row: SuppressionsTables['suppressions']): Suppression {
  return {
    channel: row.channel,
    address: row.address,
    reason: row.reason,
    category: row.category,
    createdBy: row.created_by,
    createdAt: row.created_at.toISOString(),
  };
}

/** Adds an address (or refreshes its reason); the first category recorded for it stays. */
export async function suppress(
  call: SuppressionsCall,
  input: SuppressionInput,
  category: SuppressionCategory,
): Promise<Suppression> {
  const address = suppressionAddress(input.channel, input.address);
  return tables(call.db)
    .transaction()
    .execute(async (tx) => {
      const now = call.clock.now();
      const row = await tx
        .insertInto('suppressions')
        .values({
          sandbox_id: call.sandboxId,
          channel: input.channel,
          address,
          reason: input.reason,
          category,
          created_by: call.actor.label,
          created_at: now,
        })
        .onConflict((oc) =>
          oc.columns(['sandbox_id', 'channel', 'address']).doUpdateSet({ reason: input.reason }),
        )
        .returningAll()
        .executeTakeFirstOrThrow();
      const entry = toSuppression(row);
      await recordAudit(tx, {
        sandboxId: call.sandboxId,
        actor: call.actor,
        action: 'suppression.add',
        entityType: 'suppression',
        entityId: `${input.channel}:${address}`,
        after: entry,
        requestId: call.requestId,
        at: now,
      });
      return entry;
    });
}

export async function unsuppress(call: SuppressionsCall, channel: Channel, raw: string) {
  const address = suppressionAddress(channel, raw);
  await tables(call.db)
    .transaction()
    .execute(async (tx) => {
      const removed = await tx
        .deleteFrom('suppressions')
        .where('sandbox_id', '=', call.sandboxId)
        .where('channel', '=', channel)
        .where('address', '=', address)
        .returningAll()
        .executeTakeFirst();
      if (!removed) throw new AppError('SUPPRESSION_NOT_FOUND');
      await recordAudit(tx, {
        sandboxId: call.sandboxId,
        actor: call.actor,
        action: 'suppression.remove',
        entityType: 'suppression',
        entityId: `${channel}:${address}`,
        before: toSuppression(removed),
        requestId: call.requestId,
        at: call.clock.now(),
      });
    });
}

export interface SuppressionQuery {
  channel?: Channel | undefined;
  category?: SuppressionCategory | undefined;
  q?: string | undefined;
}

function filtered(db: Db, sandboxId: string, query: SuppressionQuery) {
  let q = tables(db).selectFrom('suppressions').selectAll().where('sandbox_id', '=', sandboxId);
  if (query.channel) q = q.where('channel', '=', query.channel);
  if (query.category) q = q.where('category', '=', query.category);
  if (query.q)
    q = q.where(
      'address',
      'like',
      sql<string>`${'%' + query.q.replace(/[\\%_]/g, (c) => '\\' + c) + '%'}`,
    );
  return q;
}

/** Newest first, paged by (created_at, address). */
export async function listSuppressions(
  db: Db,
  sandboxId: string,
  query: SuppressionQuery & { limit: number; cursor?: string | undefined },
) {
  let q = filtered(db, sandboxId, query);
  if (query.cursor) {
    const [at, channel, address] = JSON.parse(
      Buffer.from(query.cursor, 'base64url').toString(),
    ) as [string, string, string];
    q = q.where(
      sql<boolean>`(created_at, channel, address) < (${new Date(at)}, ${channel}, ${address})`,
    );
  }
  const rows = await q
    .orderBy('created_at', 'desc')
    .orderBy('channel', 'desc')
    .orderBy('address', 'desc')
    .limit(query.limit + 1)
    .execute();
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    items: page.map(toSuppression),
    nextCursor:
      rows.length > query.limit && last
        ? Buffer.from(
            JSON.stringify([last.created_at.toISOString(), last.channel, last.address]),
          ).toString('base64url')
        : null,
  };
}

/** The whole list as CSV, read in pages so a large list never sits in memory. */
export async function* suppressionsCsv(
  db: Db,
  sandboxId: string,
  query: SuppressionQuery,
): AsyncGenerator<string> {
  yield 'channel,address,category,reason,created_by,created_at\n';
  let cursor: string | undefined;
  do {
    const page = await listSuppressions(db, sandboxId, { ...query, limit: 5000, cursor });
    yield (
      page.items
        .map((s) =>
          [s.channel, s.address, s.category, s.reason, s.createdBy, s.createdAt]
            .map(csvCell)
            .join(','),
        )
        .join('\n') + (page.items.length ? '\n' : '')
    );
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
}
