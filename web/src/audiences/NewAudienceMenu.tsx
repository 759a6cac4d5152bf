// The three ways to make an audience: build a rule, upload a CSV, combine existing audiences.
import { Button, Menu } from '@mantine/core';
import {
  IconChevronDown,
  IconFilter,
  IconFileUpload,
  IconPlus,
  IconCirclesRelation,
} from '@tabler/icons-react';
import { Link } from 'react-router-dom';

export const NEW_AUDIENCE_PATHS = {
  rule: '/audiences/new',
  upload: '/audiences/new/upload',
  composition: '/audiences/new/combination',
} as const;

export function NewAudienceMenu() {
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <Button leftSection={<IconPlus size={18} />} rightSection={<IconChevronDown size={16} />}>
          New audience
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Item
          component={Link}
          to={NEW_AUDIENCE_PATHS.rule}
          leftSection={<IconFilter size={16} />}
        >
          Rule builder
        </Menu.Item>
        <Menu.Item
          component={Link}
          to={NEW_AUDIENCE_PATHS.upload}
          leftSection={<IconFileUpload size={16} />}
        >
          Upload a CSV
        </Menu.Item>
        <Menu.Item
          component={Link}
          to={NEW_AUDIENCE_PATHS.composition}
          leftSection={<IconCirclesRelation size={16} />}
        >
          Combine audiences
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
