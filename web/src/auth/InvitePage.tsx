// Public page behind an invitation link: the invited person sets a password, then signs in.
import { Alert, Anchor, Button, Center, Loader, PasswordInput, Text } from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { InvitationAccept } from '../../../src/platform/model.ts';
import { acceptInvitation, fetchInvitation } from '../api/auth.ts';
import { ApiError, messageOf } from '../api/client.ts';
import { clearField, schemaErrors, serverErrors, type FieldErrors } from '../api/forms.ts';
import { notifySuccess } from '../ui/notify.ts';
import { AuthFrame } from './AuthFrame.tsx';

export function InvitePage() {
  const token = useParams().token ?? '';
  const navigate = useNavigate();
  const invitation = useQuery({
    queryKey: ['invitation', token],
    queryFn: () => fetchInvitation(token),
    retry: false,
  });
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [fields, setFields] = useState<FieldErrors>({});
  const accept = useMutation({
    mutationFn: () => acceptInvitation(token, password),
    onSuccess: () => {
      notifySuccess('Your password is set. Sign in with it now.');
      void navigate('/', { replace: true });
    },
    onError: (error) => setFields(serverErrors(error, ['/password']).fields),
  });

  if (invitation.isPending) {
    return (
      <Center h="100vh">
        <Loader aria-label="Loading" />
      </Center>
    );
  }
  if (invitation.isError) {
    // 404: unknown, used or expired; 400: not even shaped like a token.
    const invalid =
      invitation.error instanceof ApiError &&
      (invitation.error.status === 404 || invitation.error.status === 400);
    return (
      <AuthFrame title="This link does not work">
        <Text>
          {invalid
            ? 'This invitation link is unknown, already used, or expired. Ask your administrator for a new one.'
            : messageOf(invitation.error)}
        </Text>
        <Anchor component={Link} to="/">
          Go to sign-in
        </Anchor>
      </AuthFrame>
    );
  }

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const problems = schemaErrors(InvitationAccept, { password });
    if (!problems['/password'] && password !== repeat)
      problems['/repeat'] = 'The two passwords differ';
    setFields(problems);
    if (Object.keys(problems).length === 0) accept.mutate();
  };

  const general = accept.isError ? serverErrors(accept.error, ['/password']).general : null;
  return (
    <AuthFrame
      title="Set your password"
      subtitle={`For ${invitation.data.name} (${invitation.data.email}). Use at least 12 characters.`}
    >
      <form onSubmit={submit} noValidate>
        {general && (
          <Alert color="red" mb="md" role="alert">
            {general}
          </Alert>
        )}
        <input type="email" value={invitation.data.email} autoComplete="username" readOnly hidden />
        <PasswordInput
          label="New password"
          autoComplete="new-password"
          value={password}
          onChange={(event) => {
            setPassword(event.currentTarget.value);
            setFields((current) => clearField(current, '/password'));
          }}
          error={fields['/password']}
          required
          autoFocus
        />
        <PasswordInput
          label="Repeat the password"
          autoComplete="new-password"
          value={repeat}
          onChange={(event) => {
            setRepeat(event.currentTarget.value);
            setFields((current) => clearField(current, '/repeat'));
          }}
          error={fields['/repeat']}
          mt="md"
          required
        />
        <Button type="submit" fullWidth mt="xl" loading={accept.isPending}>
          Set password
        </Button>
      </form>
    </AuthFrame>
  );
}
