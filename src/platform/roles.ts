// Role assignments: per user per sandbox, or global for roles that hold everywhere.
import type { PlatformDb, PlatformTx } from './context.ts';
import { AppError } from './errors.ts';
import type { RoleAssignment } from './model.ts';
import { ROLE_DEFINITIONS, isRole, type Role } from './permissions.ts';

/** Roles a user holds in one sandbox, global ones included. */
export async function rolesInSandbox(
  db: PlatformDb,
  userId: string,
  sandboxId: string,
): Promise<Set<Role>> {
  const rows = await db
    .selectFrom('role_assignments')
    .select('role')
    .where('user_id', '=', userId)
    .where((eb) => eb.or([eb('sandbox_id', '=', sandboxId), eb('sandbox_id', 'is', null)]))
    .execute();
  return new Set(rows.map((row) => row.role).filter(isRole));
}

export async function assignmentsOf(
  db: PlatformDb | PlatformTx,
  userIds: string[],
): Promise<Map<string, RoleAssignment[]>> {
  const byUser = new Map<string, RoleAssignment[]>(userIds.map((id) => [id, []]));
  if (userIds.length === 0) return byUser;
  const rows = await db
    .selectFrom('role_assignments as ra')
    .leftJoin('sandboxes as s', 's.id', 'ra.sandbox_id')
    .select(['ra.user_id', 'ra.role', 's.name as sandbox'])
    .where('ra.user_id', 'in', userIds)
    .orderBy('s.name')
    .orderBy('ra.role')
    .execute();
  for (const row of rows) {
    if (!isRole(row.role)) continue;
    byUser.get(row.user_id)?.push({ sandbox: row.sandbox, role: row.role });
  }
  return byUser;
}

/** Replaces a user's assignments; validates roles against their scope and sandboxes by name. */
export async function replaceAssignments(
  tx: PlatformTx,
  userId: string,
  roles: RoleAssignment[],
): Promise<void> {
  const names = [...new Set(roles.flatMap((r) => (r.sandbox === null ? [] : [r.sandbox])))];
  const sandboxes = names.length
    ? await tx.selectFrom('sandboxes').select(['id', 'name']).where('name', 'in', names).execute()
    : [];
  const idByName = new Map(sandboxes.map((s) => [s.name, s.id]));
  const rows = roles.map((assignment, index) => {
    const definition = ROLE_DEFINITIONS[assignment.role];
    if (definition.global && assignment.sandbox !== null) {
      throw new AppError('ROLE_GLOBAL_ONLY', undefined, [
        {
          path: `/roles/${index}/sandbox`,
          message: `${definition.title} holds in every sandbox; use null`,
        },
      ]);
    }
    if (!definition.global && assignment.sandbox === null) {
      throw new AppError('ROLE_NOT_GLOBAL', undefined, [
        { path: `/roles/${index}/sandbox`, message: `${definition.title} needs a sandbox` },
      ]);
    }
    const sandboxId = assignment.sandbox === null ? null : idByName.get(assignment.sandbox);
    if (sandboxId === undefined) {
      throw new AppError('SANDBOX_NOT_FOUND', `No sandbox named "${String(assignment.sandbox)}".`, [
        { path: `/roles/${index}/sandbox`, message: 'no such sandbox' },
      ]);
    }
    return { user_id: userId, sandbox_id: sandboxId, role: assignment.role };
  });
  const unique = [...new Map(rows.map((row) => [`${row.sandbox_id}:${row.role}`, row])).values()];
  await tx.deleteFrom('role_assignments').where('user_id', '=', userId).execute();
  if (unique.length) await tx.insertInto('role_assignments').values(unique).execute();
}

/** Guards against locking everyone out: some active user must keep the platform administrator role. */
export async function assertAdministratorRemains(tx: PlatformTx): Promise<void> {
  const row = await tx
    .selectFrom('role_assignments as ra')
    .innerJoin('users as u', 'u.id', 'ra.user_id')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('ra.role', '=', 'platformAdministrator')
    .where('u.status', '=', 'active')
    .executeTakeFirst();
  if (!row || Number(row.count) === 0) throw new AppError('LAST_ADMINISTRATOR');
}
