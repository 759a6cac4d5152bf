// A few members of an audience: who they are, their name and loyalty tier.
import { Anchor, Table, Text } from '@mantine/core';
import { Link } from 'react-router-dom';
import type { Profile } from '../api/profiles.ts';
import { identityIn, mainIdentity, personName } from '../profiles/identity.ts';

function tierOf(profile: Profile): string | null {
  const loyalty = profile.attributes.loyalty;
  if (typeof loyalty !== 'object' || loyalty === null || !('tier' in loyalty)) return null;
  const tier: unknown = loyalty.tier;
  return typeof tier === 'string' || typeof tier === 'number' ? String(tier) : null;
}

const dash = (
  <Text span size="sm" c="dimmed">
    —
  </Text>
);

export function MembersTable({ profiles, label }: { profiles: readonly Profile[]; label: string }) {
  if (profiles.length === 0)
    return (
      <Text size="sm" c="dimmed">
        No profile matches.
      </Text>
    );
  return (
    <Table.ScrollContainer minWidth={260}>
      <Table verticalSpacing={6} fz="sm" aria-label={label}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Email</Table.Th>
            <Table.Th>Name</Table.Th>
            <Table.Th>Tier</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {profiles.map((profile) => (
            <Table.Tr key={profile.id}>
              <Table.Td>
                <Anchor component={Link} to={`/profiles/${profile.id}`} size="sm">
                  {identityIn(profile, 'email') ?? mainIdentity(profile)}
                </Anchor>
              </Table.Td>
              <Table.Td>{personName(profile) ?? dash}</Table.Td>
              <Table.Td>{tierOf(profile) ?? dash}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
