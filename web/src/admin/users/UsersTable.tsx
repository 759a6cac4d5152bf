import { Anchor, Button, EmptyState, Loader, Center, Table, Text } from '@mantine/core';
import { IconUsers } from '@tabler/icons-react';
import { Link, useNavigate } from 'react-router-dom';
import type { User } from '../../api/admin.ts';
import { formatDateTime } from '../../ui/format.ts';
import { summarizeRoles } from '../roles.ts';
import { UserStatusBadge } from './UserStatusBadge.tsx';

interface UsersTableProps {
  users: User[];
  loading: boolean;
  filtered: boolean;
  onClearFilters: () => void;
  onAdd: (() => void) | undefined;
}

export function UsersTable({ users, loading, filtered, onClearFilters, onAdd }: UsersTableProps) {
  const navigate = useNavigate();
  if (loading) {
    return (
      <Center py="xl">
        <Loader aria-label="Loading users" />
      </Center>
    );
  }
  if (users.length === 0) {
    return filtered ? (
      <EmptyState
        py="xl"
        icon={<IconUsers size={28} />}
        withIndicatorBackground
        title="No users match"
        description="Try another search or status."
      >
        <EmptyState.Actions>
          <Button variant="light" onClick={onClearFilters}>
            Clear filters
          </Button>
        </EmptyState.Actions>
      </EmptyState>
    ) : (
      <EmptyState
        py="xl"
        icon={<IconUsers size={28} />}
        withIndicatorBackground
        title="No users yet"
        description="Add a user and give them a role in a sandbox."
      >
        {onAdd && (
          <EmptyState.Actions>
            <Button onClick={onAdd}>Add user</Button>
          </EmptyState.Actions>
        )}
      </EmptyState>
    );
  }
  return (
    <Table.ScrollContainer minWidth={760}>
      <Table highlightOnHover verticalSpacing="sm">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Email</Table.Th>
            <Table.Th>Name</Table.Th>
            <Table.Th>Status</Table.Th>
            <Table.Th>Roles</Table.Th>
            <Table.Th>Last sign-in</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {users.map((user) => (
            <Table.Tr
              key={user.id}
              onClick={() => void navigate(`/admin/users/${user.id}`)}
              style={{ cursor: 'pointer' }}
            >
              <Table.Td>
                <Anchor
                  component={Link}
                  to={`/admin/users/${user.id}`}
                  size="sm"
                  onClick={(event) => event.stopPropagation()}
                >
                  {user.email}
                </Anchor>
              </Table.Td>
              <Table.Td>{user.name}</Table.Td>
              <Table.Td>
                <UserStatusBadge status={user.status} />
              </Table.Td>
              <Table.Td maw={360}>
                <Text size="sm" lineClamp={2}>
                  {summarizeRoles(user.roles)}
                </Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm" c={user.lastLoginAt ? undefined : 'dimmed'}>
                  {formatDateTime(user.lastLoginAt)}
                </Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
