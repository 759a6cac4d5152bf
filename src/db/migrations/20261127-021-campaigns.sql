-- Action and API-triggered campaigns (SPEC S, T1), their scheduled runs, approval requests, and
-- the governance objects they may use: approval policies (G1), business rules (G2) and quiet
-- hours (G3). Campaign parts (action, content, audience, schedule, controls) are JSON documents
-- validated by the service's schemas; the list filters read the plain columns.
CREATE TABLE campaigns (
  sandbox_id   uuid NOT NULL REFERENCES sandboxes (id) ON DELETE CASCADE,
  id           uuid NOT NULL DEFAULT gen_random_uuid(),
  type         text NOT NULL CHECK (type IN ('scheduled', 'api')),
  category     text NOT NULL CHECK (category IN ('marketing', 'transactional')),
  name         text NOT NULL,
  description  text NOT NULL DEFAULT '',
  tags         text[] NOT NULL DEFAULT '{}',
  status       text NOT NULL CHECK (status IN ('draft', 'inReview', 'scheduled', 'live', 'stopped', 'completed', 'failed', 'archived')),
  version      integer NOT NULL DEFAULT 1,
  -- A draft made by "modify" from a live recurring campaign replaces that campaign on activation.
  replaces_id  uuid,
  channel      text CHECK (channel IN ('email', 'sms', 'push')),
  action       jsonb,
  content      jsonb,
  audience     jsonb,
  schedule     jsonb,
  controls     jsonb,
  created_by   text NOT NULL,
  created_at   timestamptz NOT NULL,
  updated_by   text NOT NULL,
  updated_at   timestamptz NOT NULL,
  activated_by text,
  activated_at timestamptz,
  PRIMARY KEY (sandbox_id, id)
);
CREATE INDEX campaigns_list_idx ON campaigns (sandbox_id, created_at DESC, id);
CREATE INDEX campaigns_tags_idx ON campaigns USING gin (tags);

-- Every run a schedule asks for, written when the campaign is activated (and the next one when a
-- run is planned), so a restart in between loses nothing; a run becomes an execution.
CREATE TABLE campaign_runs (
  sandbox_id   uuid NOT NULL,
  campaign_id  uuid NOT NULL,
  run_no       integer NOT NULL,
  -- The nominal slot (campaign time zone) and when planning must start (earlier for local time).
  slot_at      timestamptz NOT NULL,
  due_at       timestamptz NOT NULL,
  status       text NOT NULL CHECK (status IN ('scheduled', 'sending', 'completed', 'cancelled', 'failed')),
  execution_id uuid,
  error        text,
  started_at   timestamptz,
  finished_at  timestamptz,
  PRIMARY KEY (sandbox_id, campaign_id, run_no),
  FOREIGN KEY (sandbox_id, campaign_id) REFERENCES campaigns (sandbox_id, id) ON DELETE CASCADE
);
CREATE INDEX campaign_runs_due_idx ON campaign_runs (due_at) WHERE status = 'scheduled';

ALTER TABLE executions ADD COLUMN run_no integer;
-- Content variants of an execution (targeting rules, experiment treatments) by key; a message
-- names its variant; none means the execution's content.
ALTER TABLE executions ADD COLUMN variants jsonb;
ALTER TABLE messages ADD COLUMN treatment text;

CREATE TABLE approval_policies (
  sandbox_id          uuid NOT NULL REFERENCES sandboxes (id) ON DELETE CASCADE,
  id                  uuid NOT NULL DEFAULT gen_random_uuid(),
  name                text NOT NULL,
  status              text NOT NULL CHECK (status IN ('draft', 'active', 'inactive')),
  match               jsonb NOT NULL,
  approvers           jsonb NOT NULL,
  block_self_approval boolean NOT NULL DEFAULT false,
  created_by          text NOT NULL,
  created_at          timestamptz NOT NULL,
  updated_by          text NOT NULL,
  updated_at          timestamptz NOT NULL,
  PRIMARY KEY (sandbox_id, id)
);
CREATE UNIQUE INDEX approval_policies_name_idx ON approval_policies (sandbox_id, lower(name));

CREATE TABLE approval_requests (
  sandbox_id      uuid NOT NULL,
  id              uuid NOT NULL DEFAULT gen_random_uuid(),
  campaign_id     uuid NOT NULL,
  policy_ids      uuid[] NOT NULL,
  -- Who may decide, frozen at request time: user ids and roles.
  approver_users  uuid[] NOT NULL DEFAULT '{}',
  approver_roles  text[] NOT NULL DEFAULT '{}',
  block_self      boolean NOT NULL DEFAULT false,
  status          text NOT NULL CHECK (status IN ('pending', 'approved', 'changesRequested', 'cancelled')),
  requested_by    uuid,
  requested_label text NOT NULL,
  requested_at    timestamptz NOT NULL,
  decided_by      uuid,
  decided_label   text,
  decided_at      timestamptz,
  message         text,
  PRIMARY KEY (sandbox_id, id),
  FOREIGN KEY (sandbox_id, campaign_id) REFERENCES campaigns (sandbox_id, id) ON DELETE CASCADE
);
CREATE INDEX approval_requests_campaign_idx ON approval_requests (sandbox_id, campaign_id, requested_at DESC);
CREATE INDEX approval_requests_pending_idx ON approval_requests (sandbox_id, requested_at) WHERE status = 'pending';

CREATE TABLE business_rule_sets (
  sandbox_id uuid NOT NULL REFERENCES sandboxes (id) ON DELETE CASCADE,
  id         uuid NOT NULL DEFAULT gen_random_uuid(),
  name       text NOT NULL,
  status     text NOT NULL CHECK (status IN ('draft', 'active', 'inactive')),
  caps       jsonb NOT NULL,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL,
  updated_by text NOT NULL,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (sandbox_id, id)
);
CREATE UNIQUE INDEX business_rule_sets_name_idx ON business_rule_sets (sandbox_id, lower(name));

CREATE TABLE quiet_hours (
  sandbox_id uuid NOT NULL REFERENCES sandboxes (id) ON DELETE CASCADE,
  id         uuid NOT NULL DEFAULT gen_random_uuid(),
  name       text NOT NULL,
  status     text NOT NULL CHECK (status IN ('draft', 'active', 'inactive')),
  definition jsonb NOT NULL,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL,
  updated_by text NOT NULL,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (sandbox_id, id)
);
CREATE UNIQUE INDEX quiet_hours_name_idx ON quiet_hours (sandbox_id, lower(name));

