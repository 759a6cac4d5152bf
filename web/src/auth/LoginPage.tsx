import { Alert, Button, PasswordInput, TextInput } from '@mantine/core';
import { IconAlertCircle } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { LoginRequest } from '../../../src/platform/model.ts';
import { signIn } from '../api/auth.ts';
import { messageOf } from '../api/client.ts';
import { clearField, schemaErrors, type FieldErrors } from '../api/forms.ts';
import { AuthFrame } from './AuthFrame.tsx';

export function LoginPage({ onSignedIn }: { onSignedIn: () => Promise<void> }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [fields, setFields] = useState<FieldErrors>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const body = { email: email.trim(), password };
    const problems = schemaErrors(LoginRequest, body);
    setFields(problems);
    setFailure(null);
    if (Object.keys(problems).length) return;
    setBusy(true);
    try {
      await signIn(body.email, body.password);
      await onSignedIn();
    } catch (error) {
      setFailure(messageOf(error));
      setBusy(false);
    }
  };

  return (
    <AuthFrame
      title="Sign in"
      subtitle="Use the email and password your administrator set up for you."
    >
      <form onSubmit={(event) => void submit(event)} noValidate>
        {failure && (
          <Alert color="red" icon={<IconAlertCircle />} mb="md" role="alert">
            {failure}
          </Alert>
        )}
        <TextInput
          label="Email"
          type="email"
          autoComplete="username"
          value={email}
          onChange={(event) => {
            setEmail(event.currentTarget.value);
            setFields((current) => clearField(current, '/email'));
          }}
          error={fields['/email']}
          data-autofocus
          autoFocus
          required
        />
        <PasswordInput
          label="Password"
          autoComplete="current-password"
          value={password}
          onChange={(event) => {
            setPassword(event.currentTarget.value);
            setFields((current) => clearField(current, '/password'));
          }}
          error={fields['/password']}
          mt="md"
          required
        />
        <Button type="submit" fullWidth mt="xl" loading={busy}>
          Sign in
        </Button>
      </form>
    </AuthFrame>
  );
}
