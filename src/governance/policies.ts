// Approval policies (G1): which campaigns need approval before activation, and who approves.
import { Value } from '@sinclair/typebox/value';
import { sql, type Selectable } from 'kysely';
import { escapeLike } from '../platform/audit.ts';
import { AppError, type FieldError } from '../platform/errors.ts';
import { getUser } from '../platform/users.ts';
import type { GovernanceCall, GovernanceDb, GovernanceTables } from './db.ts';
import { policyMatches, type PolicyFacts } from './matching.ts';
import { ApprovalPolicy, type ApprovalPolicyInput } from './model.ts';
import {
  auditChange,
  changeObjectStatus,
  deleteObject,
  pageOf,
  refuseProblems,
  withUniqueName,
  type ObjectListQuery,
  type ObjectPage,
  type ObjectStore,
  type StatusAction,
} from './objects.ts';

type Row = Selectable<GovernanceTables['approval_policies']>;

function toPolicy(row: Row): ApprovalPolicy {
  const value = {
    id: row.id,
    status: row.status,
    name: row.name,
    match: row.match,
    approvers: row.approvers,
    blockSelfApproval: row.block_self_approval,
    createdBy: row.created_by,
    createdAt: row.created_at.toISOString(),
    updatedBy: row.updated_by,
    updatedAt: row.updated_at.toISOString(),
  };
  if (!Value.Check(ApprovalPolicy, value))
    throw new Error(`approval policy ${row.id} is stored in a shape that is no longer valid`);
  return value;
}

async function findRow(db: GovernanceDb, sandboxId: string, id: string, lock: boolean) {
  let q = db
    .selectFrom('approval_policies')
    .selectAll()
    .where('sandbox_id', '=', sandboxId)
    .where('id', '=', id);
  if (lock) q = q.forUpdate();
  const row = await q.executeTakeFirst();
  if (!row) throw new AppError('APPROVAL_POLICY_NOT_FOUND');
  return row;
}

export async function getApprovalPolicy(
  db: GovernanceDb,
  sandboxId: string,
  id: string,
): Promise<ApprovalPolicy> {
  return toPolicy(await findRow(db, sandboxId, id, false));
}

export async function listApprovalPolicies(
  db: GovernanceDb,
  sandboxId: string,
  query: ObjectListQuery,
): Promise<ObjectPage<ApprovalPolicy>> {
  let q = db.selectFrom('approval_policies').selectAll().where('sandbox_id', '=', sandboxId);
  if (query.status) q = q.where('status', '=', query.status);
  if (query.q) q = q.where('name', 'ilike', `%${escapeLike(query.q)}%`);
  if (query.cursor) q = q.where(sql<string>`lower(name)`, '>', query.cursor);
  const rows = await q
    .orderBy(sql`lower(name)`)
    .limit(query.limit + 1)
    .execute();
  return pageOf(rows, query.limit, toPolicy);
}

/** The active policies of the sandbox that cover this campaign and requester. */
export async function activePoliciesFor(
  db: GovernanceDb,
  sandboxId: string,
  facts: PolicyFacts,
): Promise<ApprovalPolicy[]> {
  const rows = await db
    .selectFrom('approval_policies')
    .selectAll()
    .where('sandbox_id', '=', sandboxId)
    .where('status', '=', 'active')
    .orderBy(sql`lower(name)`)
    .execute();
  return rows.map(toPolicy).filter((policy) => policyMatches(policy.match, facts));
}

/** Approvers must name someone, and every named user must be a user who can sign in. */
async function approverProblems(db: GovernanceDb, input: ApprovalPolicyInput) {
  const problems: FieldError[] = [];
  const { users, roles } = input.approvers;
  if (users.length === 0 && roles.length === 0)
    problems.push({ path: '/approvers', message: 'must name at least one user or role' });
  const checked = await Promise.all(
    users.map(async (id) => {
      try {
        return (await getUser(db, id)).status;
      } catch (error) {
        if (error instanceof AppError && error.code === 'USER_NOT_FOUND') return null;
        throw error;
      }
    }),
  );
  checked.forEach((status, i) => {
    if (status === null) problems.push({ path: `/approvers/users/${i}`, message: 'is not a user' });
    else if (status === 'disabled')
      problems.push({ path: `/approvers/users/${i}`, message: 'is a disabled user' });
  });
  return problems;
}

function columnsOf(input: ApprovalPolicyInput) {
  return {
    name: input.name,
    match: JSON.stringify(input.match),
    approvers: JSON.stringify({
      users: [...new Set(input.approvers.users)],
      roles: [...new Set(input.approvers.roles)],
    }),
    block_self_approval: input.blockSelfApproval,
  };
}

/** Creates a draft policy, or replaces an existing policy's definition (its status stays). */
export async function saveApprovalPolicy(
  call: GovernanceCall,
  input: ApprovalPolicyInput,
  id?: string,
): Promise<ApprovalPolicy> {
  refuseProblems(await approverProblems(call.db, input));
  return withUniqueName('approval_policies_name_idx', input.name, () =>
    call.db.transaction().execute(async (tx) => {
      const before = id ? toPolicy(await findRow(tx, call.sandboxId, id, true)) : undefined;
      const at = call.clock.now();
      const by = call.actor.label;
      const row = before
        ? await tx
            .updateTable('approval_policies')
            .set({ ...columnsOf(input), updated_by: by, updated_at: at })
            .where('sandbox_id', '=', call.sandboxId)
            .where('id', '=', before.id)
            .returningAll()
            .executeTakeFirstOrThrow()
        : await tx
            .insertInto('approval_policies')
            .values({
              ...columnsOf(input),
              sandbox_id: call.sandboxId,
              id: crypto.randomUUID(),
              status: 'draft',
              created_by: by,
              created_at: at,
              updated_by: by,
              updated_at: at,
            })
            .returningAll()
            .executeTakeFirstOrThrow();
      const after = toPolicy(row);
      await auditChange(tx, call, {
        entityType: 'approvalPolicy',
        action: before ? 'update' : 'create',
        entityId: after.id,
        before,
        after,
        at,
      });
      return after;
    }),
  );
}

/** The stored policy with some fields changed, then saved whole. */
export async function patchApprovalPolicy(
  call: GovernanceCall,
  id: string,
  changes: Partial<ApprovalPolicyInput>,
): Promise<ApprovalPolicy> {
  const current = await getApprovalPolicy(call.db, call.sandboxId, id);
  const { name, match, approvers, blockSelfApproval } = { ...current, ...changes };
  return saveApprovalPolicy(call, { name, match, approvers, blockSelfApproval }, id);
}

const policies: ObjectStore<ApprovalPolicy> = {
  entityType: 'approvalPolicy',
  lock: async (tx, sandboxId, id) => toPolicy(await findRow(tx, sandboxId, id, true)),
  setStatus: async (tx, sandboxId, id, change) =>
    toPolicy(
      await tx
        .updateTable('approval_policies')
        .set({ status: change.status, updated_by: change.by, updated_at: change.at })
        .where('sandbox_id', '=', sandboxId)
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow(),
    ),
  remove: async (tx, sandboxId, id) => {
    await tx
      .deleteFrom('approval_policies')
      .where('sandbox_id', '=', sandboxId)
      .where('id', '=', id)
      .execute();
  },
};

export function changeApprovalPolicyStatus(
  call: GovernanceCall,
  id: string,
  action: StatusAction,
): Promise<ApprovalPolicy> {
  return changeObjectStatus(call, policies, id, action);
}

export function deleteApprovalPolicy(call: GovernanceCall, id: string): Promise<void> {
  return deleteObject(call, policies, id);
}
