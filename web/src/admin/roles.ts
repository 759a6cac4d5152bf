// Role names as people read them, from the same table the server checks.
import { ROLE_DEFINITIONS, ROLES, type Role } from '../../../src/platform/permissions.ts';
import type { RoleAssignment } from '../api/admin.ts';

export const SANDBOX_ROLES: readonly Role[] = ROLES.filter(
  (role) => !ROLE_DEFINITIONS[role].global,
);
export const GLOBAL_ADMIN: Role = 'platformAdministrator';

export function roleTitle(role: Role): string {
  return ROLE_DEFINITIONS[role].title;
}

export const ROLE_OPTIONS = ROLES.map((role) => ({ value: role, label: roleTitle(role) }));
export const SANDBOX_ROLE_OPTIONS = SANDBOX_ROLES.map((role) => ({
  value: role,
  label: roleTitle(role),
}));

/** "Platform Administrator · prod: Campaign Viewer, Campaign Manager". */
export function summarizeRoles(assignments: readonly RoleAssignment[]): string {
  if (assignments.length === 0) return 'No roles';
  const global = assignments.filter((a) => a.sandbox === null).map((a) => roleTitle(a.role));
  const bySandbox = new Map<string, string[]>();
  for (const assignment of assignments) {
    if (assignment.sandbox === null) continue;
    const titles = bySandbox.get(assignment.sandbox) ?? [];
    titles.push(roleTitle(assignment.role));
    bySandbox.set(assignment.sandbox, titles);
  }
  const parts = [
    ...global,
    ...[...bySandbox].map(([sandbox, titles]) => `${sandbox}: ${titles.join(', ')}`),
  ];
  return parts.join(' · ');
}
