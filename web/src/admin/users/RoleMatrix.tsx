// A user's role assignments as a grid: per-sandbox roles down, sandboxes across, plus the one
// global role. Saving replaces all assignments at once.
import { Alert, Button, Checkbox, Group, Stack, Table, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { Role } from '../../../../src/platform/permissions.ts';
import { setUserRoles, type RoleAssignment, type User } from '../../api/admin.ts';
import { serverErrors } from '../../api/forms.ts';
import { useSession } from '../../auth/session.ts';
import { notifySuccess } from '../../ui/notify.ts';
import { GLOBAL_ADMIN, SANDBOX_ROLES, roleTitle } from '../roles.ts';

const keyOf = (a: RoleAssignment) => `${a.sandbox ?? '*'}:${a.role}`;

function sameAssignments(a: readonly RoleAssignment[], b: readonly RoleAssignment[]): boolean {
  const left = new Set(a.map(keyOf));
  return a.length === b.length && b.every((item) => left.has(keyOf(item)));
}

export function RoleMatrix({ user, canEdit }: { user: User; canEdit: boolean }) {
  const { me, sandbox } = useSession();
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<RoleAssignment[]>(user.roles);
  const save = useMutation({
    mutationFn: () => setUserRoles(user.id, draft),
    onSuccess: async (saved) => {
      queryClient.setQueryData(['user', sandbox, saved.id], saved);
      await queryClient.invalidateQueries({ queryKey: ['users'] });
      await queryClient.invalidateQueries({ queryKey: ['me'] });
      notifySuccess(`Roles of ${saved.email} were saved.`);
    },
  });

  const known = me.sandboxes.map((s) => ({ name: s.name, title: s.title }));
  const extra = [
    ...new Set(
      user.roles.flatMap((a) =>
        a.sandbox !== null && !known.some((s) => s.name === a.sandbox) ? [a.sandbox] : [],
      ),
    ),
  ];
  const sandboxes = [...known, ...extra.map((name) => ({ name, title: name }))];
  const has = (scope: string | null, role: Role) =>
    draft.some((a) => a.sandbox === scope && a.role === role);
  const toggle = (scope: string | null, role: Role, on: boolean) =>
    setDraft((current) =>
      on
        ? [...current, { sandbox: scope, role }]
        : current.filter((a) => !(a.sandbox === scope && a.role === role)),
    );
  const dirty = !sameAssignments(draft, user.roles);
  const general = save.isError ? serverErrors(save.error, []).general : null;

  return (
    <Stack>
      <Checkbox
        label={roleTitle(GLOBAL_ADMIN)}
        description="Every permission in every sandbox, including users, sandboxes and API keys."
        checked={has(null, GLOBAL_ADMIN)}
        disabled={!canEdit}
        onChange={(event) => toggle(null, GLOBAL_ADMIN, event.currentTarget.checked)}
      />
      <Table.ScrollContainer minWidth={240 + sandboxes.length * 120}>
        <Table withTableBorder withColumnBorders striped verticalSpacing="xs">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Role</Table.Th>
              {sandboxes.map((s) => (
                <Table.Th key={s.name} ta="center">
                  {s.title}
                  <Text size="xs" c="dimmed" ff="monospace">
                    {s.name}
                  </Text>
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {SANDBOX_ROLES.map((role) => (
              <Table.Tr key={role}>
                <Table.Th scope="row" fw={500}>
                  {roleTitle(role)}
                </Table.Th>
                {sandboxes.map((s) => (
                  <Table.Td key={s.name}>
                    <Group justify="center">
                      <Checkbox
                        aria-label={`${roleTitle(role)} in ${s.name}`}
                        checked={has(s.name, role)}
                        disabled={!canEdit}
                        onChange={(event) => toggle(s.name, role, event.currentTarget.checked)}
                      />
                    </Group>
                  </Table.Td>
                ))}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {general && (
        <Alert color="red" role="alert">
          {general}
        </Alert>
      )}
      {canEdit && (
        <Group justify="flex-end">
          <Button
            variant="default"
            disabled={!dirty || save.isPending}
            onClick={() => setDraft(user.roles)}
          >
            Undo changes
          </Button>
          <Button disabled={!dirty} loading={save.isPending} onClick={() => save.mutate()}>
            Save roles
          </Button>
        </Group>
      )}
    </Stack>
  );
}
