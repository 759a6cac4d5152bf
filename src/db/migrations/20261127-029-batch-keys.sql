-- Batches and mirror pages no longer check their execution row by row. PostgreSQL runs a foreign
-- key check with a plan it keeps per connection; made while `executions` was small, that plan is a
-- sequential scan, and it stays one while the table grows between two autovacuum ANALYZE runs: an
-- API-triggered call (one execution and one batch) then scanned every execution so far, up to
-- 5 ms per call after a few thousand. Both rows are written by the code that writes their
-- execution, in its transaction; executions are only ever deleted with their sandbox, which
-- removes batches and mirror pages through their own key to it.
ALTER TABLE execution_batches
  DROP CONSTRAINT execution_batches_sandbox_id_execution_id_fkey,
  ADD CONSTRAINT execution_batches_sandbox_fkey
    FOREIGN KEY (sandbox_id) REFERENCES sandboxes (id) ON DELETE CASCADE;

ALTER TABLE message_mirrors
  DROP CONSTRAINT message_mirrors_sandbox_id_execution_id_fkey,
  ADD CONSTRAINT message_mirrors_sandbox_fkey
    FOREIGN KEY (sandbox_id) REFERENCES sandboxes (id) ON DELETE CASCADE;
