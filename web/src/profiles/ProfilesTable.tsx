import {
  Anchor,
  Badge,
  Button,
  Center,
  EmptyState,
  Group,
  Loader,
  Table,
  Text,
} from '@mantine/core';
import { IconUserCircle } from '@tabler/icons-react';
import { Link, useNavigate } from 'react-router-dom';
import { CHANNELS, type Profile } from '../api/profiles.ts';
import { formatDateTime } from '../ui/format.ts';
import { ConsentBadge } from './ConsentBadge.tsx';
import { identityIn, mainIdentity, personName } from './identity.ts';

interface ProfilesTableProps {
  profiles: Profile[];
  loading: boolean;
  filtered: boolean;
  onClearFilters: () => void;
  canImport: boolean;
}

function Dimmed({ children }: { children: string }) {
  return (
    <Text span size="sm" c="dimmed">
      {children}
    </Text>
  );
}

function ConsentSummary({ profile }: { profile: Profile }) {
  const known = CHANNELS.filter((channel) => profile.consent[channel].status !== 'unknown');
  if (known.length === 0) return <Dimmed>None recorded</Dimmed>;
  return (
    <Group gap={4} wrap="nowrap">
      {known.map((channel) => (
        <ConsentBadge key={channel} channel={channel} status={profile.consent[channel].status} />
      ))}
    </Group>
  );
}

export function ProfilesTable(props: ProfilesTableProps) {
  const navigate = useNavigate();
  if (props.loading) {
    return (
      <Center py="xl">
        <Loader aria-label="Loading profiles" />
      </Center>
    );
  }
  if (props.profiles.length === 0) {
    return props.filtered ? (
      <EmptyState
        py="xl"
        icon={<IconUserCircle size={28} />}
        withIndicatorBackground
        title="No profiles match"
        description="Try a shorter identity prefix, another namespace or another attribute value."
      >
        <EmptyState.Actions>
          <Button variant="light" onClick={props.onClearFilters}>
            Clear filters
          </Button>
        </EmptyState.Actions>
      </EmptyState>
    ) : (
      <EmptyState
        py="xl"
        icon={<IconUserCircle size={28} />}
        withIndicatorBackground
        title="No profiles yet"
        description="Import profiles from a CSV or NDJSON file first, or send them to the API (POST /profiles)."
      >
        {props.canImport && (
          <EmptyState.Actions>
            <Button component={Link} to="/profiles/import">
              Import profiles
            </Button>
          </EmptyState.Actions>
        )}
      </EmptyState>
    );
  }
  return (
    <Table.ScrollContainer minWidth={980}>
      <Table highlightOnHover verticalSpacing="sm">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Profile</Table.Th>
            <Table.Th>Phone</Table.Th>
            <Table.Th>CRM id</Table.Th>
            <Table.Th>Name</Table.Th>
            <Table.Th>Consent</Table.Th>
            <Table.Th>Updated</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {props.profiles.map((profile) => {
            const to = `/profiles/${profile.id}`;
            return (
              <Table.Tr
                key={profile.id}
                onClick={() => void navigate(to)}
                style={{ cursor: 'pointer' }}
              >
                <Table.Td>
                  <Group gap={6} wrap="nowrap">
                    <Anchor
                      component={Link}
                      to={to}
                      size="sm"
                      onClick={(event) => event.stopPropagation()}
                    >
                      {identityIn(profile, 'email') ?? mainIdentity(profile)}
                    </Anchor>
                    {profile.testProfile && (
                      <Badge size="xs" color="grape" variant="light">
                        Test
                      </Badge>
                    )}
                  </Group>
                </Table.Td>
                <Table.Td>{identityIn(profile, 'phone') ?? <Dimmed>—</Dimmed>}</Table.Td>
                <Table.Td>{identityIn(profile, 'crmId') ?? <Dimmed>—</Dimmed>}</Table.Td>
                <Table.Td>{personName(profile) ?? <Dimmed>—</Dimmed>}</Table.Td>
                <Table.Td>
                  <ConsentSummary profile={profile} />
                </Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  {formatDateTime(profile.updatedAt)}
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
