import { NavLink, ScrollArea, Text } from '@mantine/core';
import {
  IconChartBar,
  IconFileText,
  IconSend,
  IconSettings,
  IconShieldCheck,
  IconSpeakerphone,
  IconUserCircle,
  IconUsersGroup,
  type Icon,
} from '@tabler/icons-react';
import { useState } from 'react';
import { Link, useLocation } from 'react-router-dom';
import { useSession } from '../auth/session.ts';
import { visibleNavigation, type NavGroup } from './navigation.ts';

const ICONS: Record<NavGroup['icon'], Icon> = {
  campaigns: IconSpeakerphone,
  audiences: IconUsersGroup,
  profiles: IconUserCircle,
  content: IconFileText,
  channels: IconSend,
  governance: IconShieldCheck,
  reports: IconChartBar,
  admin: IconSettings,
};

function isWithin(pathname: string, path: string): boolean {
  return pathname === path || pathname.startsWith(`${path}/`);
}

export function NavMenu() {
  const { can } = useSession();
  const { pathname } = useLocation();
  const groups = visibleNavigation(can);
  const activeGroup = groups.find((group) =>
    group.items.some((item) => isWithin(pathname, item.path)),
  )?.label;
  const [opened, setOpened] = useState<Record<string, boolean>>({});

  return (
    <ScrollArea component="nav" aria-label="Areas" type="scroll">
      {groups.length === 0 && (
        <Text size="sm" c="dimmed" p="sm">
          Your roles in this sandbox open no areas yet.
        </Text>
      )}
      {groups.map((group) => {
        const GroupIcon = ICONS[group.icon];
        const single = group.items.length === 1 ? group.items[0] : undefined;
        if (single) {
          return (
            <NavLink
              key={group.label}
              component={Link}
              to={single.path}
              // A group the user sees one entry of shows that entry ("Datasets", not "Administration").
              label={single.label}
              leftSection={<GroupIcon size={18} stroke={1.6} />}
              active={isWithin(pathname, single.path)}
            />
          );
        }
        const isOpen = opened[group.label] ?? group.label === activeGroup;
        return (
          <NavLink
            key={group.label}
            label={group.label}
            leftSection={<GroupIcon size={18} stroke={1.6} />}
            opened={isOpen}
            onChange={(next) => setOpened((state) => ({ ...state, [group.label]: next }))}
            childrenOffset={28}
          >
            {group.items.map((item) => (
              <NavLink
                key={item.path}
                component={Link}
                to={item.path}
                label={item.label}
                active={isWithin(pathname, item.path)}
              />
            ))}
          </NavLink>
        );
      })}
    </ScrollArea>
  );
}
