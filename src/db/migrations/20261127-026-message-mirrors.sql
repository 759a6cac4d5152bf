-- The mirror page of an email (`{{mirrorPageUrl}}`, SPEC X6): the HTML exactly as the recipient
-- received it, gzipped, kept only for messages whose content links to its mirror page. It is
-- stored rather than rendered again on request because a later rendering would show the
-- profile's data and the fragments as they are then, not as they were sent.
CREATE TABLE message_mirrors (
  sandbox_id    uuid NOT NULL,
  execution_id  uuid NOT NULL,
  recipient_key text NOT NULL,
  action_id     text NOT NULL,
  profile_id    uuid,
  html_gzip     bytea NOT NULL,
  created_at    timestamptz NOT NULL,
  PRIMARY KEY (sandbox_id, execution_id, recipient_key, action_id),
  FOREIGN KEY (sandbox_id, execution_id) REFERENCES executions (sandbox_id, id) ON DELETE CASCADE
);
