// A part of a configuration edited as JSON text (where a form has no dedicated fields for it):
// applied whenever it parses, the last valid value kept otherwise.
import { JsonInput } from '@mantine/core';
import { useState } from 'react';

export function JsonField({
  label,
  description,
  value,
  onChange,
  error,
}: {
  label: string;
  description?: string;
  value: unknown;
  onChange: (value: unknown) => void;
  error?: string | undefined;
}) {
  const [text, setText] = useState(() => JSON.stringify(value, null, 2));
  const [parseError, setParseError] = useState<string | null>(null);
  return (
    <JsonInput
      label={label}
      description={description}
      value={text}
      autosize
      minRows={4}
      maxRows={18}
      validationError="Not valid JSON"
      formatOnBlur
      onChange={(next) => {
        setText(next);
        try {
          onChange(JSON.parse(next) as unknown);
          setParseError(null);
        } catch {
          setParseError('Not valid JSON yet: the last valid value is kept.');
        }
      }}
      error={parseError ?? error}
      styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 12 } }}
    />
  );
}
