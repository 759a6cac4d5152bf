-- The send pipeline: an execution (one send of one action to a set of recipients), its message
-- rows — written before any provider call, one per (execution, recipient, action), excluded ones
-- with their reason — and the batches workers claim with a lease.
CREATE TABLE executions (
  sandbox_id        uuid NOT NULL REFERENCES sandboxes (id) ON DELETE CASCADE,
  id                uuid NOT NULL DEFAULT gen_random_uuid(),
  campaign_id       uuid,
  action_id         text NOT NULL,
  channel           text NOT NULL CHECK (channel IN ('email', 'sms', 'push')),
  category          text NOT NULL CHECK (category IN ('marketing', 'transactional')),
  configuration_id  uuid NOT NULL,
  content           jsonb NOT NULL,
  snapshot_id       uuid,
  rate_per_second   integer CHECK (rate_per_second BETWEEN 1 AND 2000),
  batch_size        integer NOT NULL CHECK (batch_size BETWEEN 1 AND 10000),
  status            text NOT NULL CHECK (status IN ('planned', 'sending', 'completed', 'cancelled')),
  recipients        bigint NOT NULL DEFAULT 0,
  excluded          bigint NOT NULL DEFAULT 0,
  batches           integer NOT NULL DEFAULT 0,
  created_by        text NOT NULL,
  created_at        timestamptz NOT NULL,
  starts_at         timestamptz NOT NULL,
  finished_at       timestamptz,
  PRIMARY KEY (sandbox_id, id)
);
CREATE INDEX executions_campaign_idx ON executions (sandbox_id, campaign_id, created_at DESC);

-- Addresses that must not be sent to (hard bounces, spam complaints, manual entries).
CREATE TABLE suppressions (
  sandbox_id uuid NOT NULL REFERENCES sandboxes (id) ON DELETE CASCADE,
  channel    text NOT NULL CHECK (channel IN ('email', 'sms', 'push')),
  address    text COLLATE "C" NOT NULL,
  reason     text NOT NULL,
  category   text NOT NULL CHECK (category IN ('hardBounce', 'softBounce', 'spamComplaint', 'manual', 'unsubscribe')),
  created_by text NOT NULL,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (sandbox_id, channel, address)
);

-- Messages are the bulk of the pipeline: no foreign keys per row; an execution's rows go with it.
CREATE TABLE messages (
  sandbox_id    uuid NOT NULL,
  execution_id  uuid NOT NULL,
  recipient_key text NOT NULL,
  action_id     text NOT NULL,
  profile_id    uuid,
  address       text,
  status        text NOT NULL CHECK (status IN ('excluded', 'queued', 'sending', 'sent', 'failed', 'retrying')),
  reason        text,
  batch_no      integer,
  attempts      integer NOT NULL DEFAULT 0,
  provider_id   text,
  error         text,
  created_at    timestamptz NOT NULL,
  updated_at    timestamptz NOT NULL,
  sent_at       timestamptz,
  PRIMARY KEY (sandbox_id, execution_id, recipient_key, action_id)
);
CREATE INDEX messages_batch_idx ON messages (sandbox_id, execution_id, batch_no) WHERE batch_no IS NOT NULL;
CREATE INDEX messages_profile_idx ON messages (sandbox_id, profile_id, created_at DESC);

CREATE TABLE execution_batches (
  sandbox_id   uuid NOT NULL,
  execution_id uuid NOT NULL,
  batch_no     integer NOT NULL,
  status       text NOT NULL CHECK (status IN ('pending', 'claimed', 'done')),
  not_before   timestamptz NOT NULL,
  lease_until  timestamptz,
  claimed_by   text,
  claims       integer NOT NULL DEFAULT 0,
  PRIMARY KEY (sandbox_id, execution_id, batch_no),
  FOREIGN KEY (sandbox_id, execution_id) REFERENCES executions (sandbox_id, id) ON DELETE CASCADE
);
-- Workers look for the next batch that is due, or whose lease ran out.
CREATE INDEX execution_batches_due_idx ON execution_batches (not_before) WHERE status <> 'done';

