-- Snapshots freeze an audience's members for one run, so every later step reads the same list.
CREATE TABLE audience_snapshots (
  sandbox_id   uuid NOT NULL REFERENCES sandboxes (id) ON DELETE CASCADE,
  id           uuid NOT NULL DEFAULT gen_random_uuid(),
  audience_id  uuid NOT NULL,
  members      bigint NOT NULL DEFAULT 0,
  took_ms      integer NOT NULL DEFAULT 0,
  created_by   text NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  expires_at   timestamptz NOT NULL,
  PRIMARY KEY (sandbox_id, id)
);
CREATE INDEX audience_snapshots_expiry_idx ON audience_snapshots (expires_at);
CREATE INDEX audience_snapshots_audience_idx ON audience_snapshots (sandbox_id, audience_id, created_at DESC);

-- Append-only and read in order: no foreign key per member row; deleting a snapshot deletes its members.
CREATE TABLE audience_snapshot_members (
  sandbox_id  uuid NOT NULL,
  snapshot_id uuid NOT NULL,
  profile_id  uuid NOT NULL,
  PRIMARY KEY (sandbox_id, snapshot_id, profile_id)
);
