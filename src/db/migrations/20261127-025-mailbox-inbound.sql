-- The mailbox's SMTP sink (SPEC X9): an SMTP configuration (or any mail client) pointed at it
-- delivers real MIME messages, which land here beside what mailbox providers captured. Such a
-- message names no Clarion configuration; it keeps its envelope sender, and a note when its MIME
-- could not be parsed (the raw source is kept whatever it holds).
ALTER TABLE mailbox_messages
  ADD COLUMN source text NOT NULL DEFAULT 'provider' CHECK (source IN ('provider', 'smtp')),
  ADD COLUMN envelope_from text,
  ADD COLUMN parse_error text,
  ALTER COLUMN configuration_id DROP NOT NULL,
  ADD CONSTRAINT mailbox_messages_source_shape CHECK (
    CASE WHEN source = 'smtp' THEN channel = 'email' AND configuration_id IS NULL
         ELSE configuration_id IS NOT NULL AND envelope_from IS NULL AND parse_error IS NULL END
  );
