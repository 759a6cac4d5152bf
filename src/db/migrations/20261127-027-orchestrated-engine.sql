-- Orchestrated campaign engine: whether a run was started once (by hand, at a date, by a signal)
-- rather than by a recurring schedule — channel activities of one-shot runs wait for a
-- confirmation of sending.
ALTER TABLE orchestrated_runs ADD COLUMN one_shot boolean NOT NULL DEFAULT true;
