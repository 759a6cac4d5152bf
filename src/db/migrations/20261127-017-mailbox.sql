-- The local mailbox (SPEC X9): what configurations with the `mailbox` provider "send" is kept
-- here instead of leaving the machine. Email as its raw MIME message (DKIM-signed when the
-- configuration has a key), SMS and push as their JSON payload.
CREATE TABLE mailbox_messages (
  sandbox_id       uuid NOT NULL REFERENCES sandboxes (id) ON DELETE CASCADE,
  id               uuid NOT NULL DEFAULT gen_random_uuid(),
  channel          text NOT NULL CHECK (channel IN ('email', 'sms', 'push')),
  configuration_id uuid NOT NULL,
  message_id       text NOT NULL,
  recipient        text NOT NULL,
  -- Email subject or push title; empty for SMS.
  subject          text NOT NULL DEFAULT '',
  -- Plain text for listing and searching: the email's text part, the SMS or push body.
  preview          text NOT NULL DEFAULT '',
  raw              bytea,
  payload          jsonb,
  created_at       timestamptz NOT NULL,
  PRIMARY KEY (sandbox_id, id),
  CHECK (CASE WHEN channel = 'email' THEN raw IS NOT NULL AND payload IS NULL
              ELSE raw IS NULL AND payload IS NOT NULL END)
);
-- Newest first, per sandbox, for the console's list and its cursor.
CREATE INDEX mailbox_messages_recent_idx ON mailbox_messages (sandbox_id, created_at DESC, id DESC);
