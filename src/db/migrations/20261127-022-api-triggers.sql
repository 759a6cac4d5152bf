-- API-triggered campaigns (SPEC T): the campaign's trigger options, each accepted execution
-- request kept for idempotency (a repeated requestId answers the first response), audience
-- executions scheduled for later, and per-recipient render data (the payload's context and
-- profile overrides) stored with the message before the 202 is answered.
ALTER TABLE campaigns ADD COLUMN trigger jsonb;

ALTER TABLE executions ADD COLUMN request_id text;
-- The request-level context of an audience execution (`context.*` for every recipient).
ALTER TABLE executions ADD COLUMN context jsonb;
-- Delivery feedback of this execution's messages goes to the sandbox's feedback webhook.
ALTER TABLE executions ADD COLUMN feedback boolean NOT NULL DEFAULT false;

-- `{context, profile}` of one recipient of an API call; NULL for campaign sends.
ALTER TABLE messages ADD COLUMN render_data jsonb;

CREATE TABLE trigger_requests (
  sandbox_id   uuid NOT NULL REFERENCES sandboxes (id) ON DELETE CASCADE,
  campaign_id  uuid NOT NULL,
  request_id   text NOT NULL,
  kind         text NOT NULL CHECK (kind IN ('unitary', 'highthroughput', 'audience')),
  execution_id uuid,
  schedule_id  uuid,
  -- The 202 body as first answered; a repeat within the idempotency window gets it again.
  response     jsonb NOT NULL,
  created_by   text NOT NULL,
  created_at   timestamptz NOT NULL,
  PRIMARY KEY (sandbox_id, campaign_id, request_id)
);
CREATE INDEX trigger_requests_created_idx ON trigger_requests (created_at);
CREATE INDEX trigger_requests_execution_idx ON trigger_requests (sandbox_id, execution_id);

CREATE TABLE trigger_schedules (
  sandbox_id   uuid NOT NULL REFERENCES sandboxes (id) ON DELETE CASCADE,
  id           uuid NOT NULL DEFAULT gen_random_uuid(),
  campaign_id  uuid NOT NULL,
  request_id   text NOT NULL,
  audience_id  uuid NOT NULL,
  context      jsonb,
  execute_at   timestamptz NOT NULL,
  status       text NOT NULL CHECK (status IN ('scheduled', 'triggered', 'deleted', 'failed')),
  execution_id uuid,
  error        text,
  created_by   text NOT NULL,
  created_at   timestamptz NOT NULL,
  PRIMARY KEY (sandbox_id, id)
);
CREATE INDEX trigger_schedules_due_idx ON trigger_schedules (execute_at) WHERE status = 'scheduled';
