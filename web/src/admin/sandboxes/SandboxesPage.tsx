import {
  Badge,
  Button,
  Center,
  EmptyState,
  Group,
  Loader,
  Paper,
  Table,
  Text,
} from '@mantine/core';
import { IconBox, IconPlus } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { DEFAULT_SANDBOX } from '../../api/client.ts';
import { listSandboxes, type Sandbox } from '../../api/admin.ts';
import { useSession } from '../../auth/session.ts';
import { formatDateTime } from '../../ui/format.ts';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { QueryError } from '../../ui/QueryError.tsx';
import { DeleteSandboxModal } from './DeleteSandboxModal.tsx';
import { SandboxFormModal } from './SandboxFormModal.tsx';

export function SandboxesPage() {
  const { can, sandbox: current } = useSession();
  const sandboxes = useQuery({ queryKey: ['sandboxes', current], queryFn: listSandboxes });
  const [editing, setEditing] = useState<Sandbox | 'new' | null>(null);
  const [deleting, setDeleting] = useState<Sandbox | null>(null);
  const canManage = can('sandboxes.manage');
  const rows = sandboxes.data?.items ?? [];

  return (
    <>
      <PageHeader
        title="Sandboxes"
        description="Separate spaces with their own profiles, campaigns, channels and API keys. Users get roles per sandbox."
        action={
          canManage && (
            <Button leftSection={<IconPlus size={18} />} onClick={() => setEditing('new')}>
              Create sandbox
            </Button>
          )
        }
      />
      <Paper withBorder radius="md" p="md">
        {sandboxes.isPending ? (
          <Center py="xl">
            <Loader aria-label="Loading sandboxes" />
          </Center>
        ) : sandboxes.isError ? (
          <QueryError error={sandboxes.error} onRetry={() => void sandboxes.refetch()} />
        ) : rows.length === 0 ? (
          <EmptyState
            py="xl"
            icon={<IconBox size={28} />}
            withIndicatorBackground
            title="No sandboxes"
            description="Create a sandbox to get started."
          />
        ) : (
          <Table.ScrollContainer minWidth={760}>
            <Table verticalSpacing="sm" highlightOnHover>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Name</Table.Th>
                  <Table.Th>Title</Table.Th>
                  <Table.Th>Description</Table.Th>
                  <Table.Th>Created</Table.Th>
                  {canManage && <Table.Th aria-label="Actions" />}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((sandbox) => (
                  <Table.Tr key={sandbox.id}>
                    <Table.Td>
                      <Group gap="xs" wrap="nowrap">
                        <Text ff="monospace" size="sm">
                          {sandbox.name}
                        </Text>
                        {sandbox.name === current && (
                          <Badge size="xs" variant="light">
                            current
                          </Badge>
                        )}
                      </Group>
                    </Table.Td>
                    <Table.Td fw={500}>{sandbox.title}</Table.Td>
                    <Table.Td maw={360}>
                      <Text size="sm" c={sandbox.description ? undefined : 'dimmed'} lineClamp={2}>
                        {sandbox.description || 'No description'}
                      </Text>
                    </Table.Td>
                    <Table.Td>{formatDateTime(sandbox.createdAt)}</Table.Td>
                    {canManage && (
                      <Table.Td>
                        <Group gap="xs" justify="flex-end" wrap="nowrap">
                          <Button
                            size="xs"
                            variant="subtle"
                            onClick={() => setEditing(sandbox)}
                            aria-label={`Edit ${sandbox.name}`}
                          >
                            Edit
                          </Button>
                          {sandbox.name !== DEFAULT_SANDBOX && (
                            <Button
                              size="xs"
                              variant="subtle"
                              color="red"
                              onClick={() => setDeleting(sandbox)}
                              aria-label={`Delete ${sandbox.name}`}
                            >
                              Delete
                            </Button>
                          )}
                        </Group>
                      </Table.Td>
                    )}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Paper>
      <SandboxFormModal target={editing} onClose={() => setEditing(null)} />
      <DeleteSandboxModal sandbox={deleting} onClose={() => setDeleting(null)} />
    </>
  );
}
