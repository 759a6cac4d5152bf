-- Platform: sandboxes, users, roles, sessions, invitations, API keys, audit trail.

CREATE TABLE sandboxes (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name        text NOT NULL UNIQUE CHECK (name ~ '^[a-z][a-z0-9-]{1,39}$'),
  title       text NOT NULL,
  description text NOT NULL DEFAULT '',
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE users (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  email         text NOT NULL,
  name          text NOT NULL,
  password_hash text,
  status        text NOT NULL CHECK (status IN ('active', 'invited', 'disabled')),
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now(),
  last_login_at timestamptz
);
CREATE UNIQUE INDEX users_email_key ON users (lower(email));

-- sandbox_id NULL means the role holds in every sandbox (used for Platform Administrator).
CREATE TABLE role_assignments (
  user_id    uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  sandbox_id uuid REFERENCES sandboxes (id) ON DELETE CASCADE,
  role       text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX role_assignments_sandbox_key ON role_assignments (user_id, sandbox_id, role) WHERE sandbox_id IS NOT NULL;
CREATE UNIQUE INDEX role_assignments_global_key ON role_assignments (user_id, role) WHERE sandbox_id IS NULL;

CREATE TABLE sessions (
  token_hash   bytea PRIMARY KEY,
  user_id      uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  csrf_token   text NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  expires_at   timestamptz NOT NULL,
  user_agent   text NOT NULL DEFAULT '',
  ip           text NOT NULL DEFAULT ''
);
CREATE INDEX sessions_expires_at_idx ON sessions (expires_at);
CREATE INDEX sessions_user_id_idx ON sessions (user_id);

CREATE TABLE invitations (
  token_hash bytea PRIMARY KEY,
  user_id    uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  used_at    timestamptz
);
CREATE INDEX invitations_user_id_idx ON invitations (user_id);

CREATE TABLE login_attempts (
  id        bigserial PRIMARY KEY,
  email     text NOT NULL,
  ip        text NOT NULL,
  succeeded boolean NOT NULL,
  at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX login_attempts_email_idx ON login_attempts (lower(email), at);
CREATE INDEX login_attempts_ip_idx ON login_attempts (ip, at);

CREATE TABLE api_keys (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  sandbox_id   uuid NOT NULL REFERENCES sandboxes (id) ON DELETE CASCADE,
  name         text NOT NULL,
  client_id    text NOT NULL UNIQUE,
  secret_hash  bytea NOT NULL UNIQUE,
  role         text NOT NULL,
  created_by   uuid REFERENCES users (id) ON DELETE SET NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  last_used_at timestamptz,
  revoked_at   timestamptz
);
CREATE INDEX api_keys_sandbox_idx ON api_keys (sandbox_id, created_at DESC);

-- Kept when a sandbox or user is deleted: the trail outlives what it describes.
CREATE TABLE audit_log (
  id          bigserial PRIMARY KEY,
  sandbox_id  uuid,
  actor_type  text NOT NULL CHECK (actor_type IN ('user', 'apiKey', 'system')),
  actor_id    uuid,
  actor_label text NOT NULL,
  action      text NOT NULL,
  entity_type text NOT NULL,
  entity_id   text NOT NULL,
  summary     jsonb NOT NULL DEFAULT '{}',
  request_id  text,
  at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX audit_log_sandbox_at_idx ON audit_log (sandbox_id, at DESC, id DESC);
CREATE INDEX audit_log_at_idx ON audit_log (at DESC, id DESC);
CREATE INDEX audit_log_entity_idx ON audit_log (entity_type, entity_id);
