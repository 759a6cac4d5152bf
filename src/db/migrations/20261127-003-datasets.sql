-- Relational datasets: definitions kept as data; each dataset's rows live in a real table in the
-- clarion_datasets schema, created from a validated definition.
CREATE SCHEMA clarion_datasets;

CREATE TABLE datasets (
  sandbox_id  uuid NOT NULL REFERENCES sandboxes (id) ON DELETE CASCADE,
  id          uuid NOT NULL DEFAULT gen_random_uuid(),
  name        text NOT NULL CHECK (name ~ '^[a-z][a-z0-9_]{1,39}$'),
  title       text NOT NULL,
  description text NOT NULL DEFAULT '',
  table_name  text NOT NULL UNIQUE,
  columns     jsonb NOT NULL,
  primary_key text[] NOT NULL,
  link        jsonb,
  version     integer NOT NULL DEFAULT 1,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (sandbox_id, id),
  UNIQUE (sandbox_id, name)
);
