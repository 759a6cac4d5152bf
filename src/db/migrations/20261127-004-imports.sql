-- Imports of profiles and dataset rows: state, progress, and the rejected lines.
CREATE TABLE imports (
  sandbox_id     uuid NOT NULL REFERENCES sandboxes (id) ON DELETE CASCADE,
  id             uuid NOT NULL DEFAULT gen_random_uuid(),
  kind           text NOT NULL CHECK (kind IN ('profiles', 'dataset')),
  dataset_name   text,
  format         text NOT NULL CHECK (format IN ('csv', 'ndjson')),
  file_name      text NOT NULL DEFAULT '',
  mapping        jsonb NOT NULL DEFAULT '{}',
  options        jsonb NOT NULL DEFAULT '{}',
  status         text NOT NULL CHECK (status IN ('waiting', 'running', 'completed', 'failed')),
  bytes_read     bigint NOT NULL DEFAULT 0,
  bytes_total    bigint,
  rows_read      bigint NOT NULL DEFAULT 0,
  rows_accepted  bigint NOT NULL DEFAULT 0,
  rows_rejected  bigint NOT NULL DEFAULT 0,
  error          text,
  created_by     text NOT NULL,
  created_at     timestamptz NOT NULL DEFAULT now(),
  started_at     timestamptz,
  heartbeat_at   timestamptz,
  finished_at    timestamptz,
  PRIMARY KEY (sandbox_id, id)
);
CREATE INDEX imports_created_idx ON imports (sandbox_id, created_at DESC);

CREATE TABLE import_rejections (
  sandbox_id uuid NOT NULL,
  import_id  uuid NOT NULL,
  line       bigint NOT NULL,
  field      text NOT NULL DEFAULT '',
  reason     text NOT NULL,
  FOREIGN KEY (sandbox_id, import_id) REFERENCES imports (sandbox_id, id) ON DELETE CASCADE
);
CREATE INDEX import_rejections_idx ON import_rejections (sandbox_id, import_id, line);
