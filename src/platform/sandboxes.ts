// Sandboxes: every object lives in exactly one. `prod` exists from the first start and stays.
// Their audit entries are platform-wide (no sandbox), so they outlive a deleted sandbox.
import type { Selectable } from 'kysely';
import { recordAudit } from './audit.ts';
import type { Actor, Clock, PlatformDb, PlatformTx } from './context.ts';
import { AppError } from './errors.ts';
import type { Sandbox, SandboxCreate, SandboxUpdate } from './model.ts';
import type { SandboxesTable } from './tables.ts';

export const DEFAULT_SANDBOX = 'prod';

interface PlatformCall {
  db: PlatformDb;
  actor: Actor;
  clock: Clock;
  requestId?: string | undefined;
}

export function toSandbox(row: Selectable<SandboxesTable>): Sandbox {
  return {
    id: row.id,
    name: row.name,
    title: row.title,
    description: row.description,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

export async function findSandboxByName(
  db: PlatformDb,
  name: string,
): Promise<Selectable<SandboxesTable> | undefined> {
  return db.selectFrom('sandboxes').selectAll().where('name', '=', name).executeTakeFirst();
}

export async function listSandboxes(db: PlatformDb): Promise<Sandbox[]> {
  const rows = await db.selectFrom('sandboxes').selectAll().orderBy('name').execute();
  return rows.map(toSandbox);
}

export async function ensureDefaultSandbox(db: PlatformDb): Promise<void> {
  await db
    .insertInto('sandboxes')
    .values({ name: DEFAULT_SANDBOX, title: 'Production', description: 'Created on first start.' })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
}

export async function createSandbox(call: PlatformCall, input: SandboxCreate): Promise<Sandbox> {
  return call.db.transaction().execute(async (tx) => {
    const now = call.clock.now();
    const row = await tx
      .insertInto('sandboxes')
      .values({
        name: input.name,
        title: input.title,
        description: input.description ?? '',
        created_at: now,
        updated_at: now,
      })
      .onConflict((oc) => oc.column('name').doNothing())
      .returningAll()
      .executeTakeFirst();
    if (!row)
      throw new AppError('SANDBOX_NAME_TAKEN', `A sandbox named "${input.name}" exists.`, [
        { path: '/name', message: 'is taken' },
      ]);
    const sandbox = toSandbox(row);
    await recordAudit(tx, {
      sandboxId: null,
      actor: call.actor,
      action: 'sandbox.create',
      entityType: 'sandbox',
      entityId: row.id,
      after: sandbox,
      requestId: call.requestId,
      at: now,
    });
    return sandbox;
  });
}

export async function updateSandbox(
  call: PlatformCall,
  name: string,
  input: SandboxUpdate,
): Promise<Sandbox> {
  return call.db.transaction().execute(async (tx) => {
    const before = await tx
      .selectFrom('sandboxes')
      .selectAll()
      .where('name', '=', name)
      .forUpdate()
      .executeTakeFirst();
    if (!before) throw new AppError('SANDBOX_NOT_FOUND');
    const now = call.clock.now();
    const row = await tx
      .updateTable('sandboxes')
      .set({
        title: input.title ?? before.title,
        description: input.description ?? before.description,
        updated_at: now,
      })
      .where('id', '=', before.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(tx, {
      sandboxId: null,
      actor: call.actor,
      action: 'sandbox.update',
      entityType: 'sandbox',
      entityId: row.id,
      before: toSandbox(before),
      after: toSandbox(row),
      requestId: call.requestId,
      at: now,
    });
    return toSandbox(row);
  });
}

/**
 * What the areas above the platform keep out of reach of the sandbox's foreign keys (tables
 * without one, tables of their own): erased in the deletion's transaction.
 */
export interface SandboxEraser {
  /** Runs before the sandbox row goes; returns what must run after it, in the same transaction. */
  beforeDelete(tx: PlatformTx, sandboxId: string): Promise<(tx: PlatformTx) => Promise<void>>;
}

/**
 * Deletes a sandbox and everything in it: the row (its foreign keys cascade to most tables) and,
 * through the eraser, what they do not reach.
 */
export async function deleteSandbox(
  call: PlatformCall,
  name: string,
  eraser: SandboxEraser,
): Promise<void> {
  if (name === DEFAULT_SANDBOX) throw new AppError('SANDBOX_PROTECTED');
  await call.db.transaction().execute(async (tx) => {
    // Locked first: writes that check their foreign key to the sandbox wait until it is gone.
    const row = await tx
      .selectFrom('sandboxes')
      .selectAll()
      .where('name', '=', name)
      .forUpdate()
      .executeTakeFirst();
    if (!row) throw new AppError('SANDBOX_NOT_FOUND');
    const afterDelete = await eraser.beforeDelete(tx, row.id);
    await tx.deleteFrom('sandboxes').where('id', '=', row.id).execute();
    await afterDelete(tx);
    await recordAudit(tx, {
      sandboxId: null,
      actor: call.actor,
      action: 'sandbox.delete',
      entityType: 'sandbox',
      entityId: row.id,
      before: toSandbox(row),
      requestId: call.requestId,
      at: call.clock.now(),
    });
  });
}

export type { PlatformCall };
