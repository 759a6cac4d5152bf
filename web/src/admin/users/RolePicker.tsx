// Role assignments as a form control: Platform Administrator (every sandbox) plus, per sandbox,
// any of the per-sandbox roles.
import { Checkbox, MultiSelect, Stack, Text } from '@mantine/core';
import type { Role } from '../../../../src/platform/permissions.ts';
import type { RoleAssignment } from '../../api/admin.ts';
import { GLOBAL_ADMIN, SANDBOX_ROLE_OPTIONS, roleTitle } from '../roles.ts';

interface RolePickerProps {
  sandboxes: readonly { name: string; title: string }[];
  value: RoleAssignment[];
  onChange: (value: RoleAssignment[]) => void;
  error?: string | null | undefined;
}

export function RolePicker({ sandboxes, value, onChange, error }: RolePickerProps) {
  const isAdmin = value.some((a) => a.sandbox === null && a.role === GLOBAL_ADMIN);
  const setAdmin = (checked: boolean) => {
    const others = value.filter((a) => a.sandbox !== null);
    onChange(checked ? [{ sandbox: null, role: GLOBAL_ADMIN }, ...others] : others);
  };
  const setSandboxRoles = (sandbox: string, roles: Role[]) => {
    const others = value.filter((a) => a.sandbox !== sandbox);
    onChange([...others, ...roles.map((role) => ({ sandbox, role }))]);
  };

  return (
    <Stack gap="sm">
      <Text fw={500} size="sm">
        Roles
      </Text>
      <Checkbox
        label={roleTitle(GLOBAL_ADMIN)}
        description="Holds every permission in every sandbox, including managing users, sandboxes and API keys."
        checked={isAdmin}
        onChange={(event) => setAdmin(event.currentTarget.checked)}
      />
      {sandboxes.map((sandbox) => {
        const selected = value.filter((a) => a.sandbox === sandbox.name).map((a) => a.role);
        return (
          <MultiSelect<Role>
            key={sandbox.name}
            label={`Roles in ${sandbox.title} (${sandbox.name})`}
            placeholder={
              selected.length
                ? undefined
                : isAdmin
                  ? 'Covered by Platform Administrator'
                  : 'No roles in this sandbox'
            }
            data={SANDBOX_ROLE_OPTIONS}
            value={selected}
            onChange={(roles) => setSandboxRoles(sandbox.name, roles)}
            clearable
            comboboxProps={{ withinPortal: true }}
          />
        );
      })}
      {error && (
        <Text c="red" size="sm" role="alert">
          {error}
        </Text>
      )}
    </Stack>
  );
}
