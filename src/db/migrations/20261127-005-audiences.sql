-- Audiences: rule trees (and, later, uploads) kept as data; snapshots freeze members for a run.

-- A JSON value as a number: JSON numbers, and strings that spell one (imports keep text as text).
CREATE FUNCTION clarion_num(value jsonb) RETURNS numeric
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE jsonb_typeof(value)
    WHEN 'number' THEN value::numeric
    WHEN 'string' THEN CASE WHEN value #>> '{}' ~ '^\s*-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$' THEN (value #>> '{}')::numeric END
  END
$$;

-- A JSON value as a boolean: JSON booleans, and the strings true/false/yes/no/1/0.
CREATE FUNCTION clarion_bool(value jsonb) RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE jsonb_typeof(value)
    WHEN 'boolean' THEN value::boolean
    WHEN 'string' THEN CASE lower(value #>> '{}') WHEN 'true' THEN true WHEN 'yes' THEN true WHEN '1' THEN true
                                                 WHEN 'false' THEN false WHEN 'no' THEN false WHEN '0' THEN false END
  END
$$;

CREATE TABLE audiences (
  sandbox_id  uuid NOT NULL REFERENCES sandboxes (id) ON DELETE CASCADE,
  id          uuid NOT NULL DEFAULT gen_random_uuid(),
  name        text NOT NULL,
  description text NOT NULL DEFAULT '',
  kind        text NOT NULL CHECK (kind IN ('rule')),
  definition  jsonb NOT NULL,
  version     integer NOT NULL DEFAULT 1,
  created_by  text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (sandbox_id, id),
  UNIQUE (sandbox_id, name)
);

-- Audiences a rule refers to, for cycle checks and for refusing to delete what is in use.
CREATE TABLE audience_references (
  sandbox_id  uuid NOT NULL,
  audience_id uuid NOT NULL,
  refers_to   uuid NOT NULL,
  PRIMARY KEY (sandbox_id, audience_id, refers_to),
  FOREIGN KEY (sandbox_id, audience_id) REFERENCES audiences (sandbox_id, id) ON DELETE CASCADE
);
CREATE INDEX audience_references_target_idx ON audience_references (sandbox_id, refers_to);
