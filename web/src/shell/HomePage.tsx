import {
  Anchor,
  Badge,
  Card,
  Group,
  Paper,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { Link } from 'react-router-dom';
import { ROLE_DEFINITIONS } from '../../../src/platform/permissions.ts';
import { useSession } from '../auth/session.ts';
import { visibleNavigation } from './navigation.ts';

export function HomePage() {
  const { me, can } = useSession();
  const items = visibleNavigation(can).flatMap((group) => group.items);
  const ready = items.filter((item) => item.built);
  const later = items.filter((item) => !item.built);
  const roleTitles = me.roles.map((role) => ROLE_DEFINITIONS[role].title);

  return (
    <Stack gap="lg" maw={1100}>
      <Paper withBorder radius="md" p="lg">
        <Title order={2}>Welcome to Clarion</Title>
        <Text mt="xs">
          You are signed in as <b>{me.actor.label}</b>, working in the sandbox{' '}
          <b>
            {me.sandbox.title} ({me.sandbox.name})
          </b>
          .
        </Text>
        <Group gap="xs" mt="sm" align="center">
          <Text size="sm" c="dimmed">
            Your roles here:
          </Text>
          {roleTitles.length ? (
            roleTitles.map((title) => (
              <Badge key={title} variant="light">
                {title}
              </Badge>
            ))
          ) : (
            <Text size="sm">
              none — ask a Platform Administrator to give you a role in this sandbox.
            </Text>
          )}
        </Group>
      </Paper>

      {ready.length > 0 && (
        <section aria-labelledby="home-ready">
          <Title order={3} size="h4" id="home-ready" mb="sm">
            What you can use
          </Title>
          <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }}>
            {ready.map((item) => (
              <Card key={item.path} withBorder radius="md" padding="md">
                <Anchor component={Link} to={item.path} fw={600}>
                  {item.title}
                </Anchor>
                <Text size="sm" c="dimmed" mt={6}>
                  {item.description}
                </Text>
              </Card>
            ))}
          </SimpleGrid>
        </section>
      )}

      {later.length > 0 && (
        <section aria-labelledby="home-later">
          <Title order={3} size="h4" id="home-later">
            Coming in later versions
          </Title>
          <Text size="sm" c="dimmed" mb="sm">
            Your roles open these areas, but this version of Clarion does not have them yet.
          </Text>
          <Paper withBorder radius="md">
            <Table verticalSpacing="xs" horizontalSpacing="md">
              <Table.Tbody>
                {later.map((item) => (
                  <Table.Tr key={item.path}>
                    <Table.Td w={260}>
                      <Anchor component={Link} to={item.path} size="sm" fw={500}>
                        {item.title}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" c="dimmed">
                        {item.description}
                      </Text>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Paper>
        </section>
      )}
    </Stack>
  );
}
