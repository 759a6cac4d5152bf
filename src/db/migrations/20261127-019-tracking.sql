-- Opens, clicks and unsubscribes, per message and per profile.
CREATE TABLE tracking_events (
  sandbox_id    uuid NOT NULL,
  execution_id  uuid NOT NULL,
  id            bigserial,
  recipient_key text NOT NULL,
  action_id     text NOT NULL,
  profile_id    uuid,
  kind          text NOT NULL CHECK (kind IN ('open', 'click', 'unsubscribe')),
  link_index    integer,
  url           text,
  user_agent    text,
  at            timestamptz NOT NULL,
  PRIMARY KEY (sandbox_id, execution_id, id)
);
CREATE INDEX tracking_events_profile_idx ON tracking_events (sandbox_id, profile_id, at DESC);
