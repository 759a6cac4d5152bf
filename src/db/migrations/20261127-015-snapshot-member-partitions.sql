-- Snapshot members: one partition per snapshot. A snapshot's members are written into a table of
-- their own whose primary key is built once, after the load (a sorted build instead of a million
-- index insertions), then attached in the same transaction, so a snapshot is whole or absent and
-- as crash-safe as any table. Retention detaches and drops the partition instead of deleting rows.
-- Partitions live in the clarion_snapshots schema, named members_<snapshot id as 32 hex digits>.
CREATE SCHEMA clarion_snapshots;

ALTER TABLE audience_snapshot_members RENAME TO audience_snapshot_members_unpartitioned;
ALTER INDEX audience_snapshot_members_pkey RENAME TO audience_snapshot_members_unpartitioned_pkey;

CREATE TABLE audience_snapshot_members (
  sandbox_id  uuid NOT NULL,
  snapshot_id uuid NOT NULL,
  profile_id  uuid NOT NULL,
  attributes  jsonb,
  PRIMARY KEY (sandbox_id, snapshot_id, profile_id)
) PARTITION BY LIST (snapshot_id);

-- Members taken before this change move to partitions of their own; rows of snapshots that no
-- longer exist are left behind with the old table.
DO $$
DECLARE
  snapshot record;
  part text;
BEGIN
  FOR snapshot IN
    SELECT s.id FROM audience_snapshots s
     WHERE EXISTS (SELECT 1 FROM audience_snapshot_members_unpartitioned m
                    WHERE m.sandbox_id = s.sandbox_id AND m.snapshot_id = s.id)
  LOOP
    part := 'members_' || replace(snapshot.id::text, '-', '');
    EXECUTE format('CREATE TABLE clarion_snapshots.%I (LIKE audience_snapshot_members, CHECK (snapshot_id = %L::uuid))',
                   part, snapshot.id);
    EXECUTE format('INSERT INTO clarion_snapshots.%I (sandbox_id, snapshot_id, profile_id, attributes)
                    SELECT sandbox_id, snapshot_id, profile_id, attributes FROM audience_snapshot_members_unpartitioned
                     WHERE snapshot_id = %L::uuid ORDER BY profile_id', part, snapshot.id);
    EXECUTE format('ALTER TABLE clarion_snapshots.%I ADD PRIMARY KEY (sandbox_id, snapshot_id, profile_id)', part);
    EXECUTE format('ALTER TABLE audience_snapshot_members ATTACH PARTITION clarion_snapshots.%I FOR VALUES IN (%L)',
                   part, snapshot.id);
  END LOOP;
END
$$;

DROP TABLE audience_snapshot_members_unpartitioned;
