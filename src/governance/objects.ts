// What the three kinds of governance object share: the status machine, the audit entry of every
// change, name clashes, field problems, and list queries.
import { recordAudit } from '../platform/audit.ts';
import { AppError, type FieldError } from '../platform/errors.ts';
import { usersOf } from '../platform/usage.ts';
import type { GovernanceCall, GovernanceDb } from './db.ts';
import type { GovernanceStatus } from './model.ts';

export type EntityType = 'approvalPolicy' | 'businessRuleSet' | 'quietHours';
export type StatusAction = 'activate' | 'deactivate';

export interface ObjectListQuery {
  status?: GovernanceStatus | undefined;
  /** Text in the name, any case. */
  q?: string | undefined;
  limit: number;
  /** The lower-cased name of the last item of the previous page. */
  cursor?: string | undefined;
}

export interface ObjectPage<T> {
  items: T[];
  nextCursor: string | null;
}

/** A page from rows fetched one past the limit, ordered by lower-cased name. */
export function pageOf<R extends { name: string }, T>(
  rows: R[],
  limit: number,
  toItem: (row: R) => T,
): ObjectPage<T> {
  const page = rows.slice(0, limit);
  return {
    items: page.map(toItem),
    nextCursor: rows.length > limit ? (page.at(-1)?.name.toLowerCase() ?? null) : null,
  };
}

const TRANSITIONS = {
  activate: { from: ['draft', 'inactive'], to: 'active' },
  deactivate: { from: ['active'], to: 'inactive' },
} as const satisfies Record<StatusAction, { from: GovernanceStatus[]; to: GovernanceStatus }>;

/** The status an action leads to, or GOVERNANCE_STATUS when the current one does not allow it. */
export function nextStatus(current: GovernanceStatus, action: StatusAction): GovernanceStatus {
  const transition = TRANSITIONS[action];
  if (!(transition.from as readonly GovernanceStatus[]).includes(current))
    throw new AppError(
      'GOVERNANCE_STATUS',
      `${current === 'draft' ? 'A' : 'An'} ${current} object cannot ${action}; it must be ${transition.from.join(' or ')}.`,
      { status: current, action },
    );
  return transition.to;
}

/** Anything active may be in use by campaigns: it is deactivated before it is deleted. */
export function assertDeletable(status: GovernanceStatus): void {
  if (status === 'active')
    throw new AppError(
      'GOVERNANCE_STATUS',
      'An active object cannot be deleted; deactivate it first.',
      {
        status,
        action: 'delete',
      },
    );
}

/** Refuses input with problems, every one at its field. */
export function refuseProblems(problems: FieldError[]): void {
  const first = problems[0];
  if (first) throw new AppError('VALIDATION_FAILED', `${first.path} ${first.message}`, problems);
}

/** Runs a save; a clash on the case-insensitive unique name index becomes GOVERNANCE_NAME_TAKEN. */
export async function withUniqueName<T>(
  index: string,
  name: string,
  save: () => Promise<T>,
): Promise<T> {
  try {
    return await save();
  } catch (error) {
    if (isUniqueViolation(error, index))
      throw new AppError('GOVERNANCE_NAME_TAKEN', `The name "${name}" is taken.`, [
        { path: '/name', message: 'is taken (names are compared in any case)' },
      ]);
    throw error;
  }
}

function isUniqueViolation(error: unknown, index: string): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    'code' in error &&
    error.code === '23505' &&
    'constraint' in error &&
    error.constraint === index
  );
}

export async function auditChange(
  tx: GovernanceDb,
  call: GovernanceCall,
  entry: {
    entityType: EntityType;
    action: 'create' | 'update' | 'delete' | StatusAction;
    entityId: string;
    before?: unknown;
    after?: unknown;
    at: Date;
  },
): Promise<void> {
  await recordAudit(tx, {
    sandboxId: call.sandboxId,
    actor: call.actor,
    action: `${entry.entityType}.${entry.action}`,
    entityType: entry.entityType,
    entityId: entry.entityId,
    before: entry.before,
    after: entry.after,
    requestId: call.requestId,
    at: entry.at,
  });
}

/** One kind's storage, for the changes that work alike on every kind. */
export interface ObjectStore<T extends { status: GovernanceStatus }> {
  entityType: EntityType;
  /** Locks and reads one object, or throws the kind's NOT_FOUND. */
  lock(tx: GovernanceDb, sandboxId: string, id: string): Promise<T>;
  setStatus(
    tx: GovernanceDb,
    sandboxId: string,
    id: string,
    change: { status: GovernanceStatus; by: string; at: Date },
  ): Promise<T>;
  remove(tx: GovernanceDb, sandboxId: string, id: string): Promise<void>;
}

/** The one way a governance object's status changes: checked, and audited in the same transaction. */
export async function changeObjectStatus<T extends { status: GovernanceStatus }>(
  call: GovernanceCall,
  store: ObjectStore<T>,
  id: string,
  action: StatusAction,
): Promise<T> {
  return call.db.transaction().execute(async (tx) => {
    const before = await store.lock(tx, call.sandboxId, id);
    const status = nextStatus(before.status, action);
    if (action === 'deactivate' && store.entityType !== 'approvalPolicy') {
      const users = await usersOf(store.entityType, tx, call.sandboxId, id);
      if (users.length)
        throw new AppError('GOVERNANCE_IN_USE', `It is used by ${users.join(', ')}.`);
    }
    const at = call.clock.now();
    const after = await store.setStatus(tx, call.sandboxId, id, {
      status,
      by: call.actor.label,
      at,
    });
    await auditChange(tx, call, {
      entityType: store.entityType,
      action,
      entityId: id,
      before: { status: before.status },
      after: { status },
      at,
    });
    return after;
  });
}

export async function deleteObject<T extends { status: GovernanceStatus }>(
  call: GovernanceCall,
  store: ObjectStore<T>,
  id: string,
): Promise<void> {
  await call.db.transaction().execute(async (tx) => {
    const before = await store.lock(tx, call.sandboxId, id);
    assertDeletable(before.status);
    await store.remove(tx, call.sandboxId, id);
    await auditChange(tx, call, {
      entityType: store.entityType,
      action: 'delete',
      entityId: id,
      before,
      at: call.clock.now(),
    });
  });
}
