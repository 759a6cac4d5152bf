// Decides between the sign-in page and the console, and owns the current sandbox.
import { Center, Loader } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import type { Permission } from '../../../src/platform/permissions.ts';
import { fetchMe, signOut } from '../api/auth.ts';
import { ApiError, currentSandbox, DEFAULT_SANDBOX, setCurrentSandbox } from '../api/client.ts';
import { Shell } from '../shell/Shell.tsx';
import { QueryError } from '../ui/QueryError.tsx';
import { LoginPage } from './LoginPage.tsx';
import { SessionContext, type Session } from './session.ts';

export function SessionGate() {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [sandbox, setSandbox] = useState(currentSandbox);
  const me = useQuery({
    queryKey: ['me', sandbox],
    queryFn: fetchMe,
    placeholderData: keepPreviousData,
  });

  const switchSandbox = useCallback((name: string) => {
    setCurrentSandbox(name);
    setSandbox(name);
  }, []);

  // A remembered sandbox may be gone, or be one this user has no role in: fall back.
  useEffect(() => {
    if (
      me.error instanceof ApiError &&
      me.error.code === 'SANDBOX_NOT_FOUND' &&
      sandbox !== DEFAULT_SANDBOX
    ) {
      switchSandbox(DEFAULT_SANDBOX);
    }
  }, [me.error, sandbox, switchSandbox]);
  useEffect(() => {
    const data = me.data;
    if (!data || me.isPlaceholderData) return;
    if (data.sandboxes.some((s) => s.name === data.sandbox.name)) return;
    const fallback = data.sandboxes.find((s) => s.name === DEFAULT_SANDBOX) ?? data.sandboxes[0];
    if (fallback) switchSandbox(fallback.name);
  }, [me.data, me.isPlaceholderData, switchSandbox]);

  const signOutAndLeave = useCallback(async () => {
    await signOut();
    // What was said to this person is not for whoever signs in next.
    notifications.clean();
    void navigate('/');
    queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== 'me' });
    queryClient.setQueriesData({ queryKey: ['me'] }, null);
  }, [navigate, queryClient]);

  const data = me.data;
  const session = useMemo<Session | null>(() => {
    if (!data) return null;
    const granted = new Set<string>(data.permissions);
    return {
      me: data,
      sandbox,
      can: (permission: Permission) => granted.has(permission),
      switchSandbox,
      signOut: signOutAndLeave,
    };
  }, [data, sandbox, switchSandbox, signOutAndLeave]);

  if (me.isPending) {
    return (
      <Center h="100vh">
        <Loader aria-label="Loading" />
      </Center>
    );
  }
  if (me.isError && !data) {
    return (
      <Center h="100vh" p="md">
        <QueryError error={me.error} onRetry={() => void me.refetch()} />
      </Center>
    );
  }
  if (!session)
    return <LoginPage onSignedIn={() => queryClient.invalidateQueries({ queryKey: ['me'] })} />;
  return (
    <SessionContext.Provider value={session}>
      <Shell />
    </SessionContext.Provider>
  );
}
