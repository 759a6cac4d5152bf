import { Button, Group, Paper, Switch, Text } from '@mantine/core';
import { IconKey } from '@tabler/icons-react';
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { revokeApiKey, listApiKeys, type ApiKey } from '../../api/admin.ts';
import { useSession } from '../../auth/session.ts';
import { ConfirmModal } from '../../ui/ConfirmModal.tsx';
import { LoadMore } from '../../ui/LoadMore.tsx';
import { notifyFailure, notifySuccess } from '../../ui/notify.ts';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { QueryError } from '../../ui/QueryError.tsx';
import { ApiKeysTable } from './ApiKeysTable.tsx';
import { CreateApiKeyModal } from './CreateApiKeyModal.tsx';

export function ApiKeysPage() {
  const { can, sandbox, me } = useSession();
  const queryClient = useQueryClient();
  const [includeRevoked, setIncludeRevoked] = useState(false);
  const [creating, setCreating] = useState(false);
  const [revoking, setRevoking] = useState<ApiKey | null>(null);
  const keys = useInfiniteQuery({
    queryKey: ['api-keys', sandbox, includeRevoked],
    queryFn: ({ pageParam }) => listApiKeys({ includeRevoked, cursor: pageParam }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
  const revoke = useMutation({
    mutationFn: (key: ApiKey) => revokeApiKey(key.id),
    onSuccess: async (key) => {
      setRevoking(null);
      await queryClient.invalidateQueries({ queryKey: ['api-keys'] });
      notifySuccess(`The key "${key.name}" was revoked; it stopped working at once.`);
    },
    onError: (error) => notifyFailure('Could not revoke the key', error),
  });
  const rows = keys.data?.pages.flatMap((page) => page.items) ?? [];
  const canManage = can('apiKeys.manage');
  const openCreate = canManage ? () => setCreating(true) : undefined;

  return (
    <>
      <PageHeader
        title="API keys"
        description={`Credentials for systems that call the Clarion API in the sandbox ${me.sandbox.title} (${me.sandbox.name}). Each key has one role.`}
        action={
          openCreate && (
            <Button leftSection={<IconKey size={18} />} onClick={openCreate}>
              Create API key
            </Button>
          )
        }
      />
      <Paper withBorder radius="md" p="md">
        <Group mb="md" justify="space-between">
          <Switch
            label="Show revoked"
            checked={includeRevoked}
            onChange={(event) => setIncludeRevoked(event.currentTarget.checked)}
          />
          <Text size="sm" c="dimmed">
            Send a key as <code>Authorization: Bearer &lt;secret&gt;</code>
          </Text>
        </Group>
        {keys.isError ? (
          <QueryError error={keys.error} onRetry={() => void keys.refetch()} />
        ) : (
          <>
            <ApiKeysTable
              keys={rows}
              loading={keys.isPending}
              includeRevoked={includeRevoked}
              onRevoke={canManage ? setRevoking : undefined}
              onCreate={openCreate}
            />
            {!keys.isPending && rows.length > 0 && (
              <LoadMore
                hasMore={keys.hasNextPage}
                loading={keys.isFetchingNextPage}
                shown={rows.length}
                onLoad={() => void keys.fetchNextPage()}
              />
            )}
          </>
        )}
      </Paper>
      <CreateApiKeyModal opened={creating} onClose={() => setCreating(false)} />
      <ConfirmModal
        opened={revoking !== null}
        title={`Revoke "${revoking?.name ?? ''}"?`}
        confirmLabel="Revoke key"
        danger
        loading={revoke.isPending}
        onClose={() => setRevoking(null)}
        onConfirm={() => revoking && revoke.mutate(revoking)}
      >
        <Text size="sm">
          Every system using the key {revoking?.clientId} loses access at once. This cannot be
          undone; create a new key to restore access.
        </Text>
      </ConfirmModal>
    </>
  );
}
