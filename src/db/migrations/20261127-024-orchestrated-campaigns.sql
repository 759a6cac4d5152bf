-- Orchestrated campaigns (SPEC O): the workflow definition as data, its runs, one task per
-- activity of a run, files loaded for Load file activities, alerts, and the high-water marks of
-- incremental queries. Populations between activities are worktables in their own schema, one
-- per transition, kept for inspection until their run is purged.
CREATE SCHEMA IF NOT EXISTS clarion_work;

CREATE TABLE orchestrated_campaigns (
  sandbox_id     uuid NOT NULL REFERENCES sandboxes (id) ON DELETE CASCADE,
  id             uuid NOT NULL DEFAULT gen_random_uuid(),
  name           text NOT NULL,
  description    text NOT NULL DEFAULT '',
  tags           text[] NOT NULL DEFAULT '{}',
  status         text NOT NULL CHECK (status IN ('draft', 'publishing', 'live', 'scheduled', 'completed',
                                                 'closed', 'stopped', 'archived')),
  paused         boolean NOT NULL DEFAULT false,
  version        integer NOT NULL DEFAULT 1,
  -- The live campaign a new version replaces when it is published.
  replaces_id    uuid,
  definition     jsonb NOT NULL,
  error_policy   jsonb NOT NULL,
  next_launch_at timestamptz,
  last_signal_at timestamptz,
  created_by     text NOT NULL,
  created_at     timestamptz NOT NULL,
  updated_by     text NOT NULL,
  updated_at     timestamptz NOT NULL,
  published_by   text,
  published_at   timestamptz,
  PRIMARY KEY (sandbox_id, id)
);
CREATE INDEX orchestrated_campaigns_launch_idx ON orchestrated_campaigns (next_launch_at)
  WHERE next_launch_at IS NOT NULL;

CREATE TABLE orchestrated_runs (
  sandbox_id   uuid NOT NULL REFERENCES sandboxes (id) ON DELETE CASCADE,
  id           uuid NOT NULL DEFAULT gen_random_uuid(),
  campaign_id  uuid NOT NULL,
  run_no       integer NOT NULL,
  mode         text NOT NULL CHECK (mode IN ('test', 'live')),
  trigger      text NOT NULL CHECK (trigger IN ('manual', 'schedule', 'signal')),
  status       text NOT NULL CHECK (status IN ('running', 'paused', 'completed', 'failed', 'stopped')),
  -- The definition this run executes (a published campaign's, or the draft's at test time).
  definition   jsonb NOT NULL,
  variables    jsonb NOT NULL DEFAULT '{}',
  error        text,
  created_by   text NOT NULL,
  started_at   timestamptz NOT NULL,
  finished_at  timestamptz,
  purged_at    timestamptz,
  PRIMARY KEY (sandbox_id, id),
  UNIQUE (sandbox_id, campaign_id, run_no),
  FOREIGN KEY (sandbox_id, campaign_id) REFERENCES orchestrated_campaigns (sandbox_id, id) ON DELETE CASCADE
);

CREATE TABLE orchestrated_tasks (
  sandbox_id   uuid NOT NULL,
  run_id       uuid NOT NULL,
  activity_id  text NOT NULL,
  kind         text NOT NULL,
  status       text NOT NULL CHECK (status IN ('pending', 'running', 'waiting', 'needsAttention',
                                               'error', 'done', 'skipped')),
  attempts     integer NOT NULL DEFAULT 0,
  wake_at      timestamptz,
  started_at   timestamptz,
  finished_at  timestamptz,
  duration_ms  integer,
  -- port → worktable {table, dimension, keys, columns, count}
  outputs      jsonb NOT NULL DEFAULT '{}',
  -- what the activity keeps between attempts (a confirmation, an execution id …)
  state        jsonb NOT NULL DEFAULT '{}',
  -- [{at, level, message, sql?}]
  logs         jsonb NOT NULL DEFAULT '[]',
  error        text,
  PRIMARY KEY (sandbox_id, run_id, activity_id),
  FOREIGN KEY (sandbox_id, run_id) REFERENCES orchestrated_runs (sandbox_id, id) ON DELETE CASCADE
);
CREATE INDEX orchestrated_tasks_wake_idx ON orchestrated_tasks (wake_at) WHERE status = 'waiting';
CREATE INDEX orchestrated_tasks_running_idx ON orchestrated_tasks (started_at) WHERE status = 'running';

CREATE TABLE orchestrated_files (
  sandbox_id   uuid NOT NULL REFERENCES sandboxes (id) ON DELETE CASCADE,
  id           uuid NOT NULL DEFAULT gen_random_uuid(),
  name         text NOT NULL,
  size_bytes   bigint NOT NULL,
  line_count   integer NOT NULL,
  -- The raw lines as text columns in clarion_work (typed by the Load file activity).
  table_name   text NOT NULL,
  headers      text[] NOT NULL,
  created_by   text NOT NULL,
  created_at   timestamptz NOT NULL,
  PRIMARY KEY (sandbox_id, id)
);

CREATE TABLE orchestrated_alerts (
  sandbox_id   uuid NOT NULL REFERENCES sandboxes (id) ON DELETE CASCADE,
  id           uuid NOT NULL DEFAULT gen_random_uuid(),
  campaign_id  uuid NOT NULL,
  run_id       uuid NOT NULL,
  activity_id  text NOT NULL,
  user_id      uuid NOT NULL,
  subject      text NOT NULL,
  message      text NOT NULL,
  created_at   timestamptz NOT NULL,
  read_at      timestamptz,
  PRIMARY KEY (sandbox_id, id)
);
CREATE INDEX orchestrated_alerts_user_idx ON orchestrated_alerts (sandbox_id, user_id, created_at DESC);

-- The newest row an Incremental query has passed on, per campaign and activity.
CREATE TABLE orchestrated_watermarks (
  sandbox_id   uuid NOT NULL REFERENCES sandboxes (id) ON DELETE CASCADE,
  campaign_id  uuid NOT NULL,
  activity_id  text NOT NULL,
  high_water   timestamptz NOT NULL,
  run_id       uuid NOT NULL,
  updated_at   timestamptz NOT NULL,
  PRIMARY KEY (sandbox_id, campaign_id, activity_id)
);
