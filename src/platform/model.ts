// API contracts of the platform area. The web console validates forms with these same schemas,
// so this file imports nothing server-only.
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import './formats.ts';
import { ROLES, PERMISSIONS } from './permissions.ts';

export const Uuid = Type.String({ format: 'uuid', description: 'UUID' });
export const Timestamp = Type.String({ format: 'date-time', description: 'ISO-8601 UTC' });
export const EMAIL_PATTERN = '^[^\\s@]+@[^\\s@]+\\.[^\\s@]+$';
export const Email = Type.String({
  pattern: EMAIL_PATTERN,
  maxLength: 254,
  description: 'Email address',
});
export const Password = Type.String({
  minLength: 12,
  maxLength: 200,
  description: 'At least 12 characters',
});
export const SandboxName = Type.String({
  pattern: '^[a-z][a-z0-9-]{1,39}$',
  description: 'Lower-case letters, digits and hyphens; 2–40 characters, starting with a letter',
});
export const RoleName = Type.Union(
  ROLES.map((role) => Type.Literal(role)),
  { description: 'Built-in role' },
);
export const PermissionName = Type.Union(PERMISSIONS.map((permission) => Type.Literal(permission)));

export const ErrorBody = Type.Object(
  {
    code: Type.String({ description: 'Stable error code' }),
    message: Type.String(),
    details: Type.Optional(Type.Unknown()),
    requestId: Type.Optional(Type.String()),
  },
  { $id: 'Error' },
);

export const IdParams = Type.Object({ id: Uuid });
export const PageQuery = {
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
  cursor: Type.Optional(Type.String({ maxLength: 200 })),
};
export const Page = <T extends TSchema>(item: T) =>
  Type.Object({ items: Type.Array(item), nextCursor: Type.Union([Type.String(), Type.Null()]) });

// Sandboxes
export const Sandbox = Type.Object({
  id: Uuid,
  name: SandboxName,
  title: Type.String(),
  description: Type.String(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type Sandbox = Static<typeof Sandbox>;
export const SandboxCreate = Type.Object(
  {
    name: SandboxName,
    title: Type.String({ minLength: 1, maxLength: 100 }),
    description: Type.Optional(Type.String({ maxLength: 1000 })),
  },
  { additionalProperties: false },
);
export type SandboxCreate = Static<typeof SandboxCreate>;
export const SandboxUpdate = Type.Object(
  {
    title: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    description: Type.Optional(Type.String({ maxLength: 1000 })),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type SandboxUpdate = Static<typeof SandboxUpdate>;

// Users and roles
export const RoleAssignment = Type.Object(
  {
    sandbox: Type.Union([SandboxName, Type.Null()], {
      description: 'Sandbox name; null for global roles',
    }),
    role: RoleName,
  },
  { additionalProperties: false },
);
export type RoleAssignment = Static<typeof RoleAssignment>;
export const UserStatusName = Type.Union([
  Type.Literal('active'),
  Type.Literal('invited'),
  Type.Literal('disabled'),
]);
export const User = Type.Object({
  id: Uuid,
  email: Type.String(),
  name: Type.String(),
  status: UserStatusName,
  roles: Type.Array(RoleAssignment),
  createdAt: Timestamp,
  lastLoginAt: Type.Union([Timestamp, Type.Null()]),
});
export type User = Static<typeof User>;
export const UserCreate = Type.Object(
  {
    email: Email,
    name: Type.String({ minLength: 1, maxLength: 200 }),
    password: Type.Optional(Password),
    roles: Type.Optional(Type.Array(RoleAssignment, { maxItems: 100 })),
  },
  { additionalProperties: false },
);
export type UserCreate = Static<typeof UserCreate>;
export const UserCreated = Type.Object({
  user: User,
  invitationUrl: Type.Union([Type.String(), Type.Null()], {
    description: 'Link for the user to set a password; shown once. Null when a password was given.',
  }),
});
export const UserUpdate = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    status: Type.Optional(Type.Union([Type.Literal('active'), Type.Literal('disabled')])),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UserUpdate = Static<typeof UserUpdate>;
export const UserQuery = Type.Object({
  ...PageQuery,
  q: Type.Optional(Type.String({ maxLength: 200, description: 'Matches email or name' })),
  status: Type.Optional(UserStatusName),
});
export const DirectoryQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 200, description: 'Matches email or name' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 50 })),
});
export const DirectoryEntry = Type.Object({
  id: Type.String({ format: 'uuid' }),
  email: Type.String(),
  name: Type.String(),
});
export type DirectoryEntry = Static<typeof DirectoryEntry>;
export const RoleAssignmentsReplace = Type.Object(
  { roles: Type.Array(RoleAssignment, { maxItems: 100 }) },
  { additionalProperties: false },
);
export const InvitationLink = Type.Object({ invitationUrl: Type.String() });
export const RoleInfo = Type.Object({
  name: RoleName,
  title: Type.String(),
  description: Type.String(),
  global: Type.Boolean(),
  permissions: Type.Array(PermissionName),
});

