// Inserts personalization: profile attribute paths found in the sandbox, the profile's own
// fields, and the function library.
import {
  Badge,
  Button,
  Divider,
  Group,
  NavLink,
  Popover,
  ScrollArea,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { IconBraces, IconSearch } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { audienceAttributes } from '../api/audiences.ts';
import { listFunctions, type FunctionInfo } from '../api/content.ts';
import { useSession } from '../auth/session.ts';

const PROFILE_FIELDS = [
  { path: 'profile.profileId', type: 'id' },
  { path: 'profile.identities.email', type: 'identity' },
  { path: 'profile.identities.phone', type: 'identity' },
  { path: 'profile.timezone', type: 'string' },
  { path: 'profile.language', type: 'string' },
];

function callOf(fn: FunctionInfo): string {
  const count = Math.max(fn.minArgs, 1);
  const args = Array.from({ length: count }, (_, i) => (i === 0 ? 'profile.' : `arg${i + 1}`));
  return `{%= ${fn.name}(${args.join(', ')}) %}`;
}

export function PersonalizationPicker({ onPick }: { onPick: (text: string) => void }) {
  const { sandbox, can } = useSession();
  const [opened, setOpened] = useState(false);
  const [search, setSearch] = useState('');
  const attributes = useQuery({
    queryKey: ['audiences', sandbox, 'attributes'],
    queryFn: audienceAttributes,
    enabled: opened && can('audiences.read'),
  });
  const functions = useQuery({
    queryKey: ['content', 'functions'],
    queryFn: listFunctions,
    enabled: opened,
    staleTime: Infinity,
  });
  const needle = search.trim().toLowerCase();
  const paths = [
    ...(attributes.data?.items ?? []).map((item) => ({
      path: `profile.${item.path}`,
      type: item.type,
    })),
    ...PROFILE_FIELDS,
  ].filter((item) => item.path.toLowerCase().includes(needle));
  const fns = (functions.data?.items ?? []).filter((fn) => fn.name.toLowerCase().includes(needle));
  const pick = (text: string) => {
    onPick(text);
    setOpened(false);
  };

  return (
    <Popover opened={opened} onChange={setOpened} width={380} position="bottom-end" shadow="md">
      <Popover.Target>
        <Button
          size="xs"
          variant="light"
          leftSection={<IconBraces size={14} />}
          onClick={() => setOpened((open) => !open)}
        >
          Personalize
        </Button>
      </Popover.Target>
      <Popover.Dropdown>
        <Stack gap="xs">
          <TextInput
            size="xs"
            placeholder="Search attributes and functions"
            aria-label="Search attributes and functions"
            leftSection={<IconSearch size={14} />}
            value={search}
            onChange={(event) => setSearch(event.currentTarget.value)}
            data-autofocus
          />
          <ScrollArea.Autosize mah={320}>
            <Text size="xs" fw={600} c="dimmed" mb={4}>
              Profile attributes
            </Text>
            {paths.length === 0 && (
              <Text size="xs" c="dimmed">
                No attribute matches.
              </Text>
            )}
            {paths.map((item) => (
              <NavLink
                key={item.path}
                label={<Text size="xs" ff="monospace">{`{{${item.path}}}`}</Text>}
                rightSection={
                  <Badge size="xs" variant="light" color="gray">
                    {item.type}
                  </Badge>
                }
                onClick={() => pick(`{{${item.path}}}`)}
                py={2}
              />
            ))}
            <Divider my="xs" />
            <Text size="xs" fw={600} c="dimmed" mb={4}>
              Functions
            </Text>
            {functions.data && fns.length === 0 && (
              <Text size="xs" c="dimmed">
                No function matches.
              </Text>
            )}
            {fns.map((fn) => (
              <NavLink
                key={fn.name}
                label={
                  <Group gap={6}>
                    <Text size="xs" ff="monospace">
                      {fn.name}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {fn.maxArgs === -1
                        ? `${fn.minArgs}+ args`
                        : fn.minArgs === fn.maxArgs
                          ? `${fn.minArgs} args`
                          : `${fn.minArgs}–${fn.maxArgs} args`}
                    </Text>
                  </Group>
                }
                onClick={() => pick(callOf(fn))}
                py={2}
              />
            ))}
          </ScrollArea.Autosize>
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}
