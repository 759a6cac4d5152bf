import { Route, Routes } from 'react-router-dom';
import { ApiKeysPage } from '../admin/api-keys/ApiKeysPage.tsx';
import { AuditPage } from '../admin/audit/AuditPage.tsx';
import { SandboxesPage } from '../admin/sandboxes/SandboxesPage.tsx';
import { UserDetailPage } from '../admin/users/UserDetailPage.tsx';
import { UsersPage } from '../admin/users/UsersPage.tsx';
import { RequirePermission } from '../auth/RequirePermission.tsx';
import { HomePage } from './HomePage.tsx';
import { NAVIGATION } from './navigation.ts';
import { NotFoundPage } from './NotFoundPage.tsx';
import { UnavailablePage } from './UnavailablePage.tsx';

const unbuilt = NAVIGATION.flatMap((group) => group.items.filter((item) => !item.built));

export function ShellRoutes() {
  return (
    <Routes>
      <Route path="/" element={<HomePage />} />
      {unbuilt.map((item) => (
        <Route
          key={item.path}
          path={item.path}
          element={
            <RequirePermission permission={item.permission} area={item.title}>
              <UnavailablePage title={item.title} />
            </RequirePermission>
          }
        />
      ))}
      <Route
        path="/admin/users"
        element={
          <RequirePermission permission="users.manage" area="Users & roles">
            <UsersPage />
          </RequirePermission>
        }
      />
      <Route
        path="/admin/users/:id"
        element={
          <RequirePermission permission="users.manage" area="Users & roles">
            <UserDetailPage />
          </RequirePermission>
        }
      />
      <Route
        path="/admin/api-keys"
        element={
          <RequirePermission permission="apiKeys.manage" area="API keys">
            <ApiKeysPage />
          </RequirePermission>
        }
      />
      <Route
        path="/admin/sandboxes"
        element={
          <RequirePermission permission="sandboxes.manage" area="Sandboxes">
            <SandboxesPage />
          </RequirePermission>
        }
      />
      <Route
        path="/admin/audit"
        element={
          <RequirePermission permission="audit.read" area="the audit log">
            <AuditPage />
          </RequirePermission>
        }
      />
      <Route path="*" element={<NotFoundPage />} />
    </Routes>
  );
}
