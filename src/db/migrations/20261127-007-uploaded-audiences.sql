-- Uploaded audiences: a CSV of identities (and extra columns kept as audience attributes) loaded
-- through the import machinery. Members of one upload are written batch by batch under that
-- upload's import id; the audience counts only the members of its last completed upload, so a
-- file being loaded (or one that failed half-way) is never seen as the audience.
ALTER TABLE audiences DROP CONSTRAINT audiences_kind_check;
ALTER TABLE audiences ADD CONSTRAINT audiences_kind_check CHECK (kind IN ('rule', 'upload'));

ALTER TABLE imports DROP CONSTRAINT imports_kind_check;
ALTER TABLE imports ADD CONSTRAINT imports_kind_check CHECK (kind IN ('profiles', 'dataset', 'audience'));
ALTER TABLE imports ADD COLUMN audience_id uuid;

CREATE TABLE audience_members (
  sandbox_id  uuid NOT NULL,
  audience_id uuid NOT NULL,
  import_id   uuid NOT NULL,
  profile_id  uuid NOT NULL,
  line        bigint NOT NULL,
  attributes  jsonb NOT NULL DEFAULT '{}',
  PRIMARY KEY (sandbox_id, audience_id, import_id, profile_id),
  FOREIGN KEY (sandbox_id, audience_id) REFERENCES audiences (sandbox_id, id) ON DELETE CASCADE,
  -- Erasing a profile takes it out of every uploaded audience.
  FOREIGN KEY (sandbox_id, profile_id) REFERENCES profiles (sandbox_id, id) ON DELETE CASCADE
);
CREATE INDEX audience_members_profile_idx ON audience_members (sandbox_id, profile_id);
-- Members are listed in file order.
CREATE INDEX audience_members_line_idx ON audience_members (sandbox_id, audience_id, import_id, line);

-- A snapshot of an uploaded audience carries each member's upload columns.
ALTER TABLE audience_snapshot_members ADD COLUMN attributes jsonb;
