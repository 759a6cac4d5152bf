-- A channel configuration's own limit on messages per second (SPEC X3), kept across every
-- execution that sends with it and every worker process. Each batch reserves consecutive send
-- slots from its configuration's pace row in one atomic statement before its messages are taken;
-- the row's next free slot moves on by the batch's size ÷ the limit. The reserved window is kept
-- on the batch, whose messages then go out one slot each.
ALTER TABLE channel_configurations
  ADD COLUMN max_per_second integer CHECK (max_per_second BETWEEN 1 AND 10000);

CREATE TABLE configuration_send_pace (
  sandbox_id       uuid NOT NULL,
  configuration_id uuid NOT NULL,
  next_slot_at     timestamptz NOT NULL,
  PRIMARY KEY (sandbox_id, configuration_id),
  FOREIGN KEY (sandbox_id, configuration_id)
    REFERENCES channel_configurations (sandbox_id, id) ON DELETE CASCADE
);

ALTER TABLE execution_batches
  ADD COLUMN paced_from  timestamptz,
  ADD COLUMN paced_until timestamptz;