// Sessions
export const LoginRequest = Type.Object(
  {
    email: Type.String({ minLength: 1, maxLength: 254 }),
    password: Type.String({ minLength: 1, maxLength: 200 }),
  },
  { additionalProperties: false },
);
export type LoginRequest = Static<typeof LoginRequest>;
export const Me = Type.Object({
  actor: Type.Object({
    type: Type.String(),
    id: Type.Union([Uuid, Type.Null()]),
    label: Type.String(),
  }),
  sandbox: Type.Object({ id: Uuid, name: Type.String(), title: Type.String() }),
  sandboxes: Type.Array(Type.Object({ name: Type.String(), title: Type.String() })),
  roles: Type.Array(RoleName),
  permissions: Type.Array(PermissionName),
  csrfToken: Type.Union([Type.String(), Type.Null()]),
});
export type Me = Static<typeof Me>;
export const InvitationInfo = Type.Object({ email: Type.String(), name: Type.String() });
export const InvitationAccept = Type.Object(
  { password: Password },
  { additionalProperties: false },
);
export const TokenParams = Type.Object({ token: Type.String({ minLength: 20, maxLength: 100 }) });

// API keys
export const ApiKey = Type.Object({
  id: Uuid,
  name: Type.String(),
  clientId: Type.String(),
  role: RoleName,
  sandbox: Type.String(),
  createdAt: Timestamp,
  createdBy: Type.Union([Type.String(), Type.Null()]),
  lastUsedAt: Type.Union([Timestamp, Type.Null()]),
  revokedAt: Type.Union([Timestamp, Type.Null()]),
});
export type ApiKey = Static<typeof ApiKey>;
export const ApiKeyCreate = Type.Object(
  { name: Type.String({ minLength: 1, maxLength: 100 }), role: RoleName },
  { additionalProperties: false },
);
export type ApiKeyCreate = Static<typeof ApiKeyCreate>;
export const ApiKeyCreated = Type.Object({
  key: ApiKey,
  secret: Type.String({
    description: 'Send as `Authorization: Bearer <secret>` or `x-api-key`; shown once.',
  }),
});
export const ApiKeyQuery = Type.Object({
  ...PageQuery,
  includeRevoked: Type.Optional(Type.Boolean()),
});

// Audit trail
export const AuditEntry = Type.Object({
  id: Type.Integer(),
  sandboxId: Type.Union([Uuid, Type.Null()]),
  actorType: Type.Union([Type.Literal('user'), Type.Literal('apiKey'), Type.Literal('system')]),
  actorId: Type.Union([Uuid, Type.Null()]),
  actorLabel: Type.String(),
  action: Type.String(),
  entityType: Type.String(),
  entityId: Type.String(),
  summary: Type.Record(Type.String(), Type.Unknown()),
  requestId: Type.Union([Type.String(), Type.Null()]),
  at: Timestamp,
});
export const AuditQuery = Type.Object({
  ...PageQuery,
  action: Type.Optional(Type.String({ maxLength: 100 })),
  entityType: Type.Optional(Type.String({ maxLength: 100 })),
  entityId: Type.Optional(Type.String({ maxLength: 200 })),
  actor: Type.Optional(Type.String({ maxLength: 200 })),
  from: Type.Optional(Timestamp),
  to: Type.Optional(Timestamp),
});
