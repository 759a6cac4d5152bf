-- Channel configurations: how a sandbox sends email, SMS and push. Settings are plain JSON
-- (validated by the application); credentials are AES-256-GCM ciphertext under a key derived
-- from CLARION_SECRET, bound to the row by its sandbox and id.
CREATE TABLE channel_configurations (
  sandbox_id      uuid NOT NULL REFERENCES sandboxes (id) ON DELETE CASCADE,
  id              uuid NOT NULL DEFAULT gen_random_uuid(),
  name            text NOT NULL,
  description     text NOT NULL DEFAULT '',
  channel         text NOT NULL CHECK (channel IN ('email', 'sms', 'push')),
  category        text NOT NULL CHECK (category IN ('marketing', 'transactional')),
  status          text NOT NULL CHECK (status IN ('draft', 'active', 'deactivated')),
  settings        jsonb NOT NULL,
  credentials     bytea,
  credentials_set text[] NOT NULL DEFAULT '{}',
  version         integer NOT NULL DEFAULT 1,
  created_by      text NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  activated_at    timestamptz,
  PRIMARY KEY (sandbox_id, id),
  UNIQUE (sandbox_id, name)
);
