import { Badge, Button, Center, Code, EmptyState, Loader, Table, Text } from '@mantine/core';
import { IconKey } from '@tabler/icons-react';
import type { ApiKey } from '../../api/admin.ts';
import { formatDateTime } from '../../ui/format.ts';
import { roleTitle } from '../roles.ts';

interface ApiKeysTableProps {
  keys: ApiKey[];
  loading: boolean;
  includeRevoked: boolean;
  onRevoke: ((key: ApiKey) => void) | undefined;
  onCreate: (() => void) | undefined;
}

export function ApiKeysTable({
  keys,
  loading,
  includeRevoked,
  onRevoke,
  onCreate,
}: ApiKeysTableProps) {
  if (loading) {
    return (
      <Center py="xl">
        <Loader aria-label="Loading API keys" />
      </Center>
    );
  }
  if (keys.length === 0) {
    return (
      <EmptyState
        py="xl"
        icon={<IconKey size={28} />}
        withIndicatorBackground
        title={includeRevoked ? 'No API keys in this sandbox' : 'No active API keys'}
        description="Create a key for each system that calls the Clarion API, with the least role it needs."
      >
        {onCreate && (
          <EmptyState.Actions>
            <Button onClick={onCreate}>Create API key</Button>
          </EmptyState.Actions>
        )}
      </EmptyState>
    );
  }
  return (
    <Table.ScrollContainer minWidth={900}>
      <Table verticalSpacing="sm" highlightOnHover style={{ whiteSpace: 'nowrap' }}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Name</Table.Th>
            <Table.Th>Client id</Table.Th>
            <Table.Th>Role</Table.Th>
            <Table.Th>Created</Table.Th>
            <Table.Th>Created by</Table.Th>
            <Table.Th>Last used</Table.Th>
            <Table.Th>Status</Table.Th>
            {onRevoke && <Table.Th aria-label="Actions" />}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {keys.map((key) => (
            <Table.Tr key={key.id}>
              <Table.Td fw={500} style={{ whiteSpace: 'normal' }}>
                {key.name}
              </Table.Td>
              <Table.Td>
                <Code>{key.clientId}</Code>
              </Table.Td>
              <Table.Td>{roleTitle(key.role)}</Table.Td>
              <Table.Td>{formatDateTime(key.createdAt)}</Table.Td>
              <Table.Td>
                {key.createdBy ?? (
                  <Text span c="dimmed" size="sm">
                    System
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                <Text size="sm" c={key.lastUsedAt ? undefined : 'dimmed'}>
                  {formatDateTime(key.lastUsedAt)}
                </Text>
              </Table.Td>
              <Table.Td>
                {key.revokedAt ? (
                  <Badge
                    miw="max-content"
                    color="gray"
                    variant="light"
                    title={`Revoked ${formatDateTime(key.revokedAt)}`}
                  >
                    Revoked
                  </Badge>
                ) : (
                  <Badge miw="max-content" color="green" variant="light">
                    Active
                  </Badge>
                )}
              </Table.Td>
              {onRevoke && (
                <Table.Td ta="right">
                  {!key.revokedAt && (
                    <Button
                      size="xs"
                      variant="subtle"
                      color="red"
                      onClick={() => onRevoke(key)}
                      aria-label={`Revoke ${key.name}`}
                    >
                      Revoke
                    </Button>
                  )}
                </Table.Td>
              )}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
