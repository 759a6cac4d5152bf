// Kysely row types of the tables the platform area owns (see db/migrations).
import type { ColumnType, Generated } from 'kysely';

type CreatedAt = ColumnType<Date, Date | undefined, never>;
type UpdatedAt = ColumnType<Date, Date | undefined, Date>;

export interface SandboxesTable {
  id: Generated<string>;
  name: string;
  title: string;
  description: Generated<string>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export type UserStatus = 'active' | 'invited' | 'disabled';

export interface UsersTable {
  id: Generated<string>;
  email: string;
  name: string;
  password_hash: string | null;
  status: UserStatus;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
  last_login_at: Date | null;
}

export interface RoleAssignmentsTable {
  user_id: string;
  sandbox_id: string | null;
  role: string;
  created_at: CreatedAt;
}

export interface SessionsTable {
  token_hash: Buffer;
  user_id: string;
  csrf_token: string;
  created_at: CreatedAt;
  last_seen_at: Date;
  expires_at: Date;
  user_agent: string;
  ip: string;
}

export interface InvitationsTable {
  token_hash: Buffer;
  user_id: string;
  created_at: CreatedAt;
  expires_at: Date;
  used_at: Date | null;
}

export interface LoginAttemptsTable {
  id: Generated<number>;
  email: string;
  ip: string;
  succeeded: boolean;
  at: Date;
}

export interface ApiKeysTable {
  id: Generated<string>;
  sandbox_id: string;
  name: string;
  client_id: string;
  secret_hash: Buffer;
  role: string;
  created_by: string | null;
  created_at: CreatedAt;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

export interface AuditLogTable {
  id: Generated<number>;
  sandbox_id: string | null;
  actor_type: 'user' | 'apiKey' | 'system';
  actor_id: string | null;
  actor_label: string;
  action: string;
  entity_type: string;
  entity_id: string;
  summary: ColumnType<Record<string, unknown>, string, string>;
  request_id: string | null;
  at: Date;
}

export type PlatformTables = {
  sandboxes: SandboxesTable;
  users: UsersTable;
  role_assignments: RoleAssignmentsTable;
  sessions: SessionsTable;
  invitations: InvitationsTable;
  login_attempts: LoginAttemptsTable;
  api_keys: ApiKeysTable;
  audit_log: AuditLogTable;
};
