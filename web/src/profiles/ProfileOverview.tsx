import { Code, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import type { Profile } from '../api/profiles.ts';
import { formatDateTime } from '../ui/format.ts';
import { AttributesTree } from './AttributesTree.tsx';
import { useNamespaces } from './ProfileFilterBar.tsx';

function Fact({ label, value }: { label: string; value: string | null }) {
  return (
    <div>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text size="sm" c={value ? undefined : 'dimmed'}>
        {value ?? 'Not set'}
      </Text>
    </div>
  );
}

export function ProfileOverview({ profile }: { profile: Profile }) {
  const namespaces = useNamespaces();
  const titleOf = (code: string) =>
    namespaces.data?.items.find((namespace) => namespace.code === code)?.title ?? code;
  return (
    <Stack gap="lg">
      <Paper withBorder radius="md" p="lg">
        <SimpleGrid cols={{ base: 2, md: 5 }}>
          <Fact label="Time zone" value={profile.timezone} />
          <Fact label="Language" value={profile.language} />
          <Fact label="Test profile" value={profile.testProfile ? 'Yes' : 'No'} />
          <Fact label="Created" value={formatDateTime(profile.createdAt)} />
          <Fact label="Updated" value={formatDateTime(profile.updatedAt)} />
        </SimpleGrid>
      </Paper>
      <Paper withBorder radius="md" p="lg">
        <Title order={3} size="h4" mb="sm">
          Identities
        </Title>
        <Table verticalSpacing="xs" maw={720}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Namespace</Table.Th>
              <Table.Th>Value</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {profile.identities.map((identity) => (
              <Table.Tr key={`${identity.namespace}:${identity.value}`}>
                <Table.Td>
                  {titleOf(identity.namespace)}{' '}
                  <Text span size="xs" c="dimmed">
                    ({identity.namespace})
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Code>{identity.value}</Code>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Paper>
      <Paper withBorder radius="md" p="lg">
        <Title order={3} size="h4" mb="sm">
          Attributes
        </Title>
        <AttributesTree attributes={profile.attributes} />
      </Paper>
    </Stack>
  );
}
