-- Bounces and feedback (SPEC X5): what receivers and providers report about messages after they
-- were handed over — DSNs and ARF complaints at the bounce listener, SMTP replies at send time,
-- SMS status callbacks, dead push tokens — one row per report, classified.
CREATE TABLE delivery_feedback (
  sandbox_id       uuid NOT NULL REFERENCES sandboxes (id) ON DELETE CASCADE,
  id               bigint GENERATED ALWAYS AS IDENTITY,
  channel          text NOT NULL CHECK (channel IN ('email', 'sms', 'push')),
  -- Where the report came from: a DSN or ARF report at the listener, the provider's answer at
  -- send time, or a provider's status callback.
  source           text NOT NULL CHECK (source IN ('dsn', 'arf', 'send', 'callback')),
  kind             text NOT NULL CHECK (kind IN ('hard', 'soft', 'ignored', 'admin', 'complaint')),
  configuration_id uuid,
  execution_id     uuid,
  recipient_key    text,
  action_id        text,
  profile_id       uuid,
  address          text COLLATE "C" NOT NULL,
  -- RFC 3463 enhanced code (5.1.1), SMTP reply (550 5.1.1), provider code (30005, UNREGISTERED).
  status_code      text,
  diagnostic       text NOT NULL DEFAULT '',
  received_at      timestamptz NOT NULL,
  PRIMARY KEY (sandbox_id, id)
);
CREATE INDEX delivery_feedback_address_idx ON delivery_feedback (sandbox_id, channel, address, received_at DESC);
CREATE INDEX delivery_feedback_message_idx ON delivery_feedback (sandbox_id, execution_id, recipient_key, action_id)
  WHERE execution_id IS NOT NULL;
CREATE INDEX delivery_feedback_recent_idx ON delivery_feedback (sandbox_id, received_at DESC);

-- Soft bounces counted per address towards the configuration's threshold: each message counts
-- once; the count starts again after a confirmed delivery, after the address is suppressed, and
-- when the previous soft bounce is older than 30 days.
CREATE TABLE soft_bounce_counts (
  sandbox_id uuid NOT NULL REFERENCES sandboxes (id) ON DELETE CASCADE,
  channel    text NOT NULL CHECK (channel IN ('email', 'sms', 'push')),
  address    text COLLATE "C" NOT NULL,
  bounces    integer NOT NULL,
  first_at   timestamptz NOT NULL,
  last_at    timestamptz NOT NULL,
  PRIMARY KEY (sandbox_id, channel, address)
);

-- A provider may confirm delivery (an SMS status callback, a positive DSN, a complaint).
ALTER TABLE messages DROP CONSTRAINT messages_status_check,
  ADD CONSTRAINT messages_status_check
    CHECK (status IN ('excluded', 'queued', 'sending', 'sent', 'delivered', 'failed', 'retrying'));
