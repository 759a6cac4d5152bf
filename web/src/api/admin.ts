// Administration endpoints: users and roles, sandboxes, API keys, audit trail.
import { Type, type Static } from '@sinclair/typebox';
import {
  ApiKey,
  ApiKeyCreated,
  AuditEntry,
  DirectoryEntry,
  InvitationLink,
  Page,
  Sandbox,
  User,
  UserCreated,
  type ApiKeyCreate,
  type RoleAssignment,
  type SandboxCreate,
  type SandboxUpdate,
  type UserCreate,
  type UserUpdate,
} from '../../../src/platform/model.ts';
import { apiRequest } from './client.ts';

export type { ApiKey, RoleAssignment, Sandbox, User } from '../../../src/platform/model.ts';
export type AuditEntry = Static<typeof AuditEntry>;
export type UserStatus = User['status'];

const PAGE_SIZE = 50;
const Directory = Type.Object({ items: Type.Array(DirectoryEntry) });
const UserPage = Page(User);
const ApiKeyPage = Page(ApiKey);
const AuditPage = Page(AuditEntry);
const SandboxList = Type.Object({ items: Type.Array(Sandbox), nextCursor: Type.Null() });

export function listUsers(query: {
  q: string;
  status: UserStatus | null;
  cursor: string | undefined;
}) {
  return apiRequest('/users', { query: { ...query, limit: PAGE_SIZE }, schema: UserPage });
}
/** The sandbox's people, for pickers: any signed-in user may read it. */
export function listDirectory(q: string) {
  return apiRequest('/users/directory', { query: { q, limit: 100 }, schema: Directory });
}
export function getUser(id: string) {
  return apiRequest(`/users/${encodeURIComponent(id)}`, { schema: User });
}
export function createUser(body: UserCreate) {
  return apiRequest('/users', { method: 'POST', body, schema: UserCreated });
}
export function updateUser(id: string, body: UserUpdate) {
  return apiRequest(`/users/${encodeURIComponent(id)}`, { method: 'PATCH', body, schema: User });
}
export function setUserRoles(id: string, roles: RoleAssignment[]) {
  return apiRequest(`/users/${encodeURIComponent(id)}/roles`, {
    method: 'PUT',
    body: { roles },
    schema: User,
  });
}
export function newInvitationLink(id: string) {
  return apiRequest(`/users/${encodeURIComponent(id)}/invite`, {
    method: 'POST',
    schema: InvitationLink,
  });
}

export function listSandboxes() {
  return apiRequest('/sandboxes', { schema: SandboxList });
}
export function createSandbox(body: SandboxCreate) {
  return apiRequest('/sandboxes', { method: 'POST', body, schema: Sandbox });
}
export function updateSandbox(name: string, body: SandboxUpdate) {
  return apiRequest(`/sandboxes/${encodeURIComponent(name)}`, {
    method: 'PATCH',
    body,
    schema: Sandbox,
  });
}
export function deleteSandbox(name: string) {
  return apiRequest(`/sandboxes/${encodeURIComponent(name)}`, { method: 'DELETE' });
}

export function listApiKeys(query: { includeRevoked: boolean; cursor: string | undefined }) {
  return apiRequest('/api-keys', { query: { ...query, limit: PAGE_SIZE }, schema: ApiKeyPage });
}
export function createApiKey(body: ApiKeyCreate) {
  return apiRequest('/api-keys', { method: 'POST', body, schema: ApiKeyCreated });
}
export function revokeApiKey(id: string) {
  return apiRequest(`/api-keys/${encodeURIComponent(id)}/revoke`, {
    method: 'POST',
    schema: ApiKey,
  });
}

export interface AuditFilters {
  action: string;
  entityType: string;
  entityId: string;
  actor: string;
  /** ISO-8601 bounds: from inclusive, to exclusive. */
  from: string | undefined;
  to: string | undefined;
}

export function listAudit(filters: AuditFilters, cursor: string | undefined) {
  return apiRequest('/audit-log', {
    query: { ...filters, cursor, limit: PAGE_SIZE },
    schema: AuditPage,
  });
}
