// The configuration as JSON, for kinds without a form of their own: edited as text, applied
// whenever it parses; its schema problems appear below it like any form's.
import { JsonInput, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import type { FormProps } from './env.ts';

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

export function JsonForm<C>({ config, onChange, errors }: FormProps<C>) {
  const messages = Object.entries(errors);
  return (
    <Stack gap="xs">
      <JsonField
        label="Configuration"
        value={config}
        // Shape problems are reported by the schema check below, like any form's.
        onChange={(value) => onChange(value as C)}
      />
      {messages.map(([path, message]) => (
        <Text key={path} size="xs" c="red">
          {path || '/'}: {message}
        </Text>
      ))}
    </Stack>
  );
}
