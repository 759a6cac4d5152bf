-- Profiles, identities, consent, subscription lists, push registrations, events.
-- Every profile-scoped table is keyed by (sandbox_id, profile_id) so it can later be distributed
-- and co-located on that key.

-- Deep merge of JSON objects: keys of b win; nested objects merge recursively.
CREATE FUNCTION clarion_jsonb_merge(a jsonb, b jsonb) RETURNS jsonb
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE
    WHEN a IS NULL OR jsonb_typeof(a) <> 'object' OR b IS NULL OR jsonb_typeof(b) <> 'object' THEN coalesce(b, a)
    ELSE (
      SELECT coalesce(jsonb_object_agg(key, CASE
               WHEN a ? key AND b ? key THEN clarion_jsonb_merge(a -> key, b -> key)
               WHEN b ? key THEN b -> key
               ELSE a -> key END), '{}'::jsonb)
      FROM (SELECT jsonb_object_keys(a) AS key UNION SELECT jsonb_object_keys(b)) AS keys
    )
  END
$$;

CREATE TABLE identity_namespaces (
  sandbox_id  uuid NOT NULL REFERENCES sandboxes (id) ON DELETE CASCADE,
  code        text NOT NULL CHECK (code ~ '^[a-zA-Z][a-zA-Z0-9_]{1,39}$'),
  title       text NOT NULL,
  description text NOT NULL DEFAULT '',
  created_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (sandbox_id, code)
);

CREATE TABLE profiles (
  sandbox_id   uuid NOT NULL REFERENCES sandboxes (id) ON DELETE CASCADE,
  id           uuid NOT NULL DEFAULT gen_random_uuid(),
  attributes   jsonb NOT NULL DEFAULT '{}',
  timezone     text,
  language     text,
  test_profile boolean NOT NULL DEFAULT false,
  created_at   timestamptz NOT NULL DEFAULT now(),
  updated_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (sandbox_id, id)
);
CREATE INDEX profiles_updated_idx ON profiles (sandbox_id, updated_at DESC);
CREATE INDEX profiles_test_idx ON profiles (sandbox_id) WHERE test_profile;

-- The busiest table of an import (several rows per profile): no foreign key, whose per-row check
-- costs as much as the insert; erasure deletes identities explicitly. Values use the C collation
-- so the primary key also serves prefix searches (value LIKE 'abc%').
CREATE TABLE profile_identities (
  sandbox_id uuid NOT NULL,
  namespace  text NOT NULL,
  value      text COLLATE "C" NOT NULL,
  profile_id uuid NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (sandbox_id, namespace, value)
);
CREATE INDEX profile_identities_profile_idx ON profile_identities (sandbox_id, profile_id);

-- Like identities, consent rows are written by the million in imports and carry no foreign key;
-- erasure deletes them explicitly.
CREATE TABLE profile_consent (
  sandbox_id uuid NOT NULL,
  profile_id uuid NOT NULL,
  channel    text NOT NULL CHECK (channel IN ('email', 'sms', 'push')),
  status     text NOT NULL CHECK (status IN ('y', 'n')),
  source     text NOT NULL,
  changed_at timestamptz NOT NULL,
  PRIMARY KEY (sandbox_id, profile_id, channel)
);

CREATE TABLE consent_history (
  id         bigserial,
  sandbox_id uuid NOT NULL,
  profile_id uuid NOT NULL,
  channel    text NOT NULL,
  status     text NOT NULL CHECK (status IN ('y', 'n', 'unknown')),
  source     text NOT NULL,
  at         timestamptz NOT NULL,
  PRIMARY KEY (sandbox_id, profile_id, id)
);

CREATE TABLE subscription_lists (
  sandbox_id  uuid NOT NULL REFERENCES sandboxes (id) ON DELETE CASCADE,
  id          uuid NOT NULL DEFAULT gen_random_uuid(),
  name        text NOT NULL,
  description text NOT NULL DEFAULT '',
  created_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (sandbox_id, id),
  UNIQUE (sandbox_id, name)
);

CREATE TABLE subscription_members (
  sandbox_id    uuid NOT NULL,
  list_id       uuid NOT NULL,
  profile_id    uuid NOT NULL,
  source        text NOT NULL,
  subscribed_at timestamptz NOT NULL,
  PRIMARY KEY (sandbox_id, list_id, profile_id),
  FOREIGN KEY (sandbox_id, list_id) REFERENCES subscription_lists (sandbox_id, id) ON DELETE CASCADE,
  FOREIGN KEY (sandbox_id, profile_id) REFERENCES profiles (sandbox_id, id) ON DELETE CASCADE
);
CREATE INDEX subscription_members_profile_idx ON subscription_members (sandbox_id, profile_id);

CREATE TABLE push_tokens (
  sandbox_id     uuid NOT NULL,
  id             uuid NOT NULL DEFAULT gen_random_uuid(),
  profile_id     uuid NOT NULL,
  platform       text NOT NULL CHECK (platform IN ('apns', 'apnsSandbox', 'fcm', 'web')),
  app_id         text NOT NULL,
  token          text NOT NULL,
  web_keys       jsonb,
  active         boolean NOT NULL DEFAULT true,
  deactivated_at timestamptz,
  deactivated_reason text,
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (sandbox_id, profile_id, id),
  FOREIGN KEY (sandbox_id, profile_id) REFERENCES profiles (sandbox_id, id) ON DELETE CASCADE
);
-- A device token belongs to one profile at a time.
CREATE UNIQUE INDEX push_tokens_token_key ON push_tokens (sandbox_id, app_id, token);

-- Events: read by profile and time (profile page, rule conditions per profile) and by type and
-- time (audience conditions over everyone). Both are btree prefixes; rows are append-only.
CREATE TABLE profile_events (
  sandbox_id  uuid NOT NULL,
  profile_id  uuid NOT NULL,
  id          bigserial,
  type        text NOT NULL,
  at          timestamptz NOT NULL,
  properties  jsonb NOT NULL DEFAULT '{}',
  received_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (sandbox_id, profile_id, at, id),
  FOREIGN KEY (sandbox_id, profile_id) REFERENCES profiles (sandbox_id, id) ON DELETE CASCADE
);
CREATE INDEX profile_events_type_idx ON profile_events (sandbox_id, type, at);
