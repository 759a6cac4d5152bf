// An audience's name and description, as every audience form asks for them.
import { Stack, TextInput, Textarea } from '@mantine/core';
import type { FieldErrors } from '../api/forms.ts';

export function NameFields({
  name,
  description,
  errors,
  onName,
  onDescription,
}: {
  name: string;
  description: string;
  errors: FieldErrors;
  onName: (name: string) => void;
  onDescription: (description: string) => void;
}) {
  return (
    <Stack gap="sm" maw={640}>
      <TextInput
        label="Name"
        value={name}
        onChange={(event) => onName(event.currentTarget.value)}
        error={errors['/name']}
        required
        data-autofocus
      />
      <Textarea
        label="Description"
        value={description}
        onChange={(event) => onDescription(event.currentTarget.value)}
        error={errors['/description']}
        autosize
        minRows={2}
      />
    </Stack>
  );
}
