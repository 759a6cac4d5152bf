import { Group, Select, Text } from '@mantine/core';
import { IconBox } from '@tabler/icons-react';
import { useSession } from '../auth/session.ts';

/** Which sandbox every screen shows; the choice is remembered on this browser. */
export function SandboxSwitcher() {
  const { me, sandbox, switchSandbox } = useSession();
  const data = me.sandboxes.map((s) => ({
    value: s.name,
    label: s.title === s.name ? s.name : `${s.title} (${s.name})`,
  }));
  if (!data.some((option) => option.value === me.sandbox.name)) {
    data.unshift({ value: me.sandbox.name, label: `${me.sandbox.title} (${me.sandbox.name})` });
  }
  return (
    <Group gap={8} wrap="nowrap">
      <Text component="label" htmlFor="sandbox-switcher" size="sm" fw={500} visibleFrom="xs">
        Sandbox
      </Text>
      <Select
        id="sandbox-switcher"
        aria-label="Sandbox"
        data={data}
        value={sandbox}
        onChange={(value) => {
          if (value && value !== sandbox) switchSandbox(value);
        }}
        allowDeselect={false}
        leftSection={<IconBox size={16} />}
        w={220}
        comboboxProps={{ withinPortal: true }}
      />
    </Group>
  );
}
