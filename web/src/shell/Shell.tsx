// The frame around every signed-in page: top bar, left navigation, and the page itself.
import { AppShell, Burger, Group, Text, ThemeIcon, UnstyledButton } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconSpeakerphone } from '@tabler/icons-react';
import { useEffect } from 'react';
import { Link, useLocation } from 'react-router-dom';
import { ApprovalsButton } from '../campaigns/ApprovalsButton.tsx';
import { NavMenu } from './NavMenu.tsx';
import { SandboxSwitcher } from './SandboxSwitcher.tsx';
import { ShellRoutes } from './ShellRoutes.tsx';
import { UserMenu } from './UserMenu.tsx';

export function Shell() {
  const [opened, { toggle, close }] = useDisclosure(false);
  const location = useLocation();
  useEffect(close, [location.pathname, close]);

  return (
    <AppShell
      header={{ height: 60 }}
      navbar={{ width: 260, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding="lg"
    >
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger
              opened={opened}
              onClick={toggle}
              hiddenFrom="sm"
              size="sm"
              aria-label="Toggle navigation"
            />
            <UnstyledButton component={Link} to="/" aria-label="Clarion home">
              <Group gap={8} wrap="nowrap">
                <ThemeIcon size={32} radius="md" variant="filled">
                  <IconSpeakerphone size={18} />
                </ThemeIcon>
                <Text fw={700} size="lg">
                  Clarion
                </Text>
              </Group>
            </UnstyledButton>
          </Group>
          <Group gap="md" wrap="nowrap">
            <SandboxSwitcher />
            <ApprovalsButton />
            <UserMenu />
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label="Main navigation">
        <NavMenu />
      </AppShell.Navbar>
      <AppShell.Main bg="gray.0">
        <ShellRoutes />
      </AppShell.Main>
    </AppShell>
  );
}
