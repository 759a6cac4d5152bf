import type { ReactNode } from 'react';
import type { Permission } from '../../../src/platform/permissions.ts';
import { NoAccess } from '../ui/NoAccess.tsx';
import { useSession } from './session.ts';

/** Shows the page only to those who may use it; the others learn why not. */
export function RequirePermission({
  permission,
  area,
  children,
}: {
  permission: Permission;
  area: string;
  children: ReactNode;
}) {
  const { can } = useSession();
  return can(permission) ? children : <NoAccess area={area} permission={permission} />;
}
