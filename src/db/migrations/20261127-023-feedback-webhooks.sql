-- The feedback webhook of API-triggered campaigns (SPEC T4): one endpoint per sandbox, the
-- outbox of delivery events POSTed to it (one row per message event, emitted once, retried with
-- backoff), and how far each execution's messages and feedback have been read.
CREATE TABLE feedback_webhooks (
  sandbox_id  uuid PRIMARY KEY REFERENCES sandboxes (id) ON DELETE CASCADE,
  url         text NOT NULL,
  -- The signing secret, sealed like channel credentials (AES-256-GCM under CLARION_SECRET).
  secret      bytea NOT NULL,
  enabled     boolean NOT NULL,
  created_by  text NOT NULL,
  created_at  timestamptz NOT NULL,
  updated_by  text NOT NULL,
  updated_at  timestamptz NOT NULL
);

CREATE TABLE webhook_events (
  sandbox_id      uuid NOT NULL REFERENCES sandboxes (id) ON DELETE CASCADE,
  id              uuid NOT NULL,
  -- Paging order of the delivery log.
  seq             bigint GENERATED ALWAYS AS IDENTITY,
  -- NULL for test events.
  execution_id    uuid,
  recipient_key   text,
  action_id       text,
  request_id      text,
  event_type      text NOT NULL
    CHECK (event_type IN ('sent', 'delivered', 'exclude', 'error', 'bounce', 'complaint', 'test')),
  -- The delivery_feedback row a bounce or complaint comes from; 0 for message status events.
  feedback_id     bigint NOT NULL DEFAULT 0,
  payload         jsonb NOT NULL,
  status          text NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
  attempts        integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL,
  last_attempt_at timestamptz,
  last_status_code integer,
  last_error      text,
  created_at      timestamptz NOT NULL,
  delivered_at    timestamptz,
  PRIMARY KEY (sandbox_id, id),
  -- The same event of the same message is emitted once, however often collection runs.
  UNIQUE (sandbox_id, execution_id, recipient_key, action_id, event_type, feedback_id)
);
CREATE INDEX webhook_events_due_idx ON webhook_events (next_attempt_at) WHERE status = 'pending';
CREATE INDEX webhook_events_log_idx ON webhook_events (sandbox_id, seq DESC);
CREATE INDEX webhook_events_request_idx ON webhook_events (sandbox_id, request_id, seq DESC);
CREATE INDEX webhook_events_old_idx ON webhook_events (created_at);

-- Collection reads each execution's messages and feedback changed since `seen_until` (with a
-- look-back for transactions that committed late); a row per execution that reports feedback.
CREATE TABLE webhook_progress (
  sandbox_id   uuid NOT NULL,
  execution_id uuid NOT NULL,
  seen_until   timestamptz NOT NULL,
  PRIMARY KEY (sandbox_id, execution_id)
);

-- The recent executions whose messages report to the webhook.
CREATE INDEX executions_feedback_idx ON executions (created_at) WHERE feedback;
