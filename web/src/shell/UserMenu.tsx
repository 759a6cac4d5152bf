import { Avatar, Button, Menu, Text } from '@mantine/core';
import { IconChevronDown, IconLogout } from '@tabler/icons-react';
import { useState } from 'react';
import { useSession } from '../auth/session.ts';
import { notifyFailure } from '../ui/notify.ts';

export function UserMenu() {
  const { me, signOut } = useSession();
  const [busy, setBusy] = useState(false);
  const label = me.actor.label;

  const leave = async () => {
    setBusy(true);
    try {
      await signOut();
    } catch (error) {
      notifyFailure('Could not sign out', error);
      setBusy(false);
    }
  };

  return (
    <Menu position="bottom-end" width={240} withinPortal>
      <Menu.Target>
        <Button
          variant="subtle"
          color="gray"
          loading={busy}
          leftSection={<Avatar size={26} radius="xl" color="blue" name={label} />}
          rightSection={<IconChevronDown size={14} />}
          aria-label={`Account menu for ${label}`}
        >
          <Text size="sm" visibleFrom="md" truncate maw={200}>
            {label}
          </Text>
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>Signed in as</Menu.Label>
        <Text size="sm" px="sm" pb="xs" truncate>
          {label}
        </Text>
        <Menu.Divider />
        <Menu.Item leftSection={<IconLogout size={16} />} onClick={() => void leave()}>
          Sign out
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
