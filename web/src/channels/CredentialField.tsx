// A write-only secret: whether it is set, and a way to replace or remove it. A stored value is
// never shown (the API does not return it); a new one is sent with the next save.
import { Badge, Button, Group, Input, PasswordInput, Stack, Textarea } from '@mantine/core';
import { useState } from 'react';
import type { CredentialName } from '../api/channels.ts';
import { fieldId } from './fields.ts';
import { CREDENTIAL_LABELS } from './labels.ts';

const MULTILINE: ReadonlySet<CredentialName> = new Set([
  'dkimPrivateKey',
  'apnsPrivateKey',
  'fcmServiceAccount',
]);

const HINTS: Record<CredentialName, string> = {
  smtpPassword: 'The password of the SMTP username.',
  apiKey: 'Sent as a bearer token to the email API.',
  dkimPrivateKey: 'RSA private key in PEM (at least 1024 bits) for the DKIM domain.',
  authToken: 'The account’s auth token (basic auth with the account SID).',
  webhookSecret: 'Signs each request (X-Clarion-Signature) so the receiver can check it.',
  apnsPrivateKey: 'The .p8 token key from Apple (an EC P-256 key in PEM).',
  fcmServiceAccount: 'The service account’s key file (JSON) from the Firebase console.',
  vapidPrivateKey: 'The VAPID private key: 32 bytes in base64url.',
};

interface CredentialFieldProps {
  name: CredentialName;
  /** Stored on the server (from `credentialsSet`). */
  isSet: boolean;
  /** The pending change: a new value, "" to remove, undefined to leave it as it is. */
  change: string | undefined;
  onChange: (change: string | undefined) => void;
  error?: string | undefined;
  readOnly?: boolean;
}

export function CredentialField({
  name,
  isSet,
  change,
  onChange,
  error,
  readOnly,
}: CredentialFieldProps) {
  const label = CREDENTIAL_LABELS[name];
  const [editing, setEditing] = useState(change !== undefined && change !== '');
  const [text, setText] = useState(change ?? '');
  const id = fieldId(`/credentials/${name}`);
  const removing = change === '';

  const edit = (value: string) => {
    setText(value);
    onChange(value === '' ? undefined : value);
  };
  const cancel = () => {
    setEditing(false);
    setText('');
    onChange(undefined);
  };

  if (editing) {
    const common = {
      id,
      label,
      description: HINTS[name],
      value: text,
      error,
      autoComplete: 'off',
      spellCheck: false,
      'data-autofocus': true,
    };
    return (
      <Stack gap={4}>
        {MULTILINE.has(name) ? (
          <Textarea
            {...common}
            onChange={(event) => edit(event.currentTarget.value)}
            autosize
            minRows={3}
            maxRows={10}
            styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 12 } }}
          />
        ) : (
          <PasswordInput {...common} onChange={(event) => edit(event.currentTarget.value)} />
        )}
        <Group gap="xs">
          <Button size="compact-xs" variant="subtle" color="gray" onClick={cancel}>
            {isSet ? 'Keep the stored value' : 'Cancel'}
          </Button>
        </Group>
      </Stack>
    );
  }

  return (
    <Input.Wrapper
      label={label}
      labelElement="div"
      description={HINTS[name]}
      error={error}
      data-credential={name}
    >
      <Group gap="xs" mt={4}>
        {removing ? (
          <Badge color="red" variant="light">
            Removed on save
          </Badge>
        ) : isSet ? (
          <Badge color="green" variant="light" aria-label={`${label} is set`}>
            Set
          </Badge>
        ) : (
          <Badge color="gray" variant="light" aria-label={`${label} is not set`}>
            Not set
          </Badge>
        )}
        {!readOnly && removing && (
          <Button id={id} size="compact-sm" variant="subtle" onClick={() => onChange(undefined)}>
            Undo
          </Button>
        )}
        {!readOnly && !removing && (
          <Button
            id={id}
            size="compact-sm"
            variant="light"
            aria-label={`${isSet ? 'Replace' : 'Set'} ${label.toLowerCase()}`}
            onClick={() => setEditing(true)}
          >
            {isSet ? 'Replace' : 'Set'}
          </Button>
        )}
        {!readOnly && isSet && !removing && (
          <Button
            size="compact-sm"
            variant="subtle"
            color="red"
            aria-label={`Remove ${label.toLowerCase()}`}
            onClick={() => onChange('')}
          >
            Remove
          </Button>
        )}
      </Group>
    </Input.Wrapper>
  );
}
