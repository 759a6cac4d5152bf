-- End activities' signals are delivered from the task's state and marked with their result, so a
-- signal whose process stopped before sending it is sent by the engine's tick. Signals recorded
-- before this were sent (or reported) by the process that ran them: they are marked as such.
UPDATE orchestrated_tasks
   SET state = state || '{"signalResult": "sent before signal results were recorded"}'::jsonb
 WHERE state ? 'signal' AND NOT state ? 'signalResult';

CREATE INDEX orchestrated_tasks_pending_signal_idx ON orchestrated_tasks (sandbox_id)
  WHERE kind = 'end' AND status = 'done' AND state ? 'signal' AND NOT state ? 'signalResult';
