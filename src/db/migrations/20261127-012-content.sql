-- Content: reusable fragments (included by name with {{> name}}) and content templates.

CREATE TABLE content_fragments (
  sandbox_id  uuid NOT NULL REFERENCES sandboxes (id) ON DELETE CASCADE,
  id          uuid NOT NULL DEFAULT gen_random_uuid(),
  name        text NOT NULL,
  kind        text NOT NULL CHECK (kind IN ('html', 'text')),
  description text NOT NULL DEFAULT '',
  body        text NOT NULL,
  version     integer NOT NULL DEFAULT 1,
  created_by  text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_by  text NOT NULL,
  updated_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (sandbox_id, id),
  UNIQUE (sandbox_id, name)
);

CREATE TABLE content_templates (
  sandbox_id  uuid NOT NULL REFERENCES sandboxes (id) ON DELETE CASCADE,
  id          uuid NOT NULL DEFAULT gen_random_uuid(),
  name        text NOT NULL,
  description text NOT NULL DEFAULT '',
  channel     text NOT NULL CHECK (channel IN ('email', 'sms', 'push')),
  content     jsonb NOT NULL,
  version     integer NOT NULL DEFAULT 1,
  created_by  text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_by  text NOT NULL,
  updated_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (sandbox_id, id),
  UNIQUE (sandbox_id, name)
);

-- The fragments each fragment or template includes directly, by name: for cycle checks and for
-- refusing to delete or rename a fragment that is in use.
CREATE TABLE content_fragment_uses (
  sandbox_id    uuid NOT NULL REFERENCES sandboxes (id) ON DELETE CASCADE,
  user_kind     text NOT NULL CHECK (user_kind IN ('fragment', 'template')),
  user_id       uuid NOT NULL,
  fragment_name text NOT NULL,
  PRIMARY KEY (sandbox_id, user_kind, user_id, fragment_name)
);
CREATE INDEX content_fragment_uses_name_idx ON content_fragment_uses (sandbox_id, fragment_name);
